/**
 * A request's whole life through the real HTTP API, real SMTP and an injected clock, on SQLite
 * and on PostgreSQL: submission (TIDA-C1..C4), the 48-hour deadline (D1), review, decision with
 * facts (F2), removal of each item (F1), the outcome email (F3) and every audit event (H1).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createStaffUser } from '../../src/use-cases/create-staff-user.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';

describe.each(DATABASES)('request lifecycle over HTTP on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T10:00:00.000Z');
  let rt: Runtime;
  let app: FastifyInstance;
  let base: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let close: () => Promise<void>;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };

  async function staffToken(): Promise<string> {
    const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock };
    const { setupToken } = await createStaffUser(deps, { email: 'mod@platform.example', role: 'moderator' });
    expect(
      (await api('POST', '/api/v1/auth/setup', { token: setupToken, password: 'correct horse battery' }))
        .status,
    ).toBe(200);
    const login = await api('POST', '/api/v1/auth/login', {
      email: 'mod@platform.example',
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
    return login.body.token as string;
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    const opened = await openTestRuntime(kind, {
      clock,
      extraEnv: { SMTP_URL: smtp.url, REDRESS_STAFF_EMAILS: 'oncall@platform.example' },
    });
    rt = opened.rt;
    app = await buildApp(rt);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      await opened.close();
      await smtp.close();
    };
  });
  afterAll(() => close());

  it('takes a TAKE IT DOWN request from submission to removal within the deadline', async () => {
    const submitted = await api('POST', '/api/v1/requests', completeRequest());
    expect(submitted.status).toBe(201);
    const { caseNumber, statusToken } = submitted.body;
    expect(caseNumber).toMatch(/^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // TIDA-C3 / D1: received now, due 48 calendar hours later.
    expect(submitted.body.receivedAt).toBe('2026-06-01T10:00:00.000Z');
    expect(submitted.body.deadlineAt).toBe('2026-06-03T10:00:00.000Z');
    expect(submitted.body.status).toBe('in_review');
    expect(submitted.body.missing).toEqual([]);

    const worker = rt.createWorker();
    await worker.runDueJobs();
    // TIDA-C4: the receipt names the case and carries a private status link.
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toEqual(['alex@example.org']);
    expect(smtp.messages[0].subject).toContain(caseNumber);
    expect(smtp.messages[0].text).toContain('Wednesday, 3 June 2026 at 10:00 UTC');
    expect(smtp.messages[0].text).toContain(`/requests/${caseNumber}/status?token=`);

    const status = await api('GET', `/api/v1/requests/${caseNumber}/status`, undefined, {
      'x-status-token': statusToken,
    });
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('in_review');
    const wrong = await api('GET', `/api/v1/requests/${caseNumber}/status?token=nope`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('not_found');

    const token = await staffToken();
    const auth = { authorization: `Bearer ${token}` };
    const queue = await api('GET', '/api/v1/staff/queue', undefined, auth);
    expect(queue.body.items.map((i: { caseNumber: string }) => i.caseNumber)).toEqual([caseNumber]);

    clock.advanceHours(2);
    expect((await api('POST', `/api/v1/staff/requests/${caseNumber}/assign`, {}, auth)).status).toBe(200);
    clock.advanceHours(3);
    const decided = await api(
      'POST',
      `/api/v1/staff/requests/${caseNumber}/decision`,
      { decision: 'remove', facts: 'Requester is the person shown; no consent to publication.' },
      auth,
    );
    expect(decided.body).toEqual({ status: 'approved' });

    const detail = await api('GET', `/api/v1/staff/requests/${caseNumber}`, undefined, auth);
    expect(detail.body.submission.submitter.email).toBe('alex@example.org');
    expect(detail.body.items).toHaveLength(2);
    clock.advanceHours(1);
    for (const item of detail.body.items as { id: string }[]) {
      const r = await api(
        'POST',
        `/api/v1/staff/requests/${caseNumber}/items/${item.id}/outcome`,
        { outcome: 'removed' },
        auth,
      );
      expect(r.status).toBe(200);
    }
    const done = await api(
      'GET',
      `/api/v1/requests/${caseNumber}/status?token=${encodeURIComponent(statusToken)}`,
    );
    expect(done.body.status).toBe('removed');
    expect(done.body.closedAt).toBe('2026-06-01T16:00:00.000Z');
    expect(new Date(done.body.closedAt).getTime()).toBeLessThan(new Date(done.body.deadlineAt).getTime());

    await worker.runDueJobs();
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1].subject).toBe(`We removed the content you reported (${caseNumber})`);
    expect(smtp.messages[1].text).toContain('we removed 2 of 2 items');

    // H1: the complete record, in order, chained.
    const row = await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
    // The removal process's own events (the copy/stay-down layer adds its own to the same trail).
    const ours = /^(request|item|case|email|appeal|deadline)\./;
    const all = await rt.repos.audit.list(rt.database.db, { requestId: row!.id });
    const events = all.filter((e) => ours.test(e.type));
    expect(events.map((e) => e.type)).toEqual([
      'request.received',
      'request.validated',
      'email.sent',
      'request.assigned',
      'request.decided',
      'case.viewed',
      'item.resolved',
      'item.resolved',
      'request.closed',
      'email.sent',
    ]);
    expect(events[0].data).toMatchObject({
      caseNumber,
      receivedAt: '2026-06-01T10:00:00.000Z',
      itemCount: 2,
    });
    expect(events[1].data).toEqual({ valid: true, missing: [] });
    expect(events[4].data).toMatchObject({ decision: 'remove', automated: false });
    expect(events[8].data).toEqual({ status: 'removed', itemsDown: 2, itemCount: 2 });
    expect(JSON.stringify(all)).not.toContain('alex@example.org'); // no personal data in clear
    expect((await rt.repos.audit.verify(rt.database.db)).ok).toBe(true);

    // The stay-down layer's hook: one item.removed job per item.
    const removedJobs = await rt.repos.jobs.list(rt.database.db, { type: 'item.removed' });
    expect(removedJobs).toHaveLength(2);
    // Closed in time: sweeping after the deadline fires nothing.
    clock.set('2026-06-04T10:00:00.000Z');
    expect((await rt.sweep()).fired).toEqual([]);
  });

  it('answers an incomplete request at once with what is missing and keeps its receipt time (D3)', async () => {
    clock.set('2026-06-10T08:00:00.000Z');
    const body = completeRequest({ signature: undefined, goodFaithStatement: undefined });
    const res = await api('POST', '/api/v1/requests', body);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('incomplete');
    expect(res.body.missing.map((m: { code: string }) => m.code)).toEqual([
      'signature',
      'good_faith_statement',
    ]);
    const before = smtp.messages.length;
    await rt.createWorker().runDueJobs();
    const mails = smtp.messages.slice(before);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `We received your removal request ${res.body.caseNumber}`,
      `Your removal request ${res.body.caseNumber} needs more information`,
    ]);
    expect(mails.find((m) => m.subject.includes('needs more'))?.text).toContain(
      'Type your full name to sign the request.',
    );

    clock.advanceHours(5);
    const headers = { 'x-status-token': res.body.statusToken };
    const completed = await api(
      'POST',
      `/api/v1/requests/${res.body.caseNumber}/complete`,
      { signature: { fullName: 'Alex Example' }, goodFaithStatement: 'Not consensual.' },
      headers,
    );
    expect(completed.body).toEqual({ status: 'in_review', missing: [] });
    const status = await api('GET', `/api/v1/requests/${res.body.caseNumber}/status`, undefined, headers);
    expect(status.body.receivedAt).toBe('2026-06-10T08:00:00.000Z');
    expect(status.body.deadlineAt).toBe('2026-06-12T08:00:00.000Z');
  });

  it('refuses malformed, oversize, unknown and hostile input with a 4xx and writes nothing', async () => {
    const count = async () => {
      const db = rt.database.db;
      const n = async (t: 'requests' | 'audit_events' | 'jobs') =>
        Number(
          (
            await db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return [await n('requests'), await n('audit_events'), await n('jobs')];
    };
    const before = await count();
    const cases: [unknown, number, string][] = [
      ['{"legalBasis": "take_it_down",', 400, 'invalid_json'],
      [{ ...completeRequest(), isAdmin: true }, 400, 'unknown_field'],
      [{ ...completeRequest(), submitter: { role: 'depicted_person', nickname: 'x' } }, 400, 'unknown_field'],
      [completeRequest({ goodFaithStatement: 'nul \u0000 byte' }), 400, 'hostile_input'],
      [completeRequest({ goodFaithStatement: 'bidi \u202e txt.exe' }), 400, 'hostile_input'],
      [completeRequest({ goodFaithStatement: 'lone \ud800 surrogate' }), 400, 'hostile_input'],
      [completeRequest({ items: [{ url: 'javascript:alert(1)' }] }), 400, 'invalid_input'],
      [{ ...completeRequest(), legalBasis: 'gdpr' }, 400, 'invalid_input'],
      [completeRequest({ goodFaithStatement: 'x'.repeat(300_000) }), 413, 'payload_too_large'],
      [completeRequest({ goodFaithStatement: 'x'.repeat(6000) }), 400, 'invalid_input'],
    ];
    for (const [body, status, code] of cases) {
      const res = await api('POST', '/api/v1/requests', body);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
      expect(res.body.error.requestId).toBeTruthy();
    }
    const wrongType = await api('POST', '/api/v1/requests', '<x/>', { 'content-type': 'application/xml' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('unsupported_media_type');
    const text = await api('POST', '/api/v1/requests', 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect(await count()).toEqual(before);
  });

  it('publishes the OpenAPI document and keeps staff endpoints closed', async () => {
    const doc = await api('GET', '/api/openapi.json');
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/requests');
    const anonymous = await api('GET', '/api/v1/staff/queue');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
  });
});
