/**
 * Every protected route that takes a body refuses a caller from the headers alone, before the
 * body is sent: a client sends the request line and headers (announcing a body), then waits.
 * Anonymous API calls get 401, a key of a role the route does not allow 403, and console forms
 * without a session go to the sign-in page. The routes come from the app itself, so a protected
 * route added later is covered without an entry here; only the public forms are listed.
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { bearer } from '../copies/support.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';

/** POST routes anyone may use (intake, the requester's token routes, sign-in and set-up). */
const PUBLIC = [
  /^\/api\/v1\/requests/,
  /^\/api\/v1\/auth\//,
  /^\/requests?(\/|$)/,
  /^\/staff\/login$/,
  /^\/setup$/,
  // A peer's signed audit checkpoint: the signature in the (small, size-capped) body is the credential.
  /^\/api\/v1\/audit\/witness$/,
];

/** The POST routes of the app, from Fastify's route tree, with `:params` filled in. */
function postRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false, method: 'POST' } as never);
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack[depth] = (depth > 0 ? stack[depth - 1] : '') + match[2];
    stack.length = depth + 1;
    if (line.includes('(POST)')) routes.push(stack[depth].replace(/:\w+/g, 'x'));
  }
  return routes;
}

interface RawAnswer {
  status: number;
  headers: string;
}

/**
 * Sends the headers of a POST announcing `length` bytes of body, then nothing: resolves with the
 * answer, or rejects if none comes (the server is waiting for the body).
 */
function headersOnly(base: string, route: string, headers: Record<string, string>, length: number) {
  const { port } = new URL(base);
  return new Promise<RawAnswer>((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${route}: no answer without the body`));
    }, 5000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(received.slice(9, 12)), headers: received.slice(0, end).toLowerCase() });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const lines = Object.entries({ host: 'localhost', ...headers, 'content-length': String(length) }).map(
      ([k, v]) => `${k}: ${v}`,
    );
    socket.write(`POST ${route} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
  });
}

describe.each(DATABASES)('authentication before the body on %s', (kind) => {
  let close: () => Promise<void>;
  let base: string;
  let routes: string[];
  let auditor: Record<string, string>;

  beforeAll(async () => {
    const opened = await openTestRuntime(kind);
    const app = await buildApp(opened.rt);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    routes = postRoutes(app).filter((route) => !PUBLIC.some((p) => p.test(route)));
    auditor = await bearer(opened.rt, 'auditor'); // reads only: refused by every POST
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('refuses anonymous and wrong-role API calls before their body is sent', async () => {
    const api = routes.filter((route) => route.startsWith('/api/'));
    expect(api).toEqual(
      expect.arrayContaining([
        '/api/v1/content',
        '/api/v1/check',
        '/api/v1/banks/x/entries',
        '/api/v1/banks/x/import',
      ]),
    );
    for (const route of api) {
      const json = { 'content-type': 'application/json' };
      const anonymous = await headersOnly(base, route, json, 200_000);
      expect([route, anonymous.status]).toEqual([route, 401]);
      expect(anonymous.headers).toContain('connection: close');
      const wrongRole = await headersOnly(base, route, { ...json, ...auditor }, 200_000);
      expect([route, wrongRole.status]).toEqual([route, 403]);
    }
    // The large ones too: a 27.5 MB upload announced by an anonymous caller is never read.
    for (const route of ['/api/v1/content', '/api/v1/banks/x/entries', '/api/v1/banks/x/import']) {
      expect(
        (await headersOnly(base, route, { 'content-type': 'application/json' }, 27_500_000)).status,
      ).toBe(401);
    }
    const image = await headersOnly(base, '/api/v1/check', { 'content-type': 'image/jpeg' }, 20_000_000);
    expect(image.status).toBe(401);
  });

  it('sends console forms without a session to the sign-in page before their body is sent', async () => {
    const forms = routes.filter((route) => !route.startsWith('/api/'));
    expect(forms).toEqual(expect.arrayContaining(['/staff/admin/users', '/staff/banks/x/settings']));
    for (const route of forms) {
      const answer = await headersOnly(
        base,
        route,
        { 'content-type': 'application/x-www-form-urlencoded' },
        200_000,
      );
      expect([route, answer.status]).toEqual([route, 303]);
      expect(answer.headers).toContain('location: /staff/login');
    }
  });
});
