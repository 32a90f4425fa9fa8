/**
 * SLA figures over requests received in a period (TIDA-H2, H3), for the staff API and reports.
 * Reads only non-personal columns.
 */
import type { Clock } from '../domain/clock.ts';
import { slaMetrics } from '../domain/metrics.ts';
import type { SlaMetrics } from '../domain/metrics.ts';
import type { Transact } from '../db/database.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';

export async function reportSlaMetrics(
  deps: { transact: Transact; requests: RequestsRepository; clock: Clock },
  period: { from: Date; to: Date },
): Promise<SlaMetrics & { from: string; to: string }> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const facts = await deps.transact((trx) => deps.requests.facts(trx, from, to));
  return { from, to, ...slaMetrics(facts, deps.clock.now()) };
}
