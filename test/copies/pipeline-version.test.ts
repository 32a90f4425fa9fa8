/**
 * Derived bank hashes are only comparable with upload hashes of the same match pipeline: each is
 * banked with MATCH_PIPELINE_VERSION, the export and import carry it, and the bank index (at load
 * and when following the change log) searches only this version's, on SQLite and PostgreSQL.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATCH_PIPELINE_VERSION } from '@redress/match';
import { migrations as postgresMigrations } from '../../src/db/migrations/postgres/index.ts';
import { migrations as sqliteMigrations } from '../../src/db/migrations/sqlite/index.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';
import { DATABASES } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { apiClient, fixture, openApi } from './support.ts';

const current = 'c3'.repeat(32);
const other = '3c'.repeat(32);
const searchDerived = (rt: Runtime, hex: string) =>
  rt.stayDown.index.search([{ variant: 'whole', hex }], 31, 40);

describe.each(DATABASES)('match pipeline version of derived bank hashes on %s', (kind) => {
  let rt: Runtime;
  let env: TestEnv;
  let api: ReturnType<typeof apiClient>;
  let moderator: Record<string, string>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ rt, env, api, moderator, close } = await openApi(kind));
  });
  afterAll(() => close());

  it('banks an image with the version on its derived hashes only', async () => {
    const banked = await api(
      'POST',
      '/api/v1/banks/takedowns/entries',
      { mediaBase64: fixture('bridge-mods', 'aaa-orig.jpg').toString('base64') },
      moderator,
    );
    expect(banked.status).toBe(201);
    const rows = await rt.database.db
      .selectFrom('bank_hashes')
      .select(['kind', 'variant', 'pipeline'])
      .where('entry_id', '=', banked.body.entry)
      .execute();
    const derived = rows.filter((r) => r.kind === 'pdq' && r.variant !== 'original');
    expect(derived.length).toBeGreaterThan(5);
    expect(new Set(derived.map((r) => r.pipeline))).toEqual(new Set([MATCH_PIPELINE_VERSION]));
    expect(rows.filter((r) => !derived.includes(r)).map((r) => r.pipeline)).toEqual([null, null, null]);
  });

  it("searches only this version's derived hashes, in this process and after a restart", async () => {
    const add = (value: string, pipeline?: number) =>
      api(
        'POST',
        '/api/v1/banks/partner/entries',
        { hashes: [{ kind: 'pdq', value, variant: 'crop-15', ...(pipeline ? { pipeline } : {}) }] },
        moderator,
      );
    expect((await add(current)).status).toBe(201);
    expect((await add(other, MATCH_PIPELINE_VERSION + 1)).status).toBe(201);
    // Through the change log: the add reaches this process's index at once.
    expect(searchDerived(rt, current)).toHaveLength(1);
    expect(searchDerived(rt, other)).toEqual([]);

    // Through a load: a second process, whose log says what it left out.
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const second = await openRuntime(env.config, { log: createLogger('warn', sink) });
    try {
      await second.stayDown.index.ready();
      expect(searchDerived(second, current)).toHaveLength(1);
      expect(searchDerived(second, other)).toEqual([]);
      expect(lines.map((l) => JSON.parse(l))).toContainEqual(
        expect.objectContaining({ hashes: 1, msg: expect.stringMatching(/another match pipeline/) }),
      );
    } finally {
      await second.close();
    }

    const exported = await api('GET', '/api/v1/banks/partner/export', undefined, moderator);
    expect(exported.body.entries.map((e: { hashes: unknown[] }) => e.hashes[0])).toEqual([
      expect.objectContaining({ value: expect.any(String), pipeline: expect.any(Number) }),
      expect.objectContaining({ value: expect.any(String), pipeline: expect.any(Number) }),
    ]);
    const versions = Object.fromEntries(
      exported.body.entries.map((e: { hashes: Array<{ value: string; pipeline: number }> }) => [
        e.hashes[0].value,
        e.hashes[0].pipeline,
      ]),
    );
    expect(versions).toEqual({ [current]: MATCH_PIPELINE_VERSION, [other]: MATCH_PIPELINE_VERSION + 1 });
  });

  it('marks the derived hashes banked before the version was kept as version 1', async () => {
    const db = rt.database.db;
    const migration = (kind === 'sqlite' ? sqliteMigrations : postgresMigrations)[
      '20261128120000_bank_hash_pipeline'
    ];
    await migration.down!(db);
    await migration.up(db);
    const rows = await db.selectFrom('bank_hashes').select(['kind', 'variant', 'pipeline']).execute();
    for (const r of rows) {
      const derived = r.kind === 'pdq' && r.variant !== 'original' && !r.variant.startsWith('original/');
      expect([r.variant, r.pipeline]).toEqual([r.variant, derived ? 1 : null]);
    }
    expect(rows.filter((r) => r.pipeline === 1).length).toBeGreaterThan(5);
  });
});
