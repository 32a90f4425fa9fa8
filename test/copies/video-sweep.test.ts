/**
 * Videos in the content registry and the copy sweep, through the real HTTP server on SQLite and
 * PostgreSQL with Debian's ffmpeg (benign clips from test/support/video-clips.ts): the registry
 * keeps a video's SHA-256, MD5 and vPDQ frames (bytes, or the platform's vPDQ text), a truncated
 * video fails alone with MEDIA_CORRUPT; removing a video through a request removes its exact copy,
 * sends the re-encoded copy and the copy inside a longer video to review with their share, leaves
 * an unrelated clip and an image alone, records it all on the request, and a second run adds
 * nothing. Partners' vPDQ hashes imported into a bank block a copy at upload.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { sweepCopies } from '../../src/use-cases/sweep-copies.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { makeVideoClips } from '../support/video-clips.ts';
import type { VideoClips } from '../support/video-clips.ts';
import { apiClient, recordFirstItemRemoved, reportAndApprove, bearer, fixture } from './support.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'redress-clips-'));
let clips: VideoClips;
const base64 = (file: string) => readFileSync(file).toString('base64');

beforeAll(async () => {
  clips = await makeVideoClips(work);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function serve(kind: (typeof DATABASES)[number]) {
  const opened = await openTestRuntime(kind);
  const app = await buildApp(opened.rt);
  const api = apiClient(await app.listen({ port: 0, host: '127.0.0.1' }));
  return {
    rt: opened.rt,
    api,
    close: async () => {
      await app.close();
      await opened.close();
    },
  };
}

describe.each(DATABASES)('video copies in the registry on %s', (kind) => {
  let rt: Runtime;
  let api: ReturnType<typeof apiClient>;
  let close: () => Promise<void>;

  beforeAll(async () => ({ rt, api, close } = await serve(kind)));
  afterAll(() => close());

  it('registers videos and sweeps their copies when one is removed', { timeout: 180_000 }, async () => {
    const platform = await bearer(rt, 'platform');
    const moderator = await bearer(rt, 'moderator');
    // The platform's own vPDQ of the padded copy, in the reference text format (quality, seconds).
    const padded = await rt.stayDown.videoHashes(readFileSync(clips.padded), 'upload');
    const paddedText = padded.frames.map((f, i) => `${i},${f.quality},${f.hex},${f.seconds}`).join('\n');

    const registered = await api(
      'POST',
      '/api/v1/content',
      {
        items: [
          {
            platformItemId: 'v-orig',
            url: 'https://social.example/v/orig',
            mediaBase64: base64(clips.original),
          },
          { platformItemId: 'v-dup', mediaBase64: base64(clips.original) },
          { platformItemId: 'v-reencoded', mediaBase64: base64(clips.resized) },
          { platformItemId: 'v-padded', hashes: { vpdq: paddedText } },
          { platformItemId: 'v-other', mediaBase64: base64(clips.unrelated) },
          { platformItemId: 'v-truncated', mediaBase64: base64(clips.truncated) },
          { platformItemId: 'img', mediaBase64: fixture('bridge-mods', 'aaa-orig.jpg').toString('base64') },
        ],
      },
      platform,
    );
    expect(registered.status).toBe(200);
    const result = new Map(
      registered.body.results.map((r: { platformItemId: string }) => [r.platformItemId, r]),
    );
    // A video keeps its exact hashes and frames, no PDQ; an image keeps PDQ and no frames.
    expect(result.get('v-orig')).toMatchObject({ ok: true, pdq: null, sha256: expect.any(String) });
    expect(result.get('v-orig')).toHaveProperty('frames', expect.any(Number));
    expect((result.get('v-orig') as { frames: number }).frames).toBeGreaterThan(8);
    expect(result.get('v-padded')).toMatchObject({ ok: true, frames: padded.frames.length });
    expect(result.get('img')).toMatchObject({ ok: true, pdq: expect.any(String) });
    expect(result.get('img')).not.toHaveProperty('frames');
    expect(result.get('v-truncated')).toMatchObject({ ok: false, error: { code: 'MEDIA_CORRUPT' } });
    // Never the media: the frames table holds hashes only.
    const frameRows = await rt.database.db.selectFrom('content_item_frames').selectAll().execute();
    expect(frameRows.every((f) => /^[0-9a-f]{64}$/.test(f.hex))).toBe(true);

    // A single truncated video is refused as such.
    const single = await api(
      'POST',
      '/api/v1/content',
      { platformItemId: 'v-truncated', mediaBase64: base64(clips.truncated) },
      platform,
    );
    expect(single.status).toBe(422);
    expect(single.body.error.code).toBe('MEDIA_CORRUPT');

    // The original is reported, approved and removed through the normal request flow.
    const caseNumber = await reportAndApprove(api, moderator, {
      url: 'https://social.example/v/orig',
      platformItemId: 'v-orig',
    });
    const worker = rt.createWorker();
    await worker.runDueJobs();
    const itemId = await recordFirstItemRemoved(api, moderator, caseNumber);
    await worker.runDueJobs(); // the sweep

    const copies = await api('GET', `/api/v1/staff/requests/${caseNumber}/copies`, undefined, moderator);
    const finding = new Map(
      copies.body.findings.map((f: { platformItemId: string }) => [f.platformItemId, f] as const),
    );
    expect([...finding.keys()].sort()).toEqual(['v-dup', 'v-orig', 'v-padded', 'v-reencoded']);
    expect(finding.get('v-orig')).toMatchObject({ matchKind: 'item', status: 'auto_removed' });
    expect(finding.get('v-dup')).toMatchObject({ matchKind: 'sha256', status: 'auto_removed' });
    for (const id of ['v-reencoded', 'v-padded']) {
      const near = finding.get(id) as { frameShare: number; distance: number };
      expect(near).toMatchObject({ matchKind: 'vpdq', variant: 'video', status: 'review' });
      expect(near.frameShare).toBeGreaterThanOrEqual(0.8);
      expect(near.frameShare).toBeLessThanOrEqual(1);
      expect(near.distance).toBeLessThanOrEqual(31);
    }
    const status = async (id: string) =>
      (await rt.stayDown.repos.content.byPlatformId(rt.database.db, id))!.status;
    expect(await status('v-dup')).toBe('removed');
    expect(await status('v-reencoded')).toBe('active'); // a person decides
    expect(await status('v-other')).toBe('active');
    expect(await status('img')).toBe('active');

    // The record of reasonable efforts, on the request.
    const request = (await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber))!;
    const audit = await rt.repos.audit.list(rt.database.db, { requestId: request.id });
    const found = audit.filter((e) => e.type === 'copy.found').map((e) => e.data as Record<string, unknown>);
    expect(found).toHaveLength(4);
    expect(found.filter((d) => d.matchKind === 'vpdq').every((d) => Number(d.frameShare) >= 0.8)).toBe(true);
    expect(audit.filter((e) => e.type === 'copy.removed')).toHaveLength(2);
    expect(audit.find((e) => e.type === 'copy.sweep_finished')?.data).toMatchObject({ exact: 1, near: 2 });

    // The takedown bank holds the video's frames, one a second: a re-encoded re-upload is blocked.
    const upload = await api('POST', '/api/v1/check?dryRun=true', readFileSync(clips.resized), platform);
    expect(upload.body.verdict).toBe('block');
    expect(upload.body.matches[0]).toMatchObject({ bank: 'takedowns', kind: 'vpdq' });

    // Idempotent: a second run finds nothing new and writes no copy events.
    const sd = rt.stayDown;
    const again = await sweepCopies(
      {
        transact: rt.database.transact,
        ...rt.repos,
        ...sd.repos,
        clock: rt.clock,
        takedownBank: 'takedowns',
        publicUrl: rt.config.publicUrl,
      },
      { requestId: request.id, itemId },
    );
    expect(again).toMatchObject({ exact: [], near: [] });
    const after = await rt.repos.audit.list(rt.database.db, { requestId: request.id });
    const copyEvents = (events: typeof audit) =>
      events.filter((e) => e.type.startsWith('copy.') && e.type !== 'copy.sweep_finished').length;
    expect(copyEvents(after)).toBe(copyEvents(audit));
    expect((await sd.repos.copies.findings(rt.database.db, request.id)).length).toBe(4);
    expect((await rt.repos.audit.verify(rt.database.db)).ok).toBe(true);
  });
});

describe.each(DATABASES)('vPDQ hashes shared between partners on %s', (kind) => {
  let rt: Runtime;
  let api: ReturnType<typeof apiClient>;
  let close: () => Promise<void>;

  beforeAll(async () => ({ rt, api, close } = await serve(kind)));
  afterAll(() => close());

  it('imports a bank entry of vpdq frames that then blocks a copy', { timeout: 120_000 }, async () => {
    const platform = await bearer(rt, 'platform');
    const moderator = await bearer(rt, 'moderator');
    // What the partner sends: the video's frames as its export lists them.
    const partner = await rt.stayDown.videoHashes(readFileSync(clips.original), 'bank');
    const hashes = partner.frames.map((f) => ({
      kind: 'vpdq',
      value: f.hex.toUpperCase(),
      variant: `frame@${f.seconds}s`,
      quality: f.quality,
    }));
    const before = await api('POST', '/api/v1/check?dryRun=true', readFileSync(clips.resized), platform);
    expect(before.body.verdict).toBe('allow');

    expect((await api('POST', '/api/v1/banks', { name: 'partner', kind: 'import' }, moderator)).status).toBe(
      200,
    );
    const imported = await api(
      'POST',
      '/api/v1/banks/partner/entries',
      { sourceRef: 'partner-list-1', hashes },
      moderator,
    );
    expect(imported.status).toBe(201);
    expect(imported.body.hashes).toBe(hashes.length);
    const md5Sized = await api(
      'POST',
      '/api/v1/banks/partner/entries',
      { hashes: [{ kind: 'vpdq', value: 'ab'.repeat(16) }] },
      moderator,
    );
    expect(md5Sized.status).toBe(400);

    const copy = await api('POST', '/api/v1/check?dryRun=true', readFileSync(clips.resized), platform);
    expect(copy.body.verdict).not.toBe('allow');
    expect(copy.body.matches[0]).toMatchObject({ bank: 'partner', kind: 'vpdq', variant: 'video' });
    expect(copy.body.matches[0].video.bankedShare).toBeGreaterThanOrEqual(0.8);
    const other = await api('POST', '/api/v1/check?dryRun=true', readFileSync(clips.unrelated), platform);
    expect(other.body.verdict).toBe('allow');

    // The export lists the imported frames back, as partners exchange them.
    const exported = await api('GET', '/api/v1/banks/partner/export', undefined, moderator);
    expect(exported.body.entries[0].hashes.map((h: { value: string }) => h.value)).toEqual(
      partner.frames.map((f) => f.hex),
    );
  });
});
