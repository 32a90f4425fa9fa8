/**
 * The transparency report for a period (H2-H4, DSA Art. 15/24): one read of non-personal facts,
 * judged by the domain. The CLI (`redress report`) and the console's Reports page present it.
 */
import type { Executor } from '../db/database.ts';
import type { TransparencyRepository } from '../db/repositories/transparency-repository.ts';
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { transparencyReport } from '../domain/transparency.ts';
import type { TransparencyReport } from '../domain/transparency.ts';

export interface TransparencyDeps {
  db: Executor;
  transparency: TransparencyRepository;
  clock: Clock;
}

export async function reportTransparency(
  deps: TransparencyDeps,
  period: { from: Date; to: Date },
): Promise<TransparencyReport> {
  if (!(period.from.getTime() < period.to.getTime())) {
    throw new AppError('invalid_input', 'the report period must start before it ends', { field: 'from' });
  }
  const facts = await deps.transparency.facts(deps.db, period.from.toISOString(), period.to.toISOString());
  return transparencyReport(facts, period, deps.clock.now());
}
