/**
 * The deadline sweeper (TIDA-D1, D2). For every open request it fires each escalation stage
 * whose time has come and whose milestone was missed: one `escalations` row (primary key
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

export async function sweepDeadlines(
  deps: SweepDeps,
): Promise<{ fired: { requestId: string; stage: EscalationStage }[] }> {
  const now = deps.clock.now();
  const open = await deps.transact((trx) => deps.requests.openWithProgress(trx, OPEN_STATUSES));
  const fired: { requestId: string; stage: EscalationStage }[] = [];
  for (const r of open) {
    const receivedAt = new Date(r.received_at);
    const at = (v: string | null) => (v ? new Date(v) : null);
    const progress = { assignedAt: at(r.assigned_at), decidedAt: at(r.decided_at), closedAt: null };
    const due = dueStages(receivedAt, now, progress, deps.hours).filter((s) => !r.fired.includes(s));
    for (const stage of due) {
      const dueAt = stageDueAt(receivedAt, stage, deps.hours).toISOString();
      const isNew = await deps.transact(async (trx) => {
        const row = await deps.requests.getForUpdate(trx, r.id);
        if (!row || !OPEN_STATUSES.includes(row.status as never)) return false;
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
