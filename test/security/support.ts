/**
 * Shared pieces of the authorisation and hostile-input tests: a service on loopback with one
 * credential per role (staff sessions for admin, moderator and auditor, an API key for the
 * platform, a requester's status token), a real case and bank to aim at, and a raw HTTP client
 * that sends bytes no well-behaved client library would (CR/LF, non-Latin-1, bad escapes).
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { digest, newToken } from '../../src/security/tokens.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { createStaffUser } from '../../src/use-cases/create-staff-user.ts';
import type { StaffRole } from '../../src/use-cases/create-staff-user.ts';
import { csrfFor } from '../../src/web/console/session.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import type { DatabaseKind } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request as written (`Connection: close`) and reads the answer to the end. */
export function rawRequest(port: number, head: string, body: Buffer | string = ''): Promise<RawAnswer> {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      let rest = text.slice(end + 4);
      if (headers['transfer-encoding'] === 'chunked') rest = unchunk(rest);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest });
    });
  });
}

function unchunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 4 + size);
  }
}

/** A request line and headers for `rawRequest`; the path is sent exactly as given. */
export function head(method: string, path: string, headers: Record<string, string>, length: number): string {
  const lines = Object.entries({ host: 'localhost', connection: 'close', ...headers }).map(
    ([k, v]) => `${k}: ${v}\r\n`,
  );
  return `${method} ${path} HTTP/1.1\r\n${lines.join('')}content-length: ${length}\r\n\r\n`;
}

/** Sends a request through the raw client: JSON bodies as JSON, the path exactly as given. */
export async function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<RawAnswer & { json: any }> {
  const raw =
    body === undefined
      ? Buffer.alloc(0)
      : Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const type: Record<string, string> =
    body === undefined || headers['content-type'] ? {} : { 'content-type': 'application/json' };
  const answer = await rawRequest(port, head(method, path, { ...type, ...headers }, raw.length), raw);
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = undefined;
  }
  return { ...answer, json };
}

export type Principal = 'none' | 'admin' | 'moderator' | 'auditor' | 'platform' | 'requester';
export const PRINCIPALS: readonly Principal[] = [
  'none',
  'admin',
  'moderator',
  'auditor',
  'platform',
  'requester',
];

export interface SecurityHarness {
  rt: Runtime;
  app: FastifyInstance;
  port: number;
  /** A submitted case, its status token and first item. */
  caseNumber: string;
  statusToken: string;
  itemId: string;
  bank: string;
  /** The staff accounts' ids by role. */
  users: ReadonlyMap<StaffRole, string>;
  /** Headers that make an API call as `who` (a fresh session each call for staff). */
  apiHeaders(who: Principal): Promise<Record<string, string>>;
  /** The cookie and CSRF token of a fresh console session, or none. */
  consoleSession(who: Principal): Promise<{ cookie?: string; csrf?: string }>;
  close(): Promise<void>;
}

const STAFF: readonly StaffRole[] = ['admin', 'moderator', 'auditor'];

export async function openSecurityHarness(
  kind: DatabaseKind,
  extraEnv: Record<string, string> = {},
): Promise<SecurityHarness> {
  const opened = await openTestRuntime(kind, { extraEnv: { REDRESS_POW_BITS: '8', ...extraEnv } });
  const { rt } = opened;
  const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
  const users = new Map<StaffRole, string>();
  for (const role of STAFF) {
    users.set(role, (await createStaffUser(deps, { email: `${role}@staff.example`, role })).userId);
  }
  const { key: platformKey } = await createApiKey(deps, { name: 'platform', role: 'platform' });
  const submitted = await rt.submit({ submission: completeRequest(), channel: 'api' });
  const row = await rt.database.transact((trx) =>
    rt.repos.requests.findByCaseNumber(trx, submitted.caseNumber),
  );
  const items = await rt.database.transact((trx) => rt.repos.requests.items(trx, row!.id));
  const app = await buildApp(rt);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as net.AddressInfo).port;

  async function session(role: StaffRole): Promise<string> {
    const token = newToken('sess_');
    const now = rt.clock.now();
    const expires = new Date(now.getTime() + 3_600_000);
    await rt.database.transact((trx) =>
      rt.repos.staff.insertSession(trx, digest(token), users.get(role)!, now, expires),
    );
    return token;
  }
  const bank = 'fuzz-bank';
  const bankAnswer = await app.inject({
    method: 'POST',
    url: '/api/v1/banks',
    headers: { authorization: `Bearer ${await session('moderator')}` },
    payload: { name: bank },
  });
  if (bankAnswer.statusCode >= 300) throw new Error(`bank not created: ${bankAnswer.body}`);

  return {
    rt,
    app,
    port,
    caseNumber: submitted.caseNumber,
    statusToken: submitted.statusToken,
    itemId: items[0].id,
    bank,
    users,
    async apiHeaders(who): Promise<Record<string, string>> {
      if (who === 'none') return {};
      if (who === 'platform') return { authorization: `Bearer ${platformKey}` };
      if (who === 'requester') return { 'x-status-token': submitted.statusToken };
      return { authorization: `Bearer ${await session(who)}` };
    },
    async consoleSession(who) {
      if (who === 'none' || who === 'platform' || who === 'requester') return {};
      const token = await session(who);
      return { cookie: `redress_session=${token}`, csrf: csrfFor(token) };
    },
    async close() {
      await app.close();
      await opened.close();
    },
  };
}
