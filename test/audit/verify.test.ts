/**
 * `redress audit verify` (TIDA-H1) on both databases: it passes on a clean log and fails, naming
 * the first bad event, after one event is altered, removed or swapped directly in the database,
 * or the newest event is dropped.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/database.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { runCli } from '../helpers/cli.ts';

type Tamper = (db: Executor) => Promise<unknown>;

const tampering: [string, Tamper, RegExp][] = [
  [
    'altered',
    (db) =>
      db
        .updateTable('audit_events')
        .set({ data: '{"valid":false,"missing":["signature"]}' })
        .where('seq', '=', 4)
        .execute(),
    /BROKEN at event #4 .*altered/,
  ],
  [
    'removed',
    (db) => db.deleteFrom('audit_events').where('seq', '=', 3).execute(),
    /BROKEN at event #3 .*removed/,
  ],
  [
    'swapped',
    async (db) => {
      await db.updateTable('audit_events').set({ seq: -1 }).where('seq', '=', 2).execute();
      await db.updateTable('audit_events').set({ seq: 2 }).where('seq', '=', 3).execute();
      await db.updateTable('audit_events').set({ seq: 3 }).where('seq', '=', -1).execute();
    },
    /BROKEN at event #2 .*(removed or reordered)/,
  ],
  [
    'newest dropped',
    (db) => sql`delete from audit_events where seq = (select max(seq) from audit_events)`.execute(db),
    /BROKEN at event #5 /,
  ],
];

describe.each(DATABASES)('audit verify on %s', (kind) => {
  it.each(tampering)('passes on a clean log and detects an event %s', async (_name, tamper, expected) => {
    const { rt, env, close } = await openTestRuntime(kind);
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
      await submitRequest(deps, completeRequest());
      await submitRequest(deps, completeRequest({ minorInvolved: true }));
      const clean = await runCli(['audit', 'verify'], env.env);
      expect(clean.stdout).toContain('audit log OK: 5 events');
      expect(clean.code).toBe(0);
      await tamper(rt.database.db);
      const broken = await runCli(['audit', 'verify'], env.env);
      expect(broken.stdout).toMatch(expected);
      expect(broken.code).toBe(2);
    } finally {
      await close();
    }
  });

  it('exports the log as NDJSON', async () => {
    const { rt, env, close } = await openTestRuntime(kind);
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
      await submitRequest(deps, completeRequest());
      const out = await runCli(['audit', 'export'], env.env);
      const lines = out.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { seq: number; type: string });
      expect(lines.map((l) => l.type)).toEqual(['request.received', 'request.validated']);
    } finally {
      await close();
    }
  });
});
