/**
 * Decisions beyond the happy path, on both databases: refusal with a reason code and the
 * requester's appeal (TIDA-G1), the uploader's appeal and restoration, the minor-involved fork
 * (A4: preserve and report, never delete), withdrawal, roles (I1) and API keys, and the one
 * error shape for a move the state machine forbids.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';

describe.each(DATABASES)('decisions and appeals on %s', (kind) => {
  const clock = new ManualClock('2026-07-01T09:00:00.000Z');
  let rt: Runtime;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};

  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, role?: string) => {
    const res = await app.inject({
      method,
      url,
      payload: payload as object,
      headers: role ? { authorization: `Bearer ${keys[role]}` } : {},
    });
    return { status: res.statusCode, body: res.json() };
  };
  const submit = async (overrides = {}) => {
    const res = await call('POST', '/api/v1/requests', completeRequest(overrides));
    expect(res.status).toBe(201);
    return res.body as { caseNumber: string; statusToken: string };
  };
  const detail = async (caseNumber: string) =>
    (await call('GET', `/api/v1/staff/requests/${caseNumber}`, undefined, 'moderator')).body;

  beforeAll(async () => {
    smtp = await startSmtp();
    const opened = await openTestRuntime(kind, {
      clock,
      extraEnv: { SMTP_URL: smtp.url, REDRESS_STAFF_EMAILS: 'oncall@platform.example' },
    });
    rt = opened.rt;
    app = await buildApp(rt);
    const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock };
    for (const role of ['moderator', 'auditor'] as const)
      keys[role] = (await createApiKey(deps, { name: role, role })).key;
    close = async () => {
      await app.close();
      await opened.close();
      await smtp.close();
    };
  });
  afterAll(() => close());

  it('refuses with a reason code; the requester appeals; a human reopens review', async () => {
    const { caseNumber, statusToken } = await submit();
    const refused = await call(
      'POST',
      `/api/v1/staff/requests/${caseNumber}/decision`,
      { decision: 'reject', reasonCode: 'not_identifiable', facts: 'No face or mark shown.' },
      'moderator',
    );
    expect(refused.body).toEqual({ status: 'rejected' });
    const noReason = await call(
      'POST',
      `/api/v1/staff/requests/${caseNumber}/decision`,
      { decision: 'reject' },
      'moderator',
    );
    expect(noReason.body.error).toMatchObject({ code: 'invalid_input', details: { field: 'reasonCode' } });

    const appeal = await call(
      'POST',
      `/api/v1/requests/${caseNumber}/appeal?token=${encodeURIComponent(statusToken)}`,
      { statement: 'The tattoo on my arm identifies me.' },
    );
    expect(appeal.status).toBe(201);
    const decided = await call(
      'POST',
      `/api/v1/staff/appeals/${appeal.body.appealId}/decision`,
      { outcome: 'overturn' },
      'moderator',
    );
    expect(decided.body).toEqual({ status: 'in_review' });
    const view = await detail(caseNumber);
    expect(view.appeals[0]).toMatchObject({ appellant: 'requester', status: 'overturned' });
    expect(view.receivedAt).toBe('2026-07-01T09:00:00.000Z'); // the original clock still stands
  });

  it("restores content after an uploader's appeal is upheld by review, and tells the stay-down layer", async () => {
    const { caseNumber } = await submit();
    await call('POST', `/api/v1/staff/requests/${caseNumber}/decision`, { decision: 'remove' }, 'moderator');
    for (const item of (await detail(caseNumber)).items) {
      await call(
        'POST',
        `/api/v1/staff/requests/${caseNumber}/items/${item.id}/outcome`,
        { outcome: 'removed' },
        'moderator',
      );
    }
    const filed = await call(
      'POST',
      `/api/v1/staff/requests/${caseNumber}/appeals`,
      { statement: 'This is me, I consented.' },
      'moderator',
    );
    expect(filed.status).toBe(201);
    const decided = await call(
      'POST',
      `/api/v1/staff/appeals/${filed.body.appealId}/decision`,
      { outcome: 'overturn' },
      'moderator',
    );
    expect(decided.body).toEqual({ status: 'restored' });
    const view = await detail(caseNumber);
    expect(view.items.map((i: { status: string }) => i.status)).toEqual(['restored', 'restored']);
    const restoredJobs = await rt.repos.jobs.list(rt.database.db, { type: 'item.restored' });
    expect(
      restoredJobs.filter((j) => view.items.some((i: { id: string }) => j.payload.includes(i.id))),
    ).toHaveLength(2);
  });

  it('TIDA-A4: a minor-involved request is preserved and reported, never deleted', async () => {
    const { caseNumber } = await submit({ minorInvolved: true });
    await call('POST', `/api/v1/staff/requests/${caseNumber}/decision`, { decision: 'remove' }, 'moderator');
    const items = (await detail(caseNumber)).items as { id: string }[];
    for (const item of items) {
      const r = await call(
        'POST',
        `/api/v1/staff/requests/${caseNumber}/items/${item.id}/outcome`,
        { outcome: 'removed' },
        'moderator',
      );
      expect(r.body.itemStatus).toBe('preserved');
    }
    const view = await detail(caseNumber);
    expect(view.status).toBe('removed');
    expect(view.minorInvolved).toBe(true);
    expect(view.preserveUntil).toBe('2027-07-01T09:00:00.000Z');
    expect(view.events.map((e: { type: string }) => e.type)).toContain('request.minor_flagged');
    await rt.createWorker().runDueJobs();
    const report = smtp.messages.find((m) => m.subject === `[Redress] NCMEC report required: ${caseNumber}`);
    expect(report?.to).toEqual(['oncall@platform.example']);
  });

  it('lets the requester withdraw, and answers a forbidden move with a stable code', async () => {
    const { caseNumber, statusToken } = await submit();
    const url = `/api/v1/requests/${caseNumber}/withdraw?token=${encodeURIComponent(statusToken)}`;
    expect((await call('POST', url)).body).toEqual({ status: 'withdrawn' });
    const again = await call('POST', url);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'invalid_transition' });
    const decide = await call(
      'POST',
      `/api/v1/staff/requests/${caseNumber}/decision`,
      { decision: 'remove' },
      'moderator',
    );
    expect(decide.body.error.code).toBe('invalid_transition');
  });

  it('TIDA-I1: auditors read the log but cannot decide; every case read is itself logged', async () => {
    const { caseNumber } = await submit();
    const denied = await call(
      'POST',
      `/api/v1/staff/requests/${caseNumber}/decision`,
      { decision: 'remove' },
      'auditor',
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const view = await call('GET', `/api/v1/staff/requests/${caseNumber}`, undefined, 'auditor');
    expect(view.body.events.at(-1)).toMatchObject({ type: 'case.viewed' });
    const verify = await call('GET', '/api/v1/audit/verify', undefined, 'auditor');
    expect(verify.body.ok).toBe(true);
    expect((await call('GET', '/api/v1/audit/verify', undefined, 'moderator')).status).toBe(403);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/staff/queue',
      headers: { authorization: 'Bearer rk_nope' },
    });
    expect(bad.statusCode).toBe(401);
  });

  it('stops honouring a revoked API key within its 5-second trust window', async () => {
    const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock };
    const temp = await createApiKey(deps, { name: 'temporary', role: 'auditor' });
    const admin = await createApiKey(deps, { name: 'admin', role: 'admin' });
    const revoke = (key: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/staff/api-keys/${temp.id}/revoke`,
        headers: { authorization: `Bearer ${key}` },
      });
    const verify = () =>
      app.inject({
        method: 'GET',
        url: '/api/v1/audit/verify',
        headers: { authorization: `Bearer ${temp.key}` },
      });
    expect((await verify()).statusCode).toBe(200);
    expect((await revoke(keys.moderator)).statusCode, 'admins only').toBe(403);
    expect((await revoke(admin.key)).json()).toEqual({ revoked: true });
    expect((await revoke(admin.key)).statusCode, 'already revoked').toBe(404);
    expect((await verify()).statusCode, 'still trusted from the last lookup').toBe(200);
    clock.advanceMs(5001);
    expect((await verify()).statusCode).toBe(401);
  });

  it('sorts the staff queue by deadline, minors first', async () => {
    const queue = await call('GET', '/api/v1/staff/queue', undefined, 'moderator');
    const deadlines = queue.body.items
      .filter((i: { minorInvolved: boolean }) => !i.minorInvolved)
      .map((i: { deadlineAt: string }) => i.deadlineAt);
    expect([...deadlines].sort()).toEqual(deadlines);
  });

  it('TIDA-H2: reports SLA figures without URLs or personal data', async () => {
    const res = await call('GET', '/api/v1/staff/metrics', undefined, 'auditor');
    expect(res.status).toBe(200);
    expect(res.body.requests).toBeGreaterThanOrEqual(5);
    expect(res.body.byLegalBasis).toEqual({ take_it_down: res.body.requests });
    expect(res.body.removedWithin48h).toMatchObject({ removed: 1, inTime: 1, share: 1 });
    expect(res.body.acknowledge.count).toBe(res.body.requests);
    expect(JSON.stringify(res.body)).not.toMatch(/example\.(org|com)|https?:/);
  });
});
