/**
 * The console's login form token is one the server issued: a value planted in the cookie (by a
 * sibling subdomain or a man in the middle of plain HTTP) with the same value in the form field
 * is refused, and the cookie is `Secure` when the public URL is https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, encode, FORM, PASSWORD, startWeb } from './support.ts';
import type { WebHarness } from './support.ts';

const EMAIL = 'csrf-mod@example.org';

function loginCookie(setCookie: string | string[] | undefined): string | undefined {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.find((c) => c.startsWith('redress_login_csrf='));
}

const post = (web: WebHarness, token: string) =>
  web.app.inject({
    method: 'POST',
    url: '/staff/login',
    headers: { ...FORM, cookie: `redress_login_csrf=${token}` },
    payload: encode({ email: EMAIL, password: PASSWORD, _csrf: token }),
  });

describe('the login form token', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb();
    await createStaff(web.rt, EMAIL, 'moderator');
  });
  afterAll(() => web.close());

  it('refuses a planted cookie and field pair, even with the right password', async () => {
    const planted = [
      'a'.repeat(40),
      'attacker-chosen-value-0123456789',
      `${'A'.repeat(32)}.${'B'.repeat(43)}`,
    ];
    for (const token of planted) {
      const res = await post(web, token);
      expect(res.statusCode, token).toBe(403);
      expect(String(res.headers['set-cookie'] ?? '')).not.toContain('redress_session=');
      // The page answers with a token of its own, not the planted one.
      expect(loginCookie(res.headers['set-cookie'])).not.toContain(token);
    }
  });

  it('replaces a planted cookie when the form is shown', async () => {
    const page = await web.app.inject({
      url: '/staff/login',
      headers: { cookie: `redress_login_csrf=${'a'.repeat(40)}` },
    });
    const issued = loginCookie(page.headers['set-cookie']);
    expect(issued).toBeDefined();
    expect(issued).not.toContain('a'.repeat(40));
  });

  it('accepts the token it issued', async () => {
    const page = await web.app.inject({ url: '/staff/login' });
    const token = /^redress_login_csrf=([^;]+)/.exec(loginCookie(page.headers['set-cookie']) ?? '')?.[1];
    expect(page.body).toContain(`value="${token}"`);
    const res = await post(web, token ?? '');
    expect(res.statusCode).toBe(303);
    expect(String(res.headers['set-cookie'])).toContain('redress_session=sess_');
  });

  it('is not Secure on a plain-HTTP deployment', async () => {
    const page = await web.app.inject({ url: '/staff/login' });
    expect(loginCookie(page.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });
});

describe('behind an https public URL', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startWeb({ REDRESS_PUBLIC_URL: 'https://redress.example' });
  });
  afterAll(() => web.close());

  it('the login form cookie is Secure', async () => {
    const page = await web.app.inject({ url: '/staff/login' });
    expect(loginCookie(page.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });
});
