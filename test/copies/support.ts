/**
 * Shared pieces of the copies tests: fixture paths, an API client for a listening app, API keys
 * with the roles the endpoints need (created through the same use case as the admin API), and a
 * request for one item reported and approved for removal.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import type { StaffRole } from '../../src/use-cases/create-staff-user.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import type { DatabaseKind, TestEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

export const PDQ_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/pdq');
export const BRIDGE = path.join(PDQ_FIXTURES, 'bridge-mods');
export const fixture = (...parts: string[]): Buffer => readFileSync(path.join(PDQ_FIXTURES, ...parts));

export interface ApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function apiClient(base: string) {
  return async function api(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(base + route, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': raw ? 'image/jpeg' : 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };
}

export interface ApiHarness {
  rt: Runtime;
  env: TestEnv;
  /** The app's address on loopback. */
  base: string;
  api: ReturnType<typeof apiClient>;
  platform: Record<string, string>;
  moderator: Record<string, string>;
  close(): Promise<void>;
}

/** A runtime on a fresh database, its HTTP app listening on loopback, and platform and moderator keys. */
export async function openApi(
  kind: DatabaseKind,
  extraEnv: Record<string, string> = {},
): Promise<ApiHarness> {
  const opened = await openTestRuntime(kind, { extraEnv });
  const app = await buildApp(opened.rt);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    rt: opened.rt,
    env: opened.env,
    base,
    api: apiClient(base),
    platform: await bearer(opened.rt, 'platform'),
    moderator: await bearer(opened.rt, 'moderator'),
    async close() {
      await app.close();
      await opened.close();
    },
  };
}

export async function bearer(rt: Runtime, role: StaffRole, name = role): Promise<Record<string, string>> {
  const { key } = await createApiKey(
    { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock },
    { name, role },
  );
  return { authorization: `Bearer ${key}` };
}

/**
 * Reports one platform item through the public API and has a moderator approve its removal, as a
 * real case goes; the jobs that follow (webhooks, the copy sweep) are the caller's to run.
 */
export async function reportAndApprove(
  api: ReturnType<typeof apiClient>,
  moderator: Record<string, string>,
  item: { url: string; platformItemId: string },
): Promise<string> {
  const report = await api('POST', '/api/v1/requests', completeRequest({ items: [item] }));
  if (report.status !== 201) throw new Error(`report refused: ${JSON.stringify(report.body)}`);
  const caseNumber = report.body.caseNumber as string;
  const facts = 'The requester is the person shown and did not consent.';
  const decided = await api(
    'POST',
    `/api/v1/staff/requests/${caseNumber}/decision`,
    { decision: 'remove', facts },
    moderator,
  );
  if (decided.body?.status !== 'approved')
    throw new Error(`decision refused: ${JSON.stringify(decided.body)}`);
  return caseNumber;
}

/**
 * Records the case's first item as removed by the platform, as a moderator does (this queues the
 * copy sweep); returns the item's id.
 */
export async function recordFirstItemRemoved(
  api: ReturnType<typeof apiClient>,
  moderator: Record<string, string>,
  caseNumber: string,
): Promise<string> {
  const detail = await api('GET', `/api/v1/staff/requests/${caseNumber}`, undefined, moderator);
  const itemId = detail.body.items[0].id as string;
  const outcome = await api(
    'POST',
    `/api/v1/staff/requests/${caseNumber}/items/${itemId}/outcome`,
    { outcome: 'removed', facts: 'hidden by the platform' },
    moderator,
  );
  if (outcome.status !== 200) throw new Error(`outcome refused: ${JSON.stringify(outcome.body)}`);
  return itemId;
}
