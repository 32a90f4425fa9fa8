/**
 * Runs a suite on both databases. SQLite gets a fresh temporary data folder; PostgreSQL (at
 * 127.0.0.1:5432, database `test`, or TEST_DATABASE_URL) gets a fresh schema through
 * `search_path`, dropped afterwards, so test files can run in parallel without seeing each other.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config.ts';
import { loadConfig } from '../../src/config.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';

export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_KEY = 'a'.repeat(64);

export interface TestEnv {
  env: Record<string, string>;
  config: Config;
  cleanup(): Promise<void>;
}

/** Environment variables (as the CLI would read them) for a fresh database of the given kind. */
export function testEnv(kind: DatabaseKind, extra: Record<string, string> = {}): TestEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-test-'));
  const env: Record<string, string> = {
    REDRESS_DATA_DIR: dataDir,
    REDRESS_SECRET_KEY: TEST_KEY,
    REDRESS_LOG_LEVEL: 'warn',
    REDRESS_INTAKE_RATE_LIMIT: '0',
    ...extra,
  };
  let schema: string | undefined;
  if (kind === 'postgres') {
    schema = `t_${Math.random().toString(36).slice(2, 12)}`;
    Object.assign(env, { DATABASE_URL: PG_URL, REDRESS_DB_SCHEMA: schema });
  }
  return {
    env,
    config: loadConfig(env),
    async cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    },
  };
}

export async function openTestRuntime(
  kind: DatabaseKind,
  options: { clock?: Clock; extraEnv?: Record<string, string> } = {},
): Promise<{ rt: Runtime; env: TestEnv; close(): Promise<void> }> {
  const env = testEnv(kind, options.extraEnv);
  const rt = await openRuntime(env.config, { clock: options.clock, log: createLogger('warn') });
  return {
    rt,
    env,
    async close() {
      await rt.close();
      await env.cleanup();
    },
  };
}
