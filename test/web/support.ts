/**
 * Shared set-up of the web page tests: a fresh SQLite-backed service listening on loopback,
 * staff accounts with known passwords, a signed-in console session, and form posting.
 */
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createStaffUser } from '../../src/use-cases/create-staff-user.ts';
import type { StaffRole } from '../../src/use-cases/create-staff-user.ts';
import { setUpAccount } from '../../src/use-cases/set-up-account.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import { launchChromium } from '../support/chromium.ts';

export const PASSWORD = 'correct horse battery staple';

export interface WebHarness {
  rt: Runtime;
  app: FastifyInstance;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startWeb(extraEnv: Record<string, string> = {}): Promise<WebHarness> {
  const t = await openTestRuntime('sqlite', { extraEnv: { REDRESS_POW_BITS: '8', ...extraEnv } });
  const app = await buildApp(t.rt);
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    rt: t.rt,
    app,
    baseUrl,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

export async function createStaff(rt: Runtime, email: string, role: StaffRole): Promise<string> {
  const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
  const { setupToken, userId } = await createStaffUser(deps, { email, role });
  await setUpAccount(deps, { setupToken, password: PASSWORD });
  return userId;
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function encode(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function cookiesOf(setCookie: string | string[] | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(list.map((c) => c.split(';')[0].split('=') as [string, string]));
}

/** Signs in through the console's login form; returns the cookie header and the CSRF token. */
export async function signIn(app: FastifyInstance, email: string): Promise<{ cookie: string; csrf: string }> {
  const page = await app.inject({ url: '/staff/login' });
  const loginCsrf = cookiesOf(page.headers['set-cookie']).redress_login_csrf;
  const res = await app.inject({
    method: 'POST',
    url: '/staff/login',
    headers: { ...FORM, cookie: `redress_login_csrf=${loginCsrf}` },
    payload: encode({ email, password: PASSWORD, _csrf: loginCsrf }),
  });
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode}`);
  const session = cookiesOf(res.headers['set-cookie']).redress_session;
  const cookie = `redress_session=${session}`;
  const queue = await app.inject({ url: '/staff', headers: { cookie } });
  const csrf = /name="_csrf" value="([0-9a-f]{64})"/.exec(queue.body)?.[1];
  if (!csrf) throw new Error('no CSRF token on the queue page');
  return { cookie, csrf };
}

/** A staff account of `role`, signed in: its session cookie and CSRF token. */
export async function signedInStaff(
  web: WebHarness,
  email: string,
  role: StaffRole,
): Promise<{ cookie: string; csrf: string }> {
  await createStaff(web.rt, email, role);
  return signIn(web.app, email);
}

/** Opens `path` in Chromium with a staff session cookie and hands the page to `run`. */
export async function inStaffBrowser(
  web: WebHarness,
  staff: { cookie: string },
  path: string,
  run: (page: Page) => Promise<void>,
): Promise<void> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const [name, value] = staff.cookie.split('=');
    await context.addCookies([{ name, value, url: web.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${web.baseUrl}${path}`);
    await run(page);
  } finally {
    await browser.close();
  }
}

/** A complete request sent through the public form, as a requester would: its case number and token. */
export async function submitForm(app: FastifyInstance): Promise<{ caseNumber: string; token: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/request',
    headers: FORM,
    payload: encode(completeForm()),
  });
  if (res.statusCode !== 303) throw new Error(`the form was refused: ${res.statusCode}`);
  return statusLinkFrom(res.headers.location as string);
}

/** The four TAKE IT DOWN elements, complete, as form fields. */
export function completeForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    legalBasis: 'take_it_down',
    role: 'depicted_person',
    item_url_0: 'https://social.example/p/123',
    goodFaithStatement: 'I never agreed to this being posted.',
    email: 'jane@example.org',
    signature: 'Jane Doe',
    ...overrides,
  };
}

export function statusLinkFrom(location: string): { caseNumber: string; token: string } {
  const m = /^\/requests\/(RD-[0-9A-Z]{4}-[0-9A-Z]{4})\/received\?token=(.+)$/.exec(location);
  if (!m) throw new Error(`unexpected redirect ${location}`);
  return { caseNumber: m[1], token: decodeURIComponent(m[2]) };
}
