/**
 * The deadline sweeper (TIDA-D1, D2). For every open request (and every request closed in the
 * last week, so a stage missed during an outage is still recorded) it fires each escalation
 * stage whose time has come and whose milestone was not met by then: one `escalations` row (primary key
 * request+stage, so a stage fires once however often or however many workers sweep), one audit
 * event and one staff notification job, in one transaction. It keeps no state in memory, so a
 * restart simply resumes; a stage missed while no worker ran fires at the next sweep.
 */
import { dueStages, stageDueAt } from '../domain/clock.ts';
import type { Clock, EscalationStage, StageHours } from '../domain/clock.ts';
import { OPEN_STATUSES } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';

export interface SweepDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  clock: Clock;
  hours: StageHours;
}

/** How far back closed requests are re-checked for stages missed during an outage. */
export const SWEEP_LOOKBACK_MS = 7 * 86_400_000;

function progressOf(r: { assigned_at: string | null; decided_at: string | null; closed_at: string | null }) {
  const at = (v: string | null) => (v ? new Date(v) : null);
  return { assignedAt: at(r.assigned_at), decidedAt: at(r.decided_at), closedAt: at(r.closed_at) };
}

export async function sweepDeadlines(
  deps: SweepDeps,
): Promise<{ fired: { requestId: string; stage: EscalationStage }[] }> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - SWEEP_LOOKBACK_MS).toISOString();
  const candidates = await deps.transact((trx) => deps.requests.sweepCandidates(trx, OPEN_STATUSES, since));
  const fired: { requestId: string; stage: EscalationStage }[] = [];
  for (const r of candidates) {
    const receivedAt = new Date(r.received_at);
    const due = dueStages(receivedAt, now, progressOf(r), deps.hours).filter((s) => !r.fired.includes(s));
    for (const stage of due) {
      const dueAt = stageDueAt(receivedAt, stage, deps.hours).toISOString();
      const isNew = await deps.transact(async (trx) => {
        // Re-check under the row lock: the request may have moved on since the scan.
        const row = await deps.requests.getForUpdate(trx, r.id);
        if (!row || !dueStages(receivedAt, now, progressOf(row), deps.hours).includes(stage)) return false;
        if (!(await deps.requests.recordEscalation(trx, r.id, stage, dueAt, now.toISOString()))) return false;
        await deps.audit.append(trx, {
          requestId: r.id,
          actor: 'system',
          occurredAt: now,
          event: { type: 'deadline.stage_reached', version: 1, data: { stage, dueAt } },
        });
        await deps.jobs.enqueue(
          trx,
          {
            type: 'email.staff',
            payload: { requestId: r.id, stage, template: 'staff_escalation' },
            runAt: now,
            dedupeKey: `escalation:${r.id}:${stage}`,
          },
          now,
        );
        return true;
      });
      if (isNew) fired.push({ requestId: r.id, stage });
    }
  }
  return { fired };
}
