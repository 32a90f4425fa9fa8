/**
 * Stay-down for video through the real HTTP API on SQLite and PostgreSQL, with Debian's ffmpeg:
 * a clip banked as SHA-256, MD5 and vPDQ frames; re-encoded, resized and padded copies blocked
 * (by body and by URL) with their shares; an unrelated clip allowed; a withdrawn entry no longer
 * matching, here and in a second process's index; a review bank's match sent to review; a truncated
 * file refused with MEDIA_CORRUPT, its temporary file gone. The clips are
 * made at test time from ffmpeg's test sources (test/support/video-clips.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';
import { DATABASES } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { makeVideoClips } from '../support/video-clips.ts';
import type { VideoClips } from '../support/video-clips.ts';
import { apiClient, openApi } from './support.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'redress-clips-'));
let clips: VideoClips;
let files: http.Server;
let filesBase: string;

beforeAll(async () => {
  clips = await makeVideoClips(work);
  // The platform's CDN, on loopback (allowed through REDRESS_FETCH_ALLOWED_SUBNETS below).
  files = http.createServer((req, res) => {
    const name = path.basename(req.url ?? '');
    const file = Object.values(clips).find((f) => path.basename(f) === name);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'video/mp4' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => files.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

/** Temporary folders the service writes videos to for ffmpeg (src/media/video-fingerprint.ts). */
/** What is in this process's temporary area of a data folder (see src/media/temp-area.ts). */
const videoTempDirs = (dataDir: string) => {
  try {
    return readdirSync(path.join(dataDir, 'tmp', String(process.pid)));
  } catch {
    return []; // never created
  }
};

