/**
 * A simulated week on both databases (TIDA-D1, D2): hundreds of requests arrive at random times;
 * staff assign, decide and remove some promptly, some late, some never; workers restart, die
 * holding claimed jobs, run two at once, and the whole service is down for six hours. In the end
 * every escalation that was due fired exactly once (one row, one audit event, one staff email),
 * and no request passed its 48 hours without an overdue alarm.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, dueStages } from '../../src/domain/clock.ts';
import type { EscalationStage } from '../../src/domain/clock.ts';
import { assignRequest } from '../../src/use-cases/assign-request.ts';
import { createStaffUser } from '../../src/use-cases/create-staff-user.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { recordItemRemoval } from '../../src/use-cases/record-item-removal.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';

const HOUR = 3_600_000;
const STEP = 15 * 60_000;
const START = Date.parse('2026-06-01T00:00:00.000Z');
const OUTAGE = [START + 80 * HOUR, START + 86 * HOUR];

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

interface Plan {
  id: string;
  assignAt: number | null;
  decideAt: number | null;
  removeAt: number | null;
}

describe.each(DATABASES)('a simulated week on %s', (kind) => {
  it('fires every escalation once and misses no deadline', { timeout: 600_000 }, async () => {
    const smtp = await startSmtp();
    const clock = new ManualClock(new Date(START));
    const { rt, close } = await openTestRuntime(kind, {
      clock,
      extraEnv: { SMTP_URL: smtp.url, REDRESS_STAFF_EMAILS: 'oncall@platform.example' },
    });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };
      const { userId: moderatorId } = await createStaffUser(deps, {
        email: 'sim@platform.example',
        role: 'moderator',
      });
      const random = rng(kind === 'sqlite' ? 7 : 11);
      const plans: Plan[] = [];
      let worker = rt.createWorker();
      const end = START + 7 * 24 * HOUR;
      const at = (from: number, minH: number, maxH: number) =>
        from + (minH + random() * (maxH - minH)) * HOUR;

      for (let t = START; t <= end + 50 * HOUR; t += STEP) {
        clock.set(new Date(t));
        const down = t >= OUTAGE[0] && t < OUTAGE[1];
        if (down) continue; // the whole service is down: no intake, no staff, no worker
        if (t < end && random() < 0.45) {
          const r = await submitRequest(
            deps,
            completeRequest({ submitter: { role: 'depicted_person', phone: '+1 555 0100' } }),
          );
          const kindOfCase = random();
          const plan: Plan = { id: r.requestId, assignAt: null, decideAt: null, removeAt: null };
          if (kindOfCase < 0.5) {
            plan.assignAt = at(t, 0, 11);
            plan.decideAt = at(plan.assignAt, 1, 12);
            plan.removeAt = at(plan.decideAt, 0, 10);
          } else if (kindOfCase < 0.8) {
            plan.assignAt = at(t, 6, 30);
            plan.decideAt = at(plan.assignAt, 5, 20);
            plan.removeAt = at(plan.decideAt, 1, 15);
          } // else: nobody acts; only the alarms can save it
          plans.push(plan);
        }
        for (const p of plans) {
          const actor = `user:${moderatorId}`;
          if (p.assignAt !== null && p.assignAt <= t) {
            await assignRequest(deps, { requestId: p.id, assigneeId: moderatorId, actor });
            p.assignAt = null;
          }
          if (p.assignAt === null && p.decideAt !== null && p.decideAt <= t) {
            await decideRequest(deps, { requestId: p.id, decision: 'remove', actor });
            p.decideAt = null;
          }
          if (p.decideAt === null && p.removeAt !== null && p.removeAt <= t) {
            for (const item of await rt.repos.requests.items(rt.database.db, p.id)) {
              await recordItemRemoval(deps, { requestId: p.id, itemId: item.id, outcome: 'removed', actor });
            }
            p.removeAt = null;
          }
        }
        const step = Math.round((t - START) / STEP);
        if (step % 40 === 0) worker = rt.createWorker(); // restart
        if (step % 97 === 0) {
          // a worker dies holding claimed jobs; they are reclaimed once stale
          await rt.database.transact((trx) =>
            rt.repos.jobs.claim(trx, 'dead-worker', clock.now(), 5, 300_000),
          );
        }
        if (step % 13 === 0) await Promise.all([worker.tick(true), rt.createWorker().tick(true)]);
        else await worker.tick(true);
      }

      const db = rt.database.db;
      const requests = await db.selectFrom('requests').selectAll().execute();
      const escalations = await db.selectFrom('escalations').selectAll().execute();
      const stageEvents = (await rt.repos.audit.list(db)).filter((e) => e.type === 'deadline.stage_reached');
      const staffJobs = await rt.repos.jobs.list(db, { type: 'email.staff' });
      expect(requests.length).toBeGreaterThan(250);

      let overdue = 0;
      for (const r of requests) {
        const d = (v: string | null) => (v ? new Date(v) : null);
        const progress = {
          assignedAt: d(r.assigned_at),
          decidedAt: d(r.decided_at),
          closedAt: d(r.closed_at),
        };
        const expected = dueStages(new Date(r.received_at), clock.now(), progress, rt.config.escalationHours);
        const fired = escalations.filter((e) => e.request_id === r.id);
        expect(fired.map((e) => e.stage as EscalationStage).sort()).toEqual([...expected].sort());
        for (const e of fired) {
          // fired at the first sweep after it fell due (late only if the service was down)
          const lag = Date.parse(e.fired_at) - Date.parse(e.due_at);
          const dueInOutage = Date.parse(e.due_at) >= OUTAGE[0] && Date.parse(e.due_at) < OUTAGE[1];
          expect(lag).toBeGreaterThanOrEqual(0);
          expect(lag).toBeLessThanOrEqual(dueInOutage ? OUTAGE[1] - Date.parse(e.due_at) : STEP);
          const events = stageEvents.filter(
            (x) => x.requestId === r.id && (x.data as { stage: string }).stage === e.stage,
          );
          expect(events).toHaveLength(1);
          expect(
            staffJobs.filter((j) => j.payload.includes(r.id) && j.payload.includes(`"${e.stage}"`)),
          ).toHaveLength(1);
        }
        // No request passed 48 h unnoticed: closed in time, or its overdue alarm fired.
        const closedInTime = r.closed_at !== null && r.closed_at <= r.deadline_at;
        if (!closedInTime) {
          expect(fired.map((e) => e.stage)).toContain('overdue');
          overdue++;
        }
      }
      expect(overdue).toBeGreaterThan(20);
      // Every notification went out once, over SMTP.
      expect(staffJobs.every((j) => j.status === 'done')).toBe(true);
      const alarms = smtp.messages.filter((m) => m.subject.includes('OVERDUE'));
      expect(alarms).toHaveLength(escalations.filter((e) => e.stage === 'overdue').length);
      expect(smtp.messages.filter((m) => m.subject.startsWith('[Redress]'))).toHaveLength(escalations.length);
      expect((await rt.repos.audit.verify(db)).ok).toBe(true);
    } finally {
      await close();
      await smtp.close();
    }
  });
});
