/**
 * Input that used to crash a handler or the database (500) is refused with a 4xx and a stable
 * code, on both databases: CR/LF and non-Latin-1 text in a case path (echoed into a redirect),
 * 5,000-deep JSON, an empty check body, base64 that decodes to nothing, NUL in labels, variants,
 * query values and item ids (PostgreSQL refuses NUL), and integers past PostgreSQL's range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.ts';
import { call, openSecurityHarness } from './support.ts';
import type { SecurityHarness } from './support.ts';

describe.each(DATABASES)('bad input on %s', (kind) => {
  let h: SecurityHarness;
  let moderator: Record<string, string>;
  let platform: Record<string, string>;
  beforeAll(async () => {
    h = await openSecurityHarness(kind);
    moderator = await h.apiHeaders('moderator');
    platform = await h.apiHeaders('platform');
  });
  afterAll(() => h?.close());

  const entry = (body: unknown) => call(h.port, 'POST', `/api/v1/banks/${h.bank}/entries`, moderator, body);
  const md5 = { kind: 'md5', value: 'ab'.repeat(16) };

  it('answers a CR/LF or non-Latin-1 case number in a page path with 404, not a broken redirect', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const bad of ['RD-%0D%0ASet-Cookie:x', '%E2%82%AC', 'RD-0000-000%00']) {
      for (const action of ['withdraw', 'appeal', 'complete']) {
        const answer = await call(h.port, 'POST', `/requests/${bad}/status/${action}`, form, 'token=x');
        expect(answer.status, `${bad} ${action}`).toBe(404);
        expect(answer.headers.location).toBeUndefined();
      }
    }
    // A well-formed case number with a wrong token still goes back to its status page.
    const known = await call(h.port, 'POST', `/requests/${h.caseNumber}/status/withdraw`, form, 'token=x');
    expect(known.status).toBe(303);
    expect(known.headers.location).toBe(`/requests/${h.caseNumber}/status`);
  });

  it('refuses JSON nested 5,000 deep with invalid_json', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const path = `/api/v1/banks/${h.bank}/import?source=deep`;
    const answer = await call(
      h.port,
      'POST',
      path,
      { ...moderator, 'content-type': 'application/json' },
      deep,
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_json');
    const nested = await call(
      h.port,
      'POST',
      `/api/v1/staff/requests/${h.caseNumber}/minor`,
      {
        ...moderator,
        'content-type': 'application/json',
      },
      `{"a":${deep}}`,
    );
    expect(nested.status).toBe(400);
  });

  it('refuses an empty check body and base64 that is not base64', async () => {
    const empty = await call(
      h.port,
      'POST',
      '/api/v1/check',
      { ...platform, 'content-type': 'image/jpeg' },
      '',
    );
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe('invalid_input');
    for (const mediaBase64 of ['!!!!####', '', '====', 'ab']) {
      const answer = await entry({ mediaBase64 });
      expect(answer.status, mediaBase64).toBe(400);
      expect(answer.json.error.code).toBe('invalid_input');
    }
    const content = await call(h.port, 'POST', '/api/v1/content', platform, {
      platformItemId: 'p1',
      mediaBase64: '!!!!',
    });
    expect(content.status).toBe(400);
  });

  it('refuses NUL in labels, variants, query values and item ids with hostile_input', async () => {
    const answers = [
      await entry({ label: 'a\u0000b', hashes: [md5] }),
      await entry({ hashes: [{ ...md5, variant: 'v\u0000' }] }),
      await entry({ sourceRef: '\u0000', hashes: [md5] }),
      await call(h.port, 'GET', `/api/v1/banks/${h.bank}/export?after=%00`, moderator),
      await call(h.port, 'GET', '/api/v1/webhooks/deliveries?eventId=a%00b', await h.apiHeaders('admin')),
      await call(h.port, 'POST', '/api/v1/content', platform, {
        platformItemId: 'a\u0000',
        hashes: { md5: md5.value },
      }),
      await call(h.port, 'POST', '/api/v1/check?platformItemId=%00', platform, {
        hashes: { md5: md5.value },
      }),
    ];
    expect(answers.map((a) => [a.status, a.json?.error?.code])).toEqual(
      answers.map(() => [400, 'hostile_input']),
    );
  });

  it('refuses a pipeline version or sequence number past 2^31 - 1', async () => {
    for (const pipeline of [2 ** 31, 1e300]) {
      const answer = await entry({ hashes: [{ kind: 'pdq', value: 'cd'.repeat(32), pipeline }] });
      expect(answer.status, String(pipeline)).toBe(400);
      expect(answer.json.error.code).toBe('invalid_input');
    }
    const events = await call(
      h.port,
      'GET',
      '/api/v1/audit/events?afterSeq=2147483648',
      await h.apiHeaders('auditor'),
    );
    expect(events.status).toBe(400);
  });
});
