/**
 * The authorisation matrix, generated from the routes the service serves: every OpenAPI operation
 * and every console action, called as each role (admin, moderator, auditor, a platform API key,
 * the requester's status token) and as nobody, against the roles README.md states
 * (route-roles.ts). A route served without an entry in the table fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, CONSOLE_PUBLIC, CONSOLE_ROUTES } from './route-roles.ts';
import type { RouteRule, Sample } from './route-roles.ts';
import { openApiOperations, servedRoutes } from './routes.ts';
import { openSecurityHarness, PRINCIPALS } from './support.ts';
import type { Principal, SecurityHarness } from './support.ts';

let h: SecurityHarness;
beforeAll(async () => {
  h = await openSecurityHarness('sqlite');
});
afterAll(() => h?.close());

const methodOf = (key: string) => key.slice(0, key.indexOf(' '));

async function send(key: string, sample: Sample, headers: Record<string, string>) {
  const form = sample.form || sample.body === undefined ? undefined : JSON.stringify(sample.body);
  const res = await fetch(`http://127.0.0.1:${h.port}${sample.path}`, {
    method: methodOf(key),
    redirect: 'manual',
    headers: {
      ...headers,
      ...(sample.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(form !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: sample.form ? new URLSearchParams(sample.body as Record<string, string>).toString() : form,
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') ?? '' };
}

function allowed(rule: RouteRule, who: Principal): boolean {
  return rule.access !== 'public' && (rule.access as readonly string[]).includes(who);
}

describe('authorisation matrix', () => {
  it('has an entry for every route of the OpenAPI document and every console route, and no other', async () => {
    // The API's operations from its document, and the public pages (not in the document) as served.
    const pages = servedRoutes(h.app)
      .filter((r) => !/^[A-Z]+ \/(api|staff|metrics)(\/|$)/.test(r) || CONSOLE_PUBLIC.includes(r))
      .map((r) => r.replace(/:(\w+)/g, '{$1}'));
    const operations = [...(await openApiOperations(h.app)), ...pages];
    const consoleRoutes = servedRoutes(h.app).filter(
      (r) => /^[A-Z]+ \/staff(\/|$)/.test(r) && !CONSOLE_PUBLIC.includes(r),
    );
    const colon = (op: string) => op.replace(/\{(\w+)\}/g, ':$1');
    expect(operations.filter((op) => !(op in API_ROUTES) && !(colon(op) in CONSOLE_ROUTES))).toEqual([]);
    expect(consoleRoutes.filter((r) => !(r in CONSOLE_ROUTES))).toEqual([]);
    expect(Object.keys(API_ROUTES).filter((k) => !operations.includes(k))).toEqual([]);
    expect(Object.keys(CONSOLE_ROUTES).filter((k) => !consoleRoutes.includes(k))).toEqual([]);
    expect(operations.length).toBeGreaterThan(40);
  });

  it('lets exactly the documented roles call each API route', async () => {
    const wrong: string[] = [];
    for (const [key, rule] of Object.entries(API_ROUTES)) {
      const answers = new Map<Principal, number>();
      for (const who of PRINCIPALS) {
        const { status } = await send(key, rule.sample(h, who), await h.apiHeaders(who));
        answers.set(who, status);
        const tokenRoute = rule.access !== 'public' && rule.access.includes('requester');
        const ok =
          status < 500 &&
          (rule.access === 'public'
            ? true
            : allowed(rule, who)
              ? ![401, 403].includes(status) && !(tokenRoute && status === 404)
              : tokenRoute
                ? status === 404
                : status === (who === 'none' || who === 'requester' ? 401 : 403));
        if (!ok) wrong.push(`${key} as ${who}: ${status}`);
      }
      if (rule.access === 'public') {
        // Whoever calls, the same answer (rate limits aside): no credential changes a public route.
        const none = answers.get('none');
        for (const [who, status] of answers) {
          if (status !== none && status !== 429) wrong.push(`${key} as ${who}: ${status}, as nobody ${none}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets exactly the documented roles use each console page and action', async () => {
    const wrong: string[] = [];
    for (const [key, rule] of Object.entries(CONSOLE_ROUTES)) {
      for (const who of PRINCIPALS) {
        const session = await h.consoleSession(who);
        const sample = rule.sample(h, who);
        const body = {
          ...(sample.body as Record<string, string>),
          ...(session.csrf ? { _csrf: session.csrf } : {}),
        };
        const headers: Record<string, string> = session.cookie ? { cookie: session.cookie } : {};
        const post = methodOf(key) === 'POST';
        const { status, location } = await send(
          key,
          post ? { ...sample, body, form: true } : sample,
          headers,
        );
        const toLogin = status === 303 && location.startsWith('/staff/login');
        const ok =
          status < 500 &&
          (rule.access === 'public'
            ? true
            : allowed(rule, who)
              ? status !== 403 && status !== 401 && !toLogin
              : session.cookie
                ? status === 403
                : toLogin || status === 401 || status === 403);
        if (!ok) wrong.push(`${key} as ${who}: ${status} ${location}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
