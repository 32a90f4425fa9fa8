/**
 * Query strings mean what they say. `POST /api/v1/check?dryRun=...`: 1/true check without
 * recording a block, 0/false record it, and any other value (or an unknown query parameter) is
 * refused with 400 naming what is expected, never silently ignored (a test check used to be
 * recorded as a blocked re-upload on a case). Numbers in query strings (`limit`) are read as
 * numbers, within their range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openApi } from './support.ts';
import type { ApiHarness } from './support.ts';

const HEX = 'f'.repeat(16) + '0'.repeat(48);
let h: ApiHarness;

const blocksRecorded = async () =>
  (
    await h.rt.database.db
      .selectFrom('audit_events')
      .select('seq')
      .where('type', '=', 'upload.blocked')
      .execute()
  ).length;

beforeAll(async () => {
  h = await openApi('sqlite');
  const added = await h.api(
    'POST',
    '/api/v1/banks/takedowns/entries',
    { hashes: [{ kind: 'pdq', value: HEX }] },
    h.moderator,
  );
  expect(added.status).toBe(201);
});
afterAll(() => h?.close());

describe('the dryRun query parameter of /api/v1/check', () => {
  const check = (query: string) =>
    h.api('POST', `/api/v1/check${query}`, { hashes: { pdq: HEX } }, h.platform);

  it('1 and true check without recording; 0, false and no flag record the block', async () => {
    for (const flag of ['?dryRun=1', '?dryRun=true']) {
      const res = await check(flag);
      expect(res.body.verdict).toBe('block');
      expect(await blocksRecorded()).toBe(0);
    }
    let expected = 0;
    for (const flag of ['?dryRun=0', '?dryRun=false', '']) {
      expect((await check(flag)).body.verdict).toBe('block');
      expect(await blocksRecorded()).toBe(++expected);
    }
  });

  it('a malformed value or an unknown parameter is a 400 that says what is expected', async () => {
    const before = await blocksRecorded();
    const yes = await check('?dryRun=yes');
    expect(yes.status).toBe(400);
    expect(yes.body.error.code).toBe('invalid_input');
    expect(yes.body.error.message).toContain('expected one of: 1, 0, true, false');
    const typo = await check('?dry_run=1');
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({ code: 'unknown_field', details: { field: 'dry_run' } });
    expect(await blocksRecorded()).toBe(before);
  });
});

describe('numbers in query strings', () => {
  it('limit and afterSeq are read as numbers; out of range or not a number is a 400', async () => {
    const auditor = await bearer(h.rt, 'auditor');
    expect((await h.api('GET', '/api/v1/staff/queue?limit=5', undefined, h.moderator)).status).toBe(200);
    const page = await h.api('GET', '/api/v1/audit/events?afterSeq=1&limit=2', undefined, auditor);
    expect(page.status).toBe(200);
    expect(page.body.events.map((e: { seq: number }) => e.seq)).toEqual([2, 3]);
    for (const bad of ['limit=0', 'limit=501', 'limit=ten', 'limit=1.5']) {
      const res = await h.api('GET', `/api/v1/staff/queue?${bad}`, undefined, h.moderator);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.message).toMatch(/limit/);
    }
  });
});

describe('answers to a wrong field shape', () => {
  it('name the shapes the field accepts', async () => {
    const number = await h.api('POST', '/api/v1/check', { hashes: { pdq: 123 } }, h.platform);
    expect(number.status).toBe(400);
    expect(number.body.error.message).toBe(
      'body/hashes/pdq has the wrong shape: expected a string, or an array',
    );
    const short = await h.api('POST', '/api/v1/check', { hashes: { pdq: 'abc' } }, h.platform);
    expect(short.body.error.message).toBe(
      'body/hashes/pdq has the wrong shape: expected a string matching "^[0-9a-fA-F]{64}$", or an array',
    );
  });
});
