/**
 * Poisoned and flooded shared lists: a StopNCII entry that matches 1,000 unrelated uploads within a
 * minute is quarantined once it has blocked the flood limit's worth of uploaders, and from then on
 * only sends to review, with audit events; the same entry blocking a few repeat uploaders is left
 * alone; a network whose review matches keep being dismissed drops to review-only; an allow-bank
 * entry suppresses a block; a low-quality upload never blocks on a shared hash.
 */
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StopNCIISimulator } from '../../scripts/sim/stopncii.ts';
import { DATABASES } from '../helpers/databases.ts';
import { openInstance, stopnciiEnv } from './support.ts';
import type { Instance } from './support.ts';

const PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';

describe.each(DATABASES)('poisoning and flood defence (%s)', (kind) => {
  let sim: StopNCIISimulator;
  let a: Instance;
  beforeEach(async () => {
    sim = new StopNCIISimulator();
    sim.base = await sim.listen();
    a = await openInstance(kind, stopnciiEnv(sim.base));
  });
  afterEach(async () => {
    await a.close();
    await sim.close();
  });
  const check = (body: Record<string, unknown>) => a.api('POST', '/api/v1/check', body, a.platform);
  const events = async (type: string) =>
    a.rt.database.db.selectFrom('audit_events').select('data').where('type', '=', type).execute();

  it('quarantines an entry matching 1,000 unrelated uploads in a minute, then drops the network to review-only', async () => {
    sim.setHash('ImagePDQ', PDQ, 'Active');
    await a.rt.networks.fetchNow('stopncii');
    // Two accounts re-uploading the same picture many times: not a flood.
    for (let i = 0; i < 60; i++) {
      const repeat = await check({ hashes: { pdq: PDQ }, uploaderId: `repeat-${i % 2}` });
      expect(repeat.body.verdict).toBe('block');
    }
    const verdicts: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const r = await check({
        hashes: { pdq: PDQ },
        uploaderId: `uploader-${i}`,
        platformItemId: `item-${i}`,
      });
      verdicts[r.body.verdict] = (verdicts[r.body.verdict] ?? 0) + 1;
    }
    // 50 different uploaders (REDRESS_QUARANTINE_UPLOADERS), two of them the repeat accounts.
    expect(verdicts).toEqual({ block: 48, review: 952 });
    const quarantined = await events('bank.entry_quarantined');
    expect(quarantined).toHaveLength(1);
    expect(JSON.parse(String(quarantined[0].data))).toMatchObject({
      source: 'stopncii',
      uploaders: 50,
      windowS: 60,
    });
    const flag = await a.rt.database.db.selectFrom('source_flags').selectAll().executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ source: 'stopncii', review_only: 0 });
    expect(flag.reason).toMatch(/blocked 50 different uploaders within a minute/);

    // Moderators dismiss the review matches: after five, StopNCII's bank only sends to review.
    const pending = await a.api('GET', '/api/v1/networks/matches?status=review', undefined, a.moderator);
    for (const m of pending.body.matches.slice(0, 5))
      await a.api('POST', `/api/v1/networks/matches/${m.id}/decision`, { outcome: 'dismiss' }, a.moderator);
    expect(await events('network.source_review_only')).toHaveLength(1);
    const banks = (await a.api('GET', '/api/v1/banks', undefined, a.moderator)).body.banks;
    expect(banks.find((b: { name: string }) => b.name === 'stopncii')).toMatchObject({ onMatch: 'review' });
  });

  it('suppresses a block with an allow-bank entry', async () => {
    sim.setHash('ImagePDQ', PDQ, 'Active');
    await a.rt.networks.fetchNow('stopncii');
    expect((await check({ hashes: { pdq: PDQ } })).body.verdict).toBe('block');
    const bank = await a.api(
      'POST',
      '/api/v1/banks',
      { name: 'known-false-positives', kind: 'allow' },
      a.moderator,
    );
    expect(bank.status).toBe(200);
    const added = await a.api(
      'POST',
      '/api/v1/banks/known-false-positives/entries',
      { hashes: [{ kind: 'pdq', value: PDQ }], label: 'a meme template' },
      a.moderator,
    );
    expect(added.status).toBe(201);
    const allowed = await check({ hashes: { pdq: PDQ }, uploaderId: 'u1' });
    expect(allowed.body).toMatchObject({ verdict: 'allow', matches: [] });
    expect(allowed.body.suppressedBy).toMatch(/^allow bank known-false-positives: .*a meme template/);
    const blocksOfU1 = a.rt.database.db
      .selectFrom('upload_blocks')
      .selectAll()
      .where('uploader_id', '=', 'u1');
    expect(await blocksOfU1.execute()).toEqual([]);
  });

  it('never blocks an upload under the quality floor on a shared hash', async () => {
    // A soft pattern: PDQ quality 61, over the engine's 50 but under this operator's floor of 80.
    const w = 256;
    const data = Buffer.alloc(w * w * 3);
    for (let y = 0; y < w; y++)
      for (let x = 0; x < w; x++)
        data.fill(
          128 + Math.round(40 * Math.sin(x / 20) * Math.cos(y / 26)),
          (y * w + x) * 3,
          (y * w + x) * 3 + 3,
        );
    const soft = await sharp(data, { raw: { width: w, height: w, channels: 3 } })
      .png()
      .toBuffer();
    const floored = await openInstance(kind, {
      ...stopnciiEnv(sim.base),
      REDRESS_NETWORK_QUALITY_FLOOR: '80',
    });
    try {
      const print = await floored.rt.stayDown.fingerprintUpload(new Uint8Array(soft));
      const plain = print.queries.find((q) => q.variant === 'original')!;
      expect(plain.quality).toBe(61);
      sim.setHash('ImagePDQ', plain.hex, 'Active');
      await floored.rt.networks.fetchNow('stopncii');
      const low = await floored.api('POST', '/api/v1/check', soft, floored.platform);
      expect(low.body.verdict).toBe('review');
      expect(low.body.matches[0]).toMatchObject({
        bank: 'stopncii',
        verdict: 'review',
        source: 'StopNCII.org',
      });
      // The same picture banked here (not shared) still blocks.
      await floored.api(
        'POST',
        '/api/v1/banks/takedowns/entries',
        { hashes: [{ kind: 'pdq', value: plain.hex }] },
        floored.moderator,
      );
      expect((await floored.api('POST', '/api/v1/check', soft, floored.platform)).body.verdict).toBe('block');
    } finally {
      await floored.close();
    }
  });
});
