/**
 * Staff administration in the console, posted as a browser without JavaScript would: people are
 * invited as admin, moderator or auditor (platforms use API keys), an account can be disabled
 * (its sessions end at once) or have its password reset (a new one-time set-up link for the
 * admin to pass on), both audited; with no on-call address the page warns that minor-involved
 * cases notify nobody. In Chromium at 390 px, the admin and bank pages fit the screen and pass axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBankEntry } from '../../src/use-cases/add-bank-entry.ts';
import { axeViolations } from './axe.ts';
import { encode, FORM, inStaffBrowser, PASSWORD, signedInStaff, signIn, startWeb } from './support.ts';
import type { WebHarness } from './support.ts';

let web: WebHarness;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  web = await startWeb();
  admin = await signedInStaff(web, 'admin@example.org', 'admin');
});
afterAll(() => web?.close());

const post = (url: string, fields: Record<string, string>) =>
  web.app.inject({
    method: 'POST',
    url,
    headers: { ...FORM, cookie: admin.cookie },
    payload: encode({ _csrf: admin.csrf, ...fields }),
  });
const userId = async (email: string) =>
  (await web.rt.database.transact((trx) => web.rt.repos.staff.userByEmail(trx, email)))!.id;
const staffEvents = async () =>
  (await web.rt.database.transact((trx) => web.rt.repos.audit.list(trx, { limit: 1000 })))
    .filter((e) => e.type.startsWith('staff.'))
    .map((e) => ({ type: e.type, actor: e.actor, data: e.data }));

describe('staff administration', () => {
  it('invites people as admin, moderator or auditor only', async () => {
    const page = await web.app.inject({ url: '/staff/admin', headers: { cookie: admin.cookie } });
    const invite = /<select id="user-role"[\s\S]*?<\/select>/.exec(page.body)![0];
    expect([...invite.matchAll(/value="(\w+)"/g)].map((m) => m[1])).toEqual([
      'admin',
      'moderator',
      'auditor',
    ]);
    const refused = await post('/staff/admin/users', { email: 'bot@example.org', role: 'platform' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('platforms use an API key');
    expect(
      await web.rt.database.transact((trx) => web.rt.repos.staff.userByEmail(trx, 'bot@example.org')),
    ).toBeUndefined();
  });

  it('disables an account: its session ends and it cannot sign in', async () => {
    const mod = await signedInStaff(web, 'leaving@example.org', 'moderator');
    const id = await userId('leaving@example.org');
    const res = await post('/staff/admin/users/disable', { id });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('leaving@example.org is disabled');
    const after = await web.app.inject({ url: '/staff', headers: { cookie: mod.cookie } });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/staff/login');
    await expect(signIn(web.app, 'leaving@example.org')).rejects.toThrow('login failed: 401');
    const adminId = await userId('admin@example.org');
    expect(await staffEvents()).toContainEqual({
      type: 'staff.disabled',
      actor: `user:${adminId}`,
      data: { userId: id },
    });
    // Nobody locks themselves out.
    const self = await post('/staff/admin/users/disable', { id: adminId });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('you cannot disable your own account');
  });

  it('resets a password: sessions end, the old password stops, the new link works', async () => {
    const mod = await signedInStaff(web, 'forgetful@example.org', 'moderator');
    const id = await userId('forgetful@example.org');
    const res = await post('/staff/admin/users/reset', { id });
    expect(res.statusCode).toBe(200);
    const link = /data-secret>([^<]+)</.exec(res.body)![1];
    const token = new URL(link).searchParams.get('token')!;
    expect((await web.app.inject({ url: '/staff', headers: { cookie: mod.cookie } })).statusCode).toBe(303);
    await expect(signIn(web.app, 'forgetful@example.org')).rejects.toThrow('login failed: 401');
    const setup = await web.app.inject({
      method: 'POST',
      url: '/setup',
      headers: FORM,
      payload: encode({ token, password: PASSWORD }),
    });
    expect(setup.statusCode).toBe(303);
    await expect(signIn(web.app, 'forgetful@example.org')).resolves.toMatchObject({
      cookie: expect.any(String),
    });
    expect(await staffEvents()).toContainEqual(
      expect.objectContaining({ type: 'staff.password_reset', data: { userId: id } }),
    );
  });

  it('warns on the admin page when no on-call address is configured', async () => {
    const page = await web.app.inject({ url: '/staff/admin', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('data-warning="on-call"');
    const configured = await startWeb({ REDRESS_STAFF_EMAILS: 'oncall@example.org' });
    try {
      const other = await signedInStaff(configured, 'admin@example.org', 'admin');
      const ok = await configured.app.inject({ url: '/staff/admin', headers: { cookie: other.cookie } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).not.toContain('data-warning="on-call"');
    } finally {
      await configured.close();
    }
  });

  it('the admin and bank pages fit a 390 px screen and pass axe', async () => {
    await addBankEntry(web.rt.stayDown.bankEntryDeps, {
      bank: 'takedowns',
      provenance: { kind: 'cli', ref: 'aaa-orig.jpg' },
      addedBy: 'cli:operator',
      label: 'aaa-orig.jpg',
      hashes: [{ kind: 'sha256', value: 'ab'.repeat(32), variant: 'file', quality: null }],
    });
    for (const path of ['/staff/admin', '/staff/banks', '/staff/banks/takedowns']) {
      await inStaffBrowser(web, admin, path, async (page) => {
        await page.setViewportSize({ width: 390, height: 844 });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, path).toBeLessThanOrEqual(390);
        expect(await axeViolations(page), path).toEqual([]);
      });
    }
  }, 60_000);
});
