/**
 * Shared pieces of the copies tests: fixture paths, an API client for a listening app, and API
 * keys with the roles the endpoints need (created through the same use case as the admin API).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Runtime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import type { StaffRole } from '../../src/use-cases/create-staff-user.ts';

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

export async function bearer(rt: Runtime, role: StaffRole, name = role): Promise<Record<string, string>> {
  const { key } = await createApiKey(
    { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock },
    { name, role },
  );
  return { authorization: `Bearer ${key}` };
}
