/**
 * Signs a checkpoint of the audit chain's head (sequence number, head hash, time) when one is due
 * (after `everyEvents` events, or `everyMinutes` while events arrive; `force` for the command
 * line) and queues its delivery to each configured witness, in one transaction: the record and
 * the outbox jobs commit together, and a second worker making the same checkpoint adds nothing.
 */
import { checkpointDocument, checkpointDue, checkpointMessage } from '../domain/audit-checkpoint.ts';
import type { Checkpoint, CheckpointPolicy } from '../domain/audit-checkpoint.ts';
import type { Clock } from '../domain/clock.ts';
import type { Transact } from '../db/database.ts';
import type { AuditCheckpointsRepository } from '../db/repositories/audit-checkpoints-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { SigningKey } from '../security/derived-keys.ts';

export interface CheckpointDeps {
  transact: Transact;
  checkpoints: AuditCheckpointsRepository;
  jobs: JobsRepository;
  clock: Clock;
  signer: SigningKey;
  /** `file` for the witness file, or a URL. */
  witnesses: readonly string[];
  policy: CheckpointPolicy;
}

/** The new checkpoint, or null when none was due (or the head has not moved since the last). */
export async function checkpointAuditHead(
  deps: CheckpointDeps,
  options: { force?: boolean } = {},
): Promise<Checkpoint | null> {
  return deps.transact(async (trx) => {
    const now = deps.clock.now();
    const head = await deps.checkpoints.head(trx);
    const last = await deps.checkpoints.latest(trx);
    const due = options.force ? head.seq > (last?.seq ?? 0) : checkpointDue(last, head.seq, now, deps.policy);
    if (!due) return null;
    const unsigned = { seq: head.seq, headHash: head.hash, at: now.toISOString(), keyId: deps.signer.keyId };
    const checkpoint = { ...unsigned, signature: deps.signer.sign(checkpointMessage(unsigned)) };
    if (!(await deps.checkpoints.insert(trx, checkpoint))) return null;
    const document = checkpointDocument(checkpoint, deps.signer.publicKey);
    await deps.jobs.enqueue(
      trx,
      deps.witnesses.map((witness) => ({
        type: 'audit.witness' as const,
        payload: { witness, checkpoint: document },
        runAt: now,
        maxAttempts: 12,
        dedupeKey: `audit.witness:${checkpoint.seq}:${witness}`,
      })),
      now,
    );
    return checkpoint;
  });
}
