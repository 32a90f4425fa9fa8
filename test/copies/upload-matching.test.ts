/**
 * REDRESS_UPLOAD_MATCHING: with `edits` (the default) an upload is checked with plain PDQ and the
 * derived hashes, so a copy inside a wide border is caught; with `plain` it is checked with the
 * 8 PDQ orientations only, as HMA and StopNCII match: resized copies and exact files are still
 * caught, the bordered copy is not. Both services run on one database.
 */
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import { apiClient, bearer, fixture } from './support.ts';

describe('upload matching, edits and plain', () => {
  const apps: FastifyInstance[] = [];
  const runtimes: Runtime[] = [];
  let close: () => Promise<void>;
  let edits: ReturnType<typeof apiClient>;
  let plain: ReturnType<typeof apiClient>;
  let platform: Record<string, string>;
  let bordered: Buffer;

  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    close = opened.close;
    apps.push(await buildApp(opened.rt));
    edits = apiClient(await apps[0].listen({ port: 0, host: '127.0.0.1' }));
    platform = await bearer(opened.rt, 'platform');
    const moderator = await bearer(opened.rt, 'moderator');
    const original = fixture('bridge-mods', 'aaa-orig.jpg');
    const banked = await edits(
      'POST',
      '/api/v1/banks/takedowns/entries',
      { mediaBase64: original.toString('base64') },
      moderator,
    );
    expect(banked.status).toBe(201);
    // Started after the banking, so its index loads with the entry (no poll to wait for).
    const plainRt = await openRuntime(loadConfig({ ...opened.env.env, REDRESS_UPLOAD_MATCHING: 'plain' }), {
      log: createLogger('warn'),
    });
    runtimes.push(plainRt);
    apps.push(await buildApp(plainRt));
    plain = apiClient(await apps[1].listen({ port: 0, host: '127.0.0.1' }));
    bordered = await sharp(original)
      .extend({ top: 300, bottom: 300, left: 400, right: 400, background: '#f4f1ea' })
      .jpeg()
      .toBuffer();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const rt of runtimes) await rt.close();
    await close();
  });

  const check = (api: ReturnType<typeof apiClient>, body: Buffer) =>
    api('POST', '/api/v1/check?dryRun=true', body, platform);

  it('catches a copy inside a wide border with edits, not with plain', async () => {
    const withEdits = await check(edits, bordered);
    expect(withEdits.body.verdict).not.toBe('allow');
    expect(withEdits.body.matches[0].queryVariant).not.toMatch(/^original/);
    expect((await check(plain, bordered)).body).toEqual({ verdict: 'allow', matches: [] });
  });

  it('catches resized copies and the same file either way', async () => {
    for (const api of [edits, plain]) {
      const resized = await check(api, fixture('bridge-mods', 'shrink-a-lot.jpg'));
      expect(resized.body.verdict).toBe('block');
      const same = await check(api, fixture('bridge-mods', 'aaa-orig.jpg'));
      expect(same.body.matches[0]).toMatchObject({ kind: 'sha256', verdict: 'block' });
    }
  });
});
