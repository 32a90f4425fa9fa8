/**
 * The stay-down layer in the console: a case shows the copies its sweep found with their
 * distances and the matched variant, a moderator decides a near match with the session's CSRF
 * token (an auditor cannot), and bank names and webhook URLs render inert on the admin page.
 * Findings are written through the repositories a sweep uses, so no media or job run is needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { randomId } from '../../src/security/tokens.ts';
import { registerWebhookEndpoint } from '../../src/use-cases/register-webhook-endpoint.ts';
import { encode, FORM, inStaffBrowser, signedInStaff, startWeb, submitForm } from './support.ts';
import type { WebHarness } from './support.ts';

const EVIL = `"'><script>alert(1)</script><img src=x onerror=alert(2)>`;
let web: WebHarness;
let moderator: { cookie: string; csrf: string };
let auditor: { cookie: string; csrf: string };
let admin: { cookie: string; csrf: string };
let caseNumber: string;
let requestId: string;
let findingId: string;

async function finding(id: string) {
  return web.rt.database.transact((trx) => web.rt.stayDown.repos.copies.finding(trx, id));
}

beforeAll(async () => {
  web = await startWeb({ REDRESS_UNPROVEN_INTAKE_LIMIT: '0' });
  moderator = await signedInStaff(web, 'mod@example.org', 'moderator');
  auditor = await signedInStaff(web, 'audit@example.org', 'auditor');
  admin = await signedInStaff(web, 'admin@example.org', 'admin');
  ({ caseNumber } = await submitForm(web.app)); // throws unless the form answers 303

  // What a sweep leaves behind: a registry item that is a near copy, and its review finding.
  const { transact } = web.rt.database;
  const { content, copies } = web.rt.stayDown.repos;
  const at = web.rt.clock.now().toISOString();
  findingId = randomId();
  await transact(async (trx) => {
    const request = (await web.rt.repos.requests.findByCaseNumber(trx, caseNumber))!;
    requestId = request.id;
    const [item] = await web.rt.repos.requests.items(trx, request.id);
    const copyId = randomId();
    await content.upsert(trx, {
      id: copyId,
      platform_item_id: 'post-777',
      url: `https://social.example/p/777?q=${encodeURIComponent(EVIL)}`,
      uploader_id: 'u-9',
      sha256: null,
      md5: null,
      pdq: 'f'.repeat(64),
      pdq_dihedral: null,
      pdq_quality: 100,
      pdq_profile: null,
      status: 'active',
      created_at: at,
      updated_at: at,
      removed_at: null,
      removed_by_request: null,
    });
    await copies.insertFinding(trx, {
      id: findingId,
      request_id: request.id,
      source_item_id: item.id,
      content_item_id: copyId,
      match_kind: 'pdq',
      distance: 17,
      variant: 'original/rot90',
      status: 'review',
      created_at: at,
      decided_at: null,
      decided_by: null,
    });
  });
});
afterAll(async () => web?.close());

describe('copies on the case page', () => {
  it('a case with a copy finding shows it with its distance and matched variant', async () => {
    const page = await web.app.inject({
      url: `/staff/requests/${caseNumber}`,
      headers: { cookie: moderator.cookie },
    });
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr data-finding-id="${findingId}">[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? '';
    expect(row).toContain('post-777');
    expect(row).toMatch(/<td data-distance>17<\/td>/);
    expect(row).toContain('perceptual (PDQ)');
    expect(row).toContain('rot90');
    expect(row).toContain('awaiting review');
    expect(page.body).toContain(`data-near="${findingId}"`);
    expect(page.body).toContain(`action="/staff/requests/${caseNumber}/copies/${findingId}/decision"`);
    expect(page.body).not.toContain('Not connected yet');
    expect(page.body).not.toContain('<script>alert(1)');
  });

  it('the case page with a near match to review has no axe violations', async () => {
    await inStaffBrowser(web, moderator, `/staff/requests/${caseNumber}`, async (page) => {
      expect(await page.locator(`[data-near="${findingId}"]`).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it('an auditor sees the finding but no decision form, and cannot decide it', async () => {
    const page = await web.app.inject({
      url: `/staff/requests/${caseNumber}`,
      headers: { cookie: auditor.cookie },
    });
    expect(page.body).toContain(`data-near="${findingId}"`);
    expect(page.body).not.toContain(`/copies/${findingId}/decision`);
    const res = await web.app.inject({
      method: 'POST',
      url: `/staff/requests/${caseNumber}/copies/${findingId}/decision`,
      headers: { ...FORM, cookie: auditor.cookie },
      payload: encode({ _csrf: auditor.csrf, outcome: 'confirm' }),
    });
    expect(res.statusCode).toBe(403);
    expect((await finding(findingId))!.status).toBe('review');
  });

  it('a moderator cannot decide it without a valid CSRF token', async () => {
    for (const csrf of ['', 'f'.repeat(64), auditor.csrf]) {
      const res = await web.app.inject({
        method: 'POST',
        url: `/staff/requests/${caseNumber}/copies/${findingId}/decision`,
        headers: { ...FORM, cookie: moderator.cookie },
        payload: encode({ _csrf: csrf, outcome: 'confirm' }),
      });
      expect(res.statusCode).toBe(403);
    }
    expect((await finding(findingId))!.status).toBe('review');
  });

  it('a moderator confirms it with a valid CSRF token: recorded, the copy removed', async () => {
    const res = await web.app.inject({
      method: 'POST',
      url: `/staff/requests/${caseNumber}/copies/${findingId}/decision`,
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ _csrf: moderator.csrf, outcome: 'confirm' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/staff/requests/${caseNumber}?done=copy`);
    const after = (await finding(findingId))!;
    expect(after.status).toBe('confirmed');
    expect(after.decided_by).toMatch(/^user:/);
    const copy = await web.rt.database.transact((trx) =>
      web.rt.stayDown.repos.content.byPlatformId(trx, 'post-777'),
    );
    expect(copy!.status).toBe('removed');
    const events = await web.rt.database.transact((trx) => web.rt.repos.audit.list(trx, { requestId }));
    expect(events.map((e) => e.type)).toContain('copy.reviewed');

    const page = await web.app.inject({
      url: `/staff/requests/${caseNumber}?done=copy`,
      headers: { cookie: moderator.cookie },
    });
    expect(page.body).toContain('Near-match decision recorded.');
    expect(page.body).toContain('confirmed: removed');
    expect(page.body).not.toContain(`data-near="${findingId}"`);
  });

  it('a second decision on the same finding comes back as a message', async () => {
    const res = await web.app.inject({
      method: 'POST',
      url: `/staff/requests/${caseNumber}/copies/${findingId}/decision`,
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ _csrf: moderator.csrf, outcome: 'dismiss' }),
    });
    expect(res.headers.location).toBe(`/staff/requests/${caseNumber}?done=failed`);
    expect((await finding(findingId))!.status).toBe('confirmed');
  });
});

describe('banks and webhooks on the admin page', () => {
  it('a hostile bank name and webhook URL render inert', async () => {
    const deps = { transact: web.rt.database.transact, ...web.rt.stayDown.repos, clock: web.rt.clock };
    // Bank names are checked now, but a database may hold one from before (the CLI took any).
    await web.rt.stayDown.repos.banks.insertBank(web.rt.database.db, {
      id: randomId(),
      name: EVIL,
      kind: 'block',
      match_threshold: 20,
      on_match: 'review',
      enabled: 1,
      created_at: new Date().toISOString(),
    });
    await registerWebhookEndpoint(
      { ...deps, cipher: web.rt.cipher, rules: web.rt.stayDown.webhookRules },
      { url: `https://hooks.example/${EVIL}`, events: ['item.remove'], actor: 'staff:test' },
    );
    const page = await web.app.inject({ url: '/staff/admin', headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).toMatch(/<table[^>]*data-banks>[\s\S]*&lt;img src=x onerror=alert\(2\)&gt;/);
    expect(page.body).toMatch(/<table[^>]*data-webhooks>[\s\S]*https:\/\/hooks\.example\//);
    expect(page.body).not.toContain('Not available yet');
    const markup = page.body.replace(/"[^"]*"/g, '""');
    expect(markup.match(/<script\b[^>]*>/gi)).toEqual(['<script src="" defer>']);
    expect(markup).not.toMatch(/<img\b/i);
    expect(markup).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  });
});