describe.each(DATABASES)('video stay-down over HTTP on %s', (kind) => {
  let rt: Runtime;
  let api: ReturnType<typeof apiClient>;
  let close: () => Promise<void>;
  let platform: Record<string, string>;
  let moderator: Record<string, string>;
  let entry: string;
  let env: TestEnv;
  /** The banked clip's frames, as the export gives them. */
  let frameHexes: string[];

  const check = (file: string, query = '') =>
    api('POST', `/api/v1/check${query}`, readFileSync(file), { ...platform, 'content-type': 'video/mp4' });

  beforeAll(async () => {
    ({ rt, env, api, platform, moderator, close } = await openApi(kind, {
      REDRESS_FETCH_ALLOWED_SUBNETS: '127.0.0.1/32',
    }));
  });
  afterAll(() => close());

  it('banks a video as its SHA-256, MD5 and one vPDQ frame a second', { timeout: 60_000 }, async () => {
    const banked = await api(
      'POST',
      '/api/v1/banks/takedowns/entries',
      { mediaBase64: readFileSync(clips.original).toString('base64'), label: 'zoom clip' },
      moderator,
    );
    expect(banked.status).toBe(201);
    entry = banked.body.entry;
    expect(banked.body).toMatchObject({ frames: 8, hashes: 10 }); // 8 s at 1 frame/s, plus SHA-256 and MD5

    const exported = await api('GET', '/api/v1/banks/takedowns/export', undefined, moderator);
    const hashes = exported.body.entries[0].hashes as Array<{ kind: string; value: string; variant: string }>;
    frameHexes = hashes.filter((h) => h.kind === 'vpdq').map((h) => h.value);
    expect(hashes.map((h) => h.kind).sort()).toEqual(['md5', 'sha256', ...Array(8).fill('vpdq')]);
    expect(hashes.filter((h) => h.kind === 'vpdq').map((h) => h.variant)).toEqual(
      Array.from({ length: 8 }, (_, s) => `frame@${s}s`),
    );

    const same = await check(clips.original, '?dryRun=true');
    expect(same.body.matches[0]).toMatchObject({ entry, kind: 'sha256', distance: 0, verdict: 'block' });
  });

  it('blocks a re-encoded, resized copy and records the block', { timeout: 60_000 }, async () => {
    const copy = await check(clips.resized, '?platformItemId=vid-1&uploaderId=u-7');
    expect(copy.status).toBe(200);
    expect(copy.body.verdict).toBe('block');
    expect(copy.body.matches).toHaveLength(1);
    const [match] = copy.body.matches;
    expect(match).toMatchObject({
      bank: 'takedowns',
      entry,
      kind: 'vpdq',
      variant: 'video',
      verdict: 'block',
    });
    expect(match.video).toMatchObject({ bankedFrames: 8, bankedShare: 1 });
    expect(match.distance).toBeLessThanOrEqual(31);
    expect(match.explanation).toMatch(/^8 of 8 frames of zoom clip \(100%\) found in the upload between/);

    const blocks = await rt.database.db.selectFrom('upload_blocks').selectAll().execute();
    expect(blocks.map((b) => [b.platform_item_id, b.uploader_id, b.entry_id, b.match_kind])).toContainEqual([
      'vid-1',
      'u-7',
      entry,
      'vpdq',
    ]);
    const events = await rt.database.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', '=', 'upload.blocked')
      .execute();
    expect(events.length).toBeGreaterThan(0);
  });

  it(
    'blocks a copy with footage added before and after it, though most of the upload is other footage',
    {
      timeout: 60_000,
    },
    async () => {
      const copy = await check(clips.padded, '?dryRun=true');
      expect(copy.body.verdict).toBe('block');
      const [match] = copy.body.matches;
      expect(match).toMatchObject({ entry, kind: 'vpdq' });
      expect(match.video.bankedShare).toBeGreaterThanOrEqual(0.8);
      // Most of the upload's frames match nothing (test card, bars, samples between banked frames):
      // a rule asking for 80% of the upload too would let this copy through.
      expect(match.video.uploadShare).toBeLessThan(0.8);
      expect(match.explanation).toMatch(/between 3(\.\d+)? s and 1[01](\.\d+)? s/);
    },
  );

  it('fetches a copy from a URL and blocks it', { timeout: 60_000 }, async () => {
    const viaUrl = await api(
      'POST',
      '/api/v1/check',
      { url: `${filesBase}/${path.basename(clips.resized)}`, dryRun: true },
      platform,
    );
    expect(viaUrl.status).toBe(200);
    expect(viaUrl.body.matches[0]).toMatchObject({ entry, kind: 'vpdq', verdict: 'block' });
  });

  it('allows an unrelated clip of the same kind of pictures', { timeout: 60_000 }, async () => {
    const other = await check(clips.unrelated, '?dryRun=true');
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ verdict: 'allow', matches: [] });
  });

  it(
    'refuses a truncated video with MEDIA_CORRUPT and keeps no temporary file',
    { timeout: 60_000 },
    async () => {
      const checked = await check(clips.truncated);
      expect(checked.status).toBe(422);
      expect(checked.body.error.code).toBe('MEDIA_CORRUPT');
      const banked = await api(
        'POST',
        '/api/v1/banks/takedowns/entries',
        { mediaBase64: readFileSync(clips.truncated).toString('base64') },
        moderator,
      );
      expect(banked.status).toBe(422);
      expect(banked.body.error.code).toBe('MEDIA_CORRUPT');
      expect(videoTempDirs(env.config.dataDir)).toEqual([]);
    },
  );

  it(
    'allows the copies once the entry is withdrawn, in this process and another',
    { timeout: 60_000 },
    async () => {
      // A second process on the same database loads the banked frames into its own frame index.
      const other = await openRuntime(env.config, { log: createLogger('warn') });
      try {
        await other.stayDown.index.ready();
        expect(other.stayDown.index.searchFrames(frameHexes, 0)).toHaveLength(8);
        const withdrawn = await api(
          'POST',
          `/api/v1/bank-entries/${entry}/withdraw`,
          { reason: 'appeal upheld' },
          moderator,
        );
        expect(withdrawn.status).toBe(200);
        expect((await check(clips.resized, '?dryRun=true')).body).toEqual({ verdict: 'allow', matches: [] });
        expect((await check(clips.original, '?dryRun=true')).body.verdict).toBe('allow');
        // Both indexes drop the frames through the change log, not only the SQL confirmation.
        expect(rt.stayDown.index.searchFrames(frameHexes, 0)).toEqual([]);
        await other.stayDown.index.poll();
        expect(other.stayDown.index.searchFrames(frameHexes, 0)).toEqual([]);
      } finally {
        await other.close();
      }
    },
  );

  it('sends a copy to review when its bank asks for a person (G4)', { timeout: 60_000 }, async () => {
    const bank = await api('POST', '/api/v1/banks', { name: 'partner-list', onMatch: 'review' }, moderator);
    expect(bank.status).toBe(200);
    const banked = await api(
      'POST',
      '/api/v1/banks/partner-list/entries',
      { mediaBase64: readFileSync(clips.original).toString('base64'), sourceRef: 'partner-2026-11' },
      moderator,
    );
    expect(banked.status).toBe(201);
    const copy = await check(clips.resized, '?dryRun=true');
    expect(copy.body.verdict).toBe('review');
    expect(copy.body.matches).toEqual([
      expect.objectContaining({
        bank: 'partner-list',
        entry: banked.body.entry,
        kind: 'vpdq',
        verdict: 'review',
      }),
    ]);
    // Every video this suite sent went through a temporary file; none is left.
    expect(videoTempDirs(env.config.dataDir)).toEqual([]);
  });
});
