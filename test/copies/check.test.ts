/**
 * Stay-down through the real HTTP API on SQLite and PostgreSQL: banking an image with all match
 * variants, checking uploads (image body, hashes) for block / review / allow with explanations,
 * a blocked upload recorded, withdrawal taking effect, a second process's index following the
 * change log, registry registration with hashes, and an SSRF attempt through /api/v1/content.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createLogger } from '../../src/logger.ts';
import { DATABASES } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { apiClient, fixture, openApi } from './support.ts';

describe.each(DATABASES)('upload checks over HTTP on %s', (kind) => {
  let rt: Runtime;
  let env: TestEnv;
  let api: ReturnType<typeof apiClient>;
  let close: () => Promise<void>;
  let platform: Record<string, string>;
  let moderator: Record<string, string>;

  beforeAll(async () => {
    ({ rt, env, api, platform, moderator, close } = await openApi(kind));
  });
  afterAll(() => close());

  it('blocks edited copies of a banked image, explains the match, and allows others', async () => {
    const original = fixture('bridge-mods', 'aaa-orig.jpg');
    const banked = await api(
      'POST',
      '/api/v1/banks/takedowns/entries',
      { mediaBase64: original.toString('base64'), label: 'bridge' },
      moderator,
    );
    expect(banked.status).toBe(201);
    expect(banked.body.hashes).toBeGreaterThan(10); // sha256, md5 and the match variants

    const copy = await api(
      'POST',
      '/api/v1/check?platformItemId=up-1&uploaderId=u-9',
      fixture('bridge-mods', 'shrink-a-lot.jpg'),
      platform,
    );
    expect(copy.status).toBe(200);
    expect(copy.body.verdict).toBe('block');
    expect(copy.body.matches[0]).toMatchObject({ bank: 'takedowns', entry: banked.body.entry, kind: 'pdq' });
    expect(copy.body.matches[0].explanation).toMatch(/of bridge, distance \d+ \(block\)/);

    const other = await api(
      'POST',
      '/api/v1/check',
      fixture('reg-test-input', 'labelme-subset', 'q0746.jpg'),
      platform,
    );
    expect(other.body).toEqual({ verdict: 'allow', matches: [] });

    const same = await api('POST', '/api/v1/check', original, platform);
    expect(same.body.matches[0]).toMatchObject({ kind: 'sha256', distance: 0, verdict: 'block' });

    // Staff keys cannot call the platform endpoints, and vice versa.
    expect((await api('POST', '/api/v1/check', original, moderator)).status).toBe(403);
    expect((await api('GET', '/api/v1/banks', undefined, platform)).status).toBe(403);
    const banks = await api('GET', '/api/v1/banks', undefined, moderator);
    expect(banks.body.banks).toEqual([
      expect.objectContaining({ name: 'takedowns', entries: 1, matchThreshold: 31 }),
    ]);

    // The block is recorded (no request behind a manually banked entry: no case to attach it to).
    const blocks = await rt.database.db.selectFrom('upload_blocks').selectAll().execute();
    expect(blocks.map((b) => [b.platform_item_id, b.uploader_id, b.entry_id])).toContainEqual([
      'up-1',
      'u-9',
      banked.body.entry,
    ]);
  });

  it('answers hash-only checks, follows withdrawals, and keeps a second process in step', async () => {
    const hex = 'f'.repeat(16) + '0'.repeat(48);
    const near = 'f'.repeat(16) + '0'.repeat(46) + 'ff'; // 8 bits away
    const added = await api(
      'POST',
      '/api/v1/banks/imported/entries',
      { hashes: [{ kind: 'pdq', value: hex }], sourceRef: 'partner-list-2026-11' },
      moderator,
    );
    expect(added.status).toBe(201);
    const check = (pdq: string) => api('POST', '/api/v1/check', { hashes: { pdq }, dryRun: true }, platform);
    expect((await check(near)).body.matches[0]).toMatchObject({
      entry: added.body.entry,
      variant: 'original',
    });

    // A second process on the same database: it sees the entry after its next poll.
    const hex2 = '0'.repeat(48) + 'f'.repeat(16);
    const other = await openRuntime(env.config, { log: createLogger('warn') });
    try {
      await other.stayDown.index.ready();
      const second = await api(
        'POST',
        '/api/v1/banks/imported/entries',
        { hashes: [{ kind: 'pdq', value: hex2 }] },
        moderator,
      );
      await other.stayDown.index.poll();
      expect(other.stayDown.index.search([{ variant: 'original', hex: hex2 }], 31, 40).length).toBe(1);
      // Inner crops and rotated grid hashes never match a plain hash (judgePair): not even looked up.
      const derived = [
        { variant: 'inner-30', hex: hex2 },
        { variant: 'whole/rot90', hex: hex2 },
      ];
      expect(other.stayDown.index.search(derived, 31, 40)).toEqual([]);
      expect(other.stayDown.index.search([{ variant: 'whole', hex: hex2 }], 31, 40)).toHaveLength(1);
      const withdrawn = await api(
        'POST',
        `/api/v1/bank-entries/${second.body.entry}/withdraw`,
        { reason: 'appeal upheld' },
        moderator,
      );
      expect(withdrawn.status).toBe(200);
      await other.stayDown.index.poll();
      expect(other.stayDown.index.search([{ variant: 'original', hex: hex2 }], 31, 40)).toEqual([]);
      expect((await check(hex2)).body.verdict).toBe('allow');
    } finally {
      await other.close();
    }

    // E4: partners page through the bank's hashes; the withdrawal travels with them.
    const exported = await api('GET', '/api/v1/banks/imported/export?limit=1', undefined, moderator);
    expect(exported.body.entries).toHaveLength(1);
    const rest = await api(
      'GET',
      `/api/v1/banks/imported/export?after=${exported.body.next}`,
      undefined,
      moderator,
    );
    const all = [...exported.body.entries, ...rest.body.entries];
    expect(all.map((e: { hashes: Array<{ value: string }> }) => e.hashes[0].value).sort()).toEqual(
      [hex2, hex].sort(),
    );
    expect(all.filter((e: { withdrawnAt: string | null }) => e.withdrawnAt).length).toBe(1);
    expect(JSON.stringify(all)).not.toMatch(/label|request/i);

    // Imported lists need a person before acting on perceptual matches (G4).
    await api('POST', '/api/v1/banks', { name: 'imported', onMatch: 'review' }, moderator);
    expect((await check(near)).body.verdict).toBe('review');
    await api('POST', '/api/v1/banks', { name: 'imported', enabled: false }, moderator);
    expect((await check(near)).body.verdict).toBe('allow');
  });

  it("matches plain hashes up to a bank's own threshold, even above PDQ's 31", async () => {
    const hex = '0f'.repeat(32);
    const away34 = 'ff'.repeat(8) + '3f' + '0f'.repeat(23); // 8 x 4 + 2 bits flipped
    await api('POST', '/api/v1/banks', { name: 'loose', matchThreshold: 36 }, moderator);
    await api('POST', '/api/v1/banks/loose/entries', { hashes: [{ kind: 'pdq', value: hex }] }, moderator);
    const check = () => api('POST', '/api/v1/check', { hashes: { pdq: away34 }, dryRun: true }, platform);
    expect((await check()).body.matches).toEqual([
      expect.objectContaining({ bank: 'loose', distance: 34, verdict: 'block' }),
    ]);
    await api('POST', '/api/v1/banks', { name: 'loose', matchThreshold: 31 }, moderator);
    expect((await check()).body.verdict).toBe('allow');
  });

  it('registers content by bytes and by hashes, and refuses to fetch from loopback', async () => {
    const one = await api(
      'POST',
      '/api/v1/content',
      {
        platformItemId: 'p-1',
        url: 'https://cdn.example/p-1.jpg',
        uploaderId: 'u-1',
        mediaBase64: fixture('bridge-mods', 'aaa-orig.jpg').toString('base64'),
      },
      platform,
    );
    expect(one.status).toBe(201);
    expect(one.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(one.body.pdq).toMatch(/^[0-9a-f]{64}$/);
    const batch = await api(
      'POST',
      '/api/v1/content',
      {
        items: [
          { platformItemId: 'p-2', hashes: { sha256: 'ab'.repeat(32), pdq: 'cd'.repeat(32) } },
          { platformItemId: 'p-3', mediaBase64: Buffer.from('not an image').toString('base64') },
        ],
      },
      platform,
    );
    expect(batch.body.results[0]).toMatchObject({ ok: true, sha256: 'ab'.repeat(32) });
    expect(batch.body.results[1]).toMatchObject({ ok: false, error: { code: 'MEDIA_UNSUPPORTED' } });

    const server = http.createServer((_req, res) => res.end('secret internal data'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const ssrf = await api(
        'POST',
        '/api/v1/content',
        { platformItemId: 'p-4', url: `http://127.0.0.1:${port}/admin`, fetch: true },
        platform,
      );
      expect(ssrf.status).toBe(422);
      expect(ssrf.body.error.code).toBe('FETCH_REFUSED');
      const viaCheck = await api('POST', '/api/v1/check', { url: `http://127.0.0.1:${port}/x` }, platform);
      expect(viaCheck.body.error.code).toBe('FETCH_REFUSED');
    } finally {
      server.close();
    }
  });
});
