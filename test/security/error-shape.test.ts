/**
 * Every error leaves in the one shape `{error:{code,message,requestId}}` with a human message
 * and no internals: Fastify's and Node's own refusals (bad URL, 414, 431, 404, an unknown
 * method, a content type no route takes, a body over the limit, bad JSON) as well as media and
 * fetch failures, whose detail (decoder and ffmpeg output, temporary paths, what a host resolved
 * to) stays in the log.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openSecurityHarness } from './support.ts';
import type { SecurityHarness } from './support.ts';

let h: SecurityHarness;
beforeAll(async () => {
  h = await openSecurityHarness('sqlite');
});
afterAll(() => h?.close());

function expectShape(answer: { status: number; json: unknown; body: string }, status: number, code: string) {
  expect(answer.status).toBe(status);
  const { error } = answer.json as { error: Record<string, unknown> };
  expect(Object.keys(answer.json as object)).toEqual(['error']);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/^[a-z][^{}]*$/);
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.body).not.toMatch(/FST_|statusCode|ERR_|resolves to|\bat \w|node_modules/);
  expect(answer.body).not.toContain(os.tmpdir());
}

describe("the service's own refusals", () => {
  it('answers a URL that does not decode, an overlong path segment and oversized headers in the shape', async () => {
    expectShape(await call(h.port, 'GET', '/api/v1/staff/requests/%E0%A4%A'), 400, 'invalid_url');
    expectShape(await call(h.port, 'GET', `/api/v1/staff/requests/${'a'.repeat(300)}`), 414, 'uri_too_long');
    expectShape(
      await call(h.port, 'GET', '/api/health', { 'x-big': 'a'.repeat(20_000) }),
      431,
      'headers_too_large',
    );
    expectShape(await call(h.port, 'GET', `/api/${'a'.repeat(100_000)}`), 431, 'headers_too_large');
  });

  it('answers unknown routes and methods, wrong content types, large bodies and bad JSON in the shape', async () => {
    const moderator = await h.apiHeaders('moderator');
    expectShape(await call(h.port, 'GET', '/api/v1/nothing-here'), 404, 'not_found');
    expectShape(await call(h.port, 'DELETE', '/api/v1/requests'), 404, 'not_found');
    const xml = { 'content-type': 'application/xml' };
    expectShape(await call(h.port, 'POST', '/api/v1/requests', xml, '<a/>'), 415, 'unsupported_media_type');
    const big = JSON.stringify({ context: 'x'.repeat(300 * 1024) });
    expectShape(await call(h.port, 'POST', '/api/v1/requests', {}, big), 413, 'payload_too_large');
    expectShape(
      await call(
        h.port,
        'POST',
        '/api/v1/banks',
        { ...moderator, 'content-type': 'application/json' },
        '{"name":',
      ),
      400,
      'invalid_json',
    );
    expectShape(
      await call(h.port, 'GET', '/api/v1/audit/events?limit=abc', await h.apiHeaders('auditor')),
      400,
      'invalid_input',
    );
  });
});

describe('media and fetch failures', () => {
  it('says what went wrong with a URL without saying where it resolved', async () => {
    const platform = await h.apiHeaders('platform');
    const answer = await call(h.port, 'POST', '/api/v1/content', platform, {
      platformItemId: 'local-1',
      url: 'http://localhost/secret.jpg',
      fetch: true,
    });
    expectShape(answer, 422, 'FETCH_REFUSED');
    expect(answer.body).not.toMatch(/127\.0\.0\.1|::1|localhost/);
    const checked = await call(h.port, 'POST', '/api/v1/check', platform, { url: 'http://localhost/x.jpg' });
    expectShape(checked, 422, 'FETCH_REFUSED');
    expect(checked.body).not.toMatch(/127\.0\.0\.1|localhost/);
  });

  it('says a video is unreadable without ffmpeg output or temporary paths', async () => {
    const platform = await h.apiHeaders('platform');
    // An MP4 header (ftyp box) followed by nothing a decoder can use.
    const mp4 = Buffer.concat([
      Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
      Buffer.alloc(2048, 7),
    ]);
    const answer = await call(
      h.port,
      'POST',
      '/api/v1/check',
      { ...platform, 'content-type': 'video/mp4' },
      mp4,
    );
    expect(answer.status).toBe(422);
    expectShape(answer, 422, answer.json.error.code);
    expect(answer.json.error.code).toMatch(/^MEDIA_/);
    expect(answer.body).not.toMatch(/ffmpeg|moov|Invalid data|\/tmp|\.mp4/i);
    const batch = await call(h.port, 'POST', '/api/v1/content', platform, {
      items: [{ platformItemId: 'v-1', mediaBase64: mp4.toString('base64') }],
    });
    expect(batch.status).toBe(200);
    expect(batch.json.results[0].ok).toBe(false);
    expect(batch.body).not.toMatch(/ffmpeg|moov|Invalid data|\/tmp|\.mp4/i);
  });
});
