/**
 * Appeal decisions in the console, posted as a browser without JavaScript would: the form answers
 * with the case page (it used to crash reading the session), and a console failure shows a
 * console error page, never the public one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { fileAppeal } from '../../src/use-cases/file-appeal.ts';
import { encode, FORM, signedInStaff, startWeb, submitForm } from './support.ts';
import type { WebHarness } from './support.ts';

let web: WebHarness;
let moderator: { cookie: string; csrf: string };

beforeAll(async () => {
  web = await startWeb();
  moderator = await signedInStaff(web, 'mod@example.org', 'moderator');
});
afterAll(() => web?.close());

async function refusedAndAppealed(): Promise<{ caseNumber: string; appealId: string }> {
  const { caseNumber } = await submitForm(web.app);
  const rt = web.rt;
  const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
  const row = (await rt.database.transact((trx) => rt.repos.requests.findByCaseNumber(trx, caseNumber)))!;
  await decideRequest(deps, {
    requestId: row.id,
    decision: 'reject',
    reasonCode: 'not_located',
    facts: 'The link shows no person.',
    actor: 'user:test',
  });
  const { appealId } = await fileAppeal(deps, {
    requestId: row.id,
    appellant: 'requester',
    statement: 'Please look again.',
    actor: 'requester',
  });
  return { caseNumber, appealId };
}

describe('removing and refusing in the console', () => {
  const decide = (caseNumber: string, fields: Record<string, string>) =>
    web.app.inject({
      method: 'POST',
      url: `/staff/requests/${caseNumber}/decision`,
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ _csrf: moderator.csrf, ...fields }),
    });
  const statusOf = async (caseNumber: string) =>
    (await web.rt.database.transact((trx) => web.rt.repos.requests.findByCaseNumber(trx, caseNumber)))!
      .status;

  it('need the facts relied on, then a confirmation, and record the facts', async () => {
    const { caseNumber } = await submitForm(web.app);
    const bare = await decide(caseNumber, { decision: 'remove' });
    expect(bare.headers.location).toBe(`/staff/requests/${caseNumber}?done=facts`);
    const facts = 'The requester is the person shown and did not consent.';
    const asked = await decide(caseNumber, { decision: 'remove', facts });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Confirm: remove');
    expect(asked.body).toContain('name="confirm" value="1"');
    expect(await statusOf(caseNumber)).toBe('in_review');
    const done = await decide(caseNumber, { decision: 'remove', facts, confirm: '1' });
    expect(done.headers.location).toBe(`/staff/requests/${caseNumber}?done=decided`);
    expect(await statusOf(caseNumber)).toBe('approved');
    const events = await web.rt.database.transact((trx) => web.rt.repos.audit.list(trx, { limit: 1000 }));
    expect(events.find((e) => e.type === 'request.decided')?.data).toMatchObject({
      decision: 'remove',
      facts,
    });
  });

  it('the case page shows no internal codes, placeholders or raw audit data', async () => {
    const { caseNumber } = await submitForm(web.app);
    await web.app.inject({ url: `/staff/requests/${caseNumber}`, headers: { cookie: moderator.cookie } });
    const page = await web.app.inject({
      url: `/staff/requests/${caseNumber}`,
      headers: { cookie: moderator.cookie },
    });
    const text = page.body.replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(/TIDA-[A-Z]\d/);
    expect(text).not.toMatch(/not available yet|not counted yet/i);
    expect(text).not.toContain('case.viewed');
    expect(text).not.toMatch(/\{"/);
    expect(text).toMatch(/Viewed 2 times, last by you at/);
  });
});

describe('appeal decisions in the console', () => {
  it('"Record appeal decision" records it and returns to the case', async () => {
    const { caseNumber, appealId } = await refusedAndAppealed();
    const page = await web.app.inject({
      url: `/staff/requests/${caseNumber}`,
      headers: { cookie: moderator.cookie },
    });
    // Post exactly the fields of the page's appeal form, with the chosen outcome.
    const form = new RegExp(
      `<form method="post" action="/staff/appeals/${appealId}/decision">([\\s\\S]*?)</form>`,
    ).exec(page.body);
    expect(form).not.toBeNull();
    const hidden = Object.fromEntries(
      [...form![1].matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const res = await web.app.inject({
      method: 'POST',
      url: `/staff/appeals/${appealId}/decision`,
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ ...hidden, outcome: 'uphold' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/staff/requests/${caseNumber}?done=appeal`);
    const appeal = await web.rt.database.transact((trx) => web.rt.repos.appeals.get(trx, appealId));
    expect(appeal?.status).toBe('upheld');
  });

  it('an unknown appeal gets a console error page, not the public one', async () => {
    const res = await web.app.inject({
      method: 'POST',
      url: '/staff/appeals/00000000-0000-4000-8000-000000000000/decision',
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ _csrf: moderator.csrf, outcome: 'uphold' }),
    });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Redress console');
    expect(res.body).toContain('Back to the queue');
    expect(res.body).not.toContain('Back to the removal notice');
  });
});
