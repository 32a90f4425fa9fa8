/**
 * The node's health for `/api/ready`, `/metrics` and the console banner: one snapshot of the
 * shared tables (or none, when the database does not answer) judged with this node's index.
 */
import type { Executor } from '../db/database.ts';
import type { OperationsRepository } from '../db/repositories/operations-repository.ts';
import type { Clock } from '../domain/clock.ts';
import { judgeOperationalStatus } from '../domain/operational-status.ts';
import type { IndexFacts, OperationalStatus, OperationsSnapshot } from '../domain/operational-status.ts';

export interface OperationalStatusDeps {
  db: Executor;
  operations: OperationsRepository;
  index: () => IndexFacts;
  clock: Clock;
}

export async function reportOperationalStatus(deps: OperationalStatusDeps): Promise<OperationalStatus> {
  const now = deps.clock.now();
  let snapshot: OperationsSnapshot | null;
  try {
    snapshot = await deps.operations.snapshot(deps.db, now);
  } catch {
    snapshot = null; // reported as an unreachable database, never thrown at a probe
  }
  return judgeOperationalStatus({ database: snapshot, index: deps.index() }, now);
}
