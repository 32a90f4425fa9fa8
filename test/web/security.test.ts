/**
 * Hostile text is inert on every page that shows it, and console actions need a session of the
 * right role plus that session's CSRF token (TIDA-I1). Pages are driven over `inject`, as a
 * browser without JavaScript would post them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeForm, encode, FORM, signedInStaff, signIn, startWeb, statusLinkFrom } from './support.ts';
import type { WebHarness } from './support.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';

const EVIL = `"'><script>alert(1)</script><img src=x onerror=alert(2)>`;
let web: WebHarness;
let moderator: { cookie: string; csrf: string };
let auditor: { cookie: string; csrf: string };
let admin: { cookie: string; csrf: string };
let caseNumber: string;
let token: string;

/** Everything executable a page may contain is our own bundle; no injected tag or handler.
 * Attribute values are dropped first: every value we write is double-quoted with `"` escaped,
 * so what remains is the markup itself. */
function expectInert(body: string) {
  const markup = body.replace(/"[^"]*"/g, '""');
  expect(markup.match(/<script\b[^>]*>/gi)).toEqual(['<script src="" defer>']);
  // The only image allowed is a safe preview, exactly as the console writes it.
  const withoutPreviews = markup.replace(/<img\s+src=""\s+alt=""\s+loading=""\s+data-preview-img\s*\/>/g, '');
  expect(withoutPreviews).not.toMatch(/<img\b/i);
  expect(markup).not.toMatch(/<svg\b/i);
  expect(markup).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  expect(body).not.toMatch(/href="javascript:/i);
  expect(body).toContain('<script src="/assets/redress.js" defer></script>');
}

beforeAll(async () => {
  web = await startWeb({ REDRESS_UNPROVEN_INTAKE_LIMIT: '0' });
  moderator = await signedInStaff(web, 'mod@example.org', 'moderator');
  auditor = await signedInStaff(web, 'audit@example.org', 'auditor');
  admin = await signedInStaff(web, 'admin@example.org', 'admin');
  const fields = completeForm({
    role: 'authorised_representative',
    capacity: 'attorney',
    authorityEvidence: EVIL,
    item_url_0: `https://evil.example/${EVIL.replace(/ /g, '')}`,
    item_id_0: EVIL,
    item_desc_0: EVIL,
    goodFaithStatement: EVIL,
    context: EVIL,
    name: EVIL,
    email: `"<svg/onload=alert(3)>"@evil.example`,
    phone: EVIL.slice(0, 50),
    postalAddress: EVIL,
    signature: EVIL,
    copyrightedWork: EVIL,
  });
  const res = await web.app.inject({
    method: 'POST',
    url: '/request',
    headers: FORM,
    payload: encode(fields),
  });
  expect(res.statusCode).toBe(303);
  ({ caseNumber, token } = statusLinkFrom(res.headers.location as string));
});
afterAll(async () => web?.close());

describe('hostile strings are rendered inert', () => {
  it('on the form when it is shown again with messages', async () => {
    const res = await web.app.inject({
      method: 'POST',
      url: '/request',
      headers: FORM,
      payload: encode(completeForm({ signature: '', name: EVIL, context: EVIL, item_desc_0: EVIL })),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectInert(res.body);
  });

  it('on the confirmation and status pages', async () => {
    for (const path of ['received', 'status']) {
      const res = await web.app.inject({
        url: `/requests/${caseNumber}/${path}?token=${encodeURIComponent(token)}`,
      });
      expect(res.statusCode).toBe(200);
      expectInert(res.body);
    }
  });

  it('on the queue and the case page staff read', async () => {
    const queue = await web.app.inject({ url: '/staff', headers: { cookie: moderator.cookie } });
    expectInert(queue.body);
    const page = await web.app.inject({
      url: `/staff/requests/${caseNumber}`,
      headers: { cookie: moderator.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toContain('&quot;&lt;svg/onload=alert(3)&gt;&quot;@evil.example');
    expectInert(page.body);
  });

  it('in reflected URLs (language links) and the admin page', async () => {
    const res = await web.app.inject({ url: `/notice?x=${encodeURIComponent(EVIL)}` });
    expectInert(res.body);
    const created = await web.app.inject({
      method: 'POST',
      url: '/staff/admin/api-keys',
      headers: { ...FORM, cookie: admin.cookie },
      payload: encode({ _csrf: admin.csrf, name: EVIL, role: 'moderator' }),
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('data-secret');
    expectInert(created.body);
  });

  it('every page is sent with a script-limiting Content-Security-Policy', async () => {
    const res = await web.app.inject({ url: '/request' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('console actions need the session, its CSRF token and the right role', () => {
  const decide = (cookie: string | null, csrf: string | null) =>
    web.app.inject({
      method: 'POST',
      url: `/staff/requests/${caseNumber}/decision`,
      headers: { ...FORM, ...(cookie ? { cookie } : {}) },
      payload: encode({ decision: 'escalate_legal', ...(csrf ? { _csrf: csrf } : {}) }),
    });
  const status = async () =>
    (await web.rt.database.transact((trx) => web.rt.repos.requests.findByCaseNumber(trx, caseNumber)))!
      .status;

  it('without a session: back to sign-in, nothing changes', async () => {
    const res = await decide(null, moderator.csrf);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staff/login');
    expect(await status()).toBe('in_review');
  });

  it("without, with a wrong, or with another session's CSRF token: refused", async () => {
    for (const csrf of [null, 'f'.repeat(64), auditor.csrf]) {
      const res = await decide(moderator.cookie, csrf);
      expect(res.statusCode).toBe(403);
    }
    expect(await status()).toBe('in_review');
  });

  it('an auditor with a valid token may read but not act', async () => {
    const read = await web.app.inject({
      url: `/staff/requests/${caseNumber}`,
      headers: { cookie: auditor.cookie },
    });
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(`action="/staff/requests/${caseNumber}/decision"`);
    expect((await decide(auditor.cookie, auditor.csrf)).statusCode).toBe(403);
    expect(await status()).toBe('in_review');
  });

  it('a moderator may not administer', async () => {
    const res = await web.app.inject({
      method: 'POST',
      url: '/staff/admin/users',
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ _csrf: moderator.csrf, email: 'x@example.org', role: 'admin' }),
    });
    expect(res.statusCode).toBe(403);
    expect(
      (await web.app.inject({ url: '/staff/admin', headers: { cookie: moderator.cookie } })).statusCode,
    ).toBe(403);
  });

  it('an admin revokes an API key from the console; a moderator may not', async () => {
    const { id } = await createApiKey(
      { transact: web.rt.database.transact, staff: web.rt.repos.staff, clock: web.rt.clock },
      { name: 'old integration', role: 'platform' },
    );
    const revoke = (who: { cookie: string; csrf: string }) =>
      web.app.inject({
        method: 'POST',
        url: '/staff/admin/api-keys/revoke',
        headers: { ...FORM, cookie: who.cookie },
        payload: encode({ _csrf: who.csrf, id }),
      });
    expect((await revoke(moderator)).statusCode).toBe(403);
    const page = await revoke(admin);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('API key &quot;old integration&quot; revoked');
    const row = await web.rt.database.db
      .selectFrom('api_keys')
      .select('revoked_at')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.revoked_at).toBeTruthy();
    expect((await revoke(admin)).statusCode, 'already revoked').toBe(400);
  });

  it('the login form itself needs its double-submit token', async () => {
    const res = await web.app.inject({
      method: 'POST',
      url: '/staff/login',
      headers: FORM,
      payload: encode({ email: 'mod@example.org', password: 'correct horse battery staple' }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie'] ?? '').not.toContain('redress_session=sess_');
  });

  it('with session, role and token: done, and recorded under the moderator', async () => {
    const res = await decide(moderator.cookie, moderator.csrf);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('done=decided');
    expect(await status()).toBe('legal_review');
  });

  it('signing out needs the token too, and ends the session', async () => {
    const s = await signIn(web.app, 'mod@example.org');
    const forged = await web.app.inject({
      method: 'POST',
      url: '/staff/logout',
      headers: { ...FORM, cookie: s.cookie },
      payload: '',
    });
    expect(forged.statusCode).toBe(403);
    await web.app.inject({
      method: 'POST',
      url: '/staff/logout',
      headers: { ...FORM, cookie: s.cookie },
      payload: encode({ _csrf: s.csrf }),
    });
    expect((await web.app.inject({ url: '/staff', headers: { cookie: s.cookie } })).headers.location).toBe(
      '/staff/login',
    );
  });
});
