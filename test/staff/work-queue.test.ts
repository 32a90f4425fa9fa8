/**
 * The work queue on both databases: an open appeal is work with a due time (the operator's appeal
 * target after filing) and is listed by `GET /api/v1/staff/queue` with it, with item counts and
 * assignee addresses; "claim next" assigns the most urgent unassigned case, and two reviewers
 * claiming get different cases.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { createStaffUser } from '../../src/use-cases/create-staff-user.ts';
import { setUpAccount } from '../../src/use-cases/set-up-account.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

interface Entry {
  caseNumber: string;
  status: string;
  dueAt: string;
  deadlineAt: string;
  hoursLeft: number;
  itemCount: number;
  assignee: { id: string; email: string | null } | null;
  appeal: { id: string; appellant: string; filedAt: string; dueAt: string } | null;
}

describe.each(DATABASES)('the work queue on %s', (kind) => {
  const clock = new ManualClock('2026-07-01T09:00:00.000Z');
  let rt: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let key = '';
  const bearer: Record<string, string> = {};

  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown, who = key) => {
    const res = await app.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${who}` },
    });
    return { status: res.statusCode, body: res.json() };
  };
  const queue = async () => (await call('GET', '/api/v1/staff/queue')).body.items as Entry[];

  beforeAll(async () => {
    const opened = await openTestRuntime(kind, { clock, extraEnv: { REDRESS_APPEAL_TARGET_DAYS: '3' } });
    rt = opened.rt;
    app = await buildApp(rt);
    const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock };
    key = (await createApiKey(deps, { name: 'queue test', role: 'moderator' })).key;
    for (const email of ['ana@platform.example', 'ben@platform.example']) {
      const { setupToken } = await createStaffUser(deps, { email, role: 'moderator' });
      await setUpAccount(deps, { setupToken, password: 'correct horse battery staple' });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'correct horse battery staple' },
      });
      bearer[email] = login.json().token;
    }
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('lists an open appeal with its due time, and claim-next hands out the most urgent cases', async () => {
    const refused = (await call('POST', '/api/v1/requests', completeRequest())).body;
    clock.advanceMs(60_000);
    const open = (await call('POST', '/api/v1/requests', completeRequest())).body;
    await call('POST', `/api/v1/staff/requests/${refused.caseNumber}/decision`, {
      decision: 'reject',
      reasonCode: 'not_located',
      facts: 'The link shows a landscape, not a person.',
    });
    clock.advanceHours(1);
    const appealedAt = clock.now();
    const appeal = await app.inject({
      method: 'POST',
      url: `/api/v1/requests/${refused.caseNumber}/appeal`,
      headers: { 'x-status-token': refused.statusToken },
      payload: { statement: 'The picture is there; look again.' },
    });
    expect(appeal.statusCode).toBe(201);

    const entries = await queue();
    const appealed = entries.find((e) => e.caseNumber === refused.caseNumber);
    expect(appealed).toMatchObject({
      status: 'appealed',
      dueAt: new Date(appealedAt.getTime() + 3 * 86_400_000).toISOString(),
      hoursLeft: 72,
      itemCount: 2,
      assignee: null,
      appeal: { id: appeal.json().appealId, appellant: 'requester', filedAt: appealedAt.toISOString() },
    });
    const waiting = entries.find((e) => e.caseNumber === open.caseNumber)!;
    expect(waiting).toMatchObject({ dueAt: waiting.deadlineAt, appeal: null, itemCount: 2 });
    // The request's 48-hour deadline comes before the appeal's three days.
    expect(entries.map((e) => e.caseNumber)).toEqual([open.caseNumber, refused.caseNumber]);

    const ana = await call(
      'POST',
      '/api/v1/staff/queue/claim-next',
      undefined,
      bearer['ana@platform.example'],
    );
    const ben = await call(
      'POST',
      '/api/v1/staff/queue/claim-next',
      undefined,
      bearer['ben@platform.example'],
    );
    expect(ana.body.claimed.caseNumber).toBe(open.caseNumber);
    expect(ben.body.claimed).toEqual({ caseNumber: refused.caseNumber, dueAt: appealed!.dueAt });
    const none = await call('POST', '/api/v1/staff/queue/claim-next');
    expect(none).toEqual({ status: 200, body: { claimed: null } });

    const after = await queue();
    expect(after.map((e) => e.assignee?.email)).toEqual(['ana@platform.example', 'ben@platform.example']);

    const decided = await call('POST', `/api/v1/staff/appeals/${appealed!.appeal!.id}/decision`, {
      outcome: 'uphold',
    });
    expect(decided.body).toEqual({ status: 'rejected' });
    expect((await queue()).map((e) => e.caseNumber)).toEqual([open.caseNumber]);
  });
});
