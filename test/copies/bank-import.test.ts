/**
 * Hash sharing between two platforms (E4, G4): platform A banks an image and hashes and pages
 * through its export over HTTP; platform B imports the pages (SQLite and PostgreSQL), checks an
 * edited copy (review: an imported list needs a person before a perceptual match acts) and the
 * same file (block: exact hashes), then follows A's withdrawal by importing a newer export, keeps
 * its own withdrawal, and imports the same list twice without change. Plain lists sync with
 * `complete`. `redress bank import` runs the same on a data folder, and a bad line imports nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { fixture, openApi } from './support.ts';
import type { ApiHarness } from './support.ts';

type Platform = ApiHarness;

/** A's export of a bank, a page per line, as a paging loop writes it. */
async function exportPages(a: Platform, bank: string): Promise<string> {
  const pages: string[] = [];
  let after = '';
  for (;;) {
    const page = await a.api(
      'GET',
      `/api/v1/banks/${bank}/export?limit=2&after=${after}`,
      undefined,
      a.moderator,
    );
    expect(page.status).toBe(200);
    pages.push(JSON.stringify(page.body));
    if (!page.body.next) return pages.join('\n');
    after = page.body.next;
  }
}

const hashA = '5a'.repeat(32);
const hashB = 'a5'.repeat(32);

describe.each(DATABASES)('hash lists from a partner, imported on %s', (kind) => {
  let a: Platform;
  let b: Platform;
  let imageEntry: string;
  beforeAll(async () => {
    [a, b] = await Promise.all([openApi('sqlite'), openApi(kind)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  /** POST /api/v1/banks/partners/import with a list as text, as a partner sync job would. */
  const postList = (p: Platform, text: string, query: string, key = p.moderator) =>
    fetch(`${p.base}/api/v1/banks/partners/import?${query}`, {
      method: 'POST',
      headers: { ...key, 'content-type': text.startsWith('{') ? 'application/x-ndjson' : 'text/plain' },
      body: text,
    });
  const importInto = async (p: Platform, text: string, source = 'platform-a', complete = false) => {
    const res = await postList(p, text, `source=${source}${complete ? '&complete=true' : ''}`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const check = (p: Platform, bytes: Buffer) => p.api('POST', '/api/v1/check', bytes, p.platform);

  it('imports an export: edited copies go to review, the same file is blocked', async () => {
    const image = await a.api(
      'POST',
      '/api/v1/banks/shared/entries',
      { mediaBase64: fixture('bridge-mods', 'aaa-orig.jpg').toString('base64') },
      a.moderator,
    );
    imageEntry = image.body.entry;
    for (const value of [hashA, hashB]) {
      await a.api('POST', '/api/v1/banks/shared/entries', { hashes: [{ kind: 'pdq', value }] }, a.moderator);
    }
    const result = await importInto(b, await exportPages(a, 'shared'));
    expect(result).toEqual({
      added: 3,
      withdrawn: 0,
      unchanged: 0,
      keptWithdrawn: 0,
      hashes: image.body.hashes + 2,
    });

    const banks = await b.api('GET', '/api/v1/banks', undefined, b.moderator);
    expect(banks.body.banks).toEqual([
      expect.objectContaining({ name: 'partners', entries: 3, onMatch: 'review' }),
    ]);
    const edited = await check(b, fixture('bridge-mods', 'shrink-a-lot.jpg'));
    expect(edited.body.verdict).toBe('review');
    const same = await check(b, fixture('bridge-mods', 'aaa-orig.jpg'));
    expect(same.body).toMatchObject({
      verdict: 'block',
      matches: [expect.objectContaining({ kind: 'sha256' })],
    });
    // Provenance (G4): which source, and the partner's own entry id.
    const refs = await b.rt.database.db
      .selectFrom('bank_entries')
      .select(['source_kind', 'source_ref'])
      .execute();
    expect(refs).toContainEqual({ source_kind: 'import', source_ref: `platform-a#${imageEntry}` });
  });

  it("follows the partner's withdrawal, keeps its own, and changes nothing on a repeat", async () => {
    const withdrawn = await a.api(
      'POST',
      `/api/v1/bank-entries/${imageEntry}/withdraw`,
      { reason: 'appeal upheld' },
      a.moderator,
    );
    expect(withdrawn.status).toBe(200);
    const newer = await exportPages(a, 'shared');
    expect(await importInto(b, newer)).toMatchObject({ added: 0, withdrawn: 1, unchanged: 2 });
    expect((await check(b, fixture('bridge-mods', 'aaa-orig.jpg'))).body.verdict).toBe('allow');
    expect(await importInto(b, newer)).toMatchObject({ added: 0, withdrawn: 0, unchanged: 3 });

    // B withdraws hashA itself; the partner still lists it live, and B's decision stands.
    const mine = await b.rt.database.db
      .selectFrom('bank_hashes')
      .select('entry_id')
      .where('value', '=', hashA)
      .executeTakeFirstOrThrow();
    await b.api(
      'POST',
      `/api/v1/bank-entries/${mine.entry_id}/withdraw`,
      { reason: 'appeal upheld here' },
      b.moderator,
    );
    expect(await importInto(b, newer)).toMatchObject({
      added: 0,
      withdrawn: 0,
      unchanged: 2,
      keptWithdrawn: 1,
    });
    const hashOnly = (pdq: string) =>
      b.api('POST', '/api/v1/check', { hashes: { pdq }, dryRun: true }, b.platform);
    expect((await hashOnly(hashA)).body.verdict).toBe('allow');
    expect((await hashOnly(hashB)).body.verdict).toBe('review');

    const events = (await b.rt.repos.audit.list(b.rt.database.db)).filter(
      (e) => e.type === 'bank.list_imported',
    );
    const data = events.map((e) => e.data as { source: string; added: string[]; withdrawn: string[] });
    expect(data.map((d) => [d.source, d.added.length, d.withdrawn.length])).toEqual([
      ['platform-a', 3, 0],
      ['platform-a', 0, 1],
    ]);
    expect((await b.rt.repos.audit.verify(b.rt.database.db)).ok).toBe(true);
  });

  it('refuses a list from a platform key, and a bad list with the line at fault, importing nothing', async () => {
    const good = `${'7'.repeat(64)}\n`;
    expect((await postList(b, good, 'source=other', b.platform)).status).toBe(403);
    const bad = await postList(b, `${good}${'8'.repeat(63)}\n`, 'source=other');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringMatching(/^line 2:/) },
    });
    expect((await postList(b, good, 'source=not%20a%20name')).status).toBe(400);
    const refs = await b.rt.database.db.selectFrom('bank_entries').select('source_ref').execute();
    expect(refs.filter((r) => r.source_ref?.startsWith('other#'))).toEqual([]);

    // One export page as a JSON document is a list too.
    const page = {
      entries: [{ entry: 'p-1', withdrawnAt: null, hashes: [{ kind: 'md5', value: 'f'.repeat(32) }] }],
    };
    const json = await b.api('POST', '/api/v1/banks/partners/import?source=json-partner', page, b.moderator);
    expect(json).toMatchObject({ status: 200, body: { added: 1, hashes: 1 } });
  });

  it('withdraws twins together: two imports of one source at once may both add an entry', async () => {
    const hex = '9'.repeat(64);
    await importInto(b, `${hex}\n`, 'twins');
    const [first] = await b.rt.database.db
      .selectFrom('bank_entries')
      .selectAll()
      .where('source_ref', '=', `twins#${hex}`)
      .execute();
    const twin = { ...first, id: `${first.id}-twin` };
    const hashes = [{ kind: 'pdq', value: hex, variant: 'original', quality: null, pipeline: null }];
    await b.rt.database.transact((trx) =>
      b.rt.stayDown.repos.banks.insertEntries(trx, [{ entry: twin, hashes }], new Date()),
    );
    expect(await importInto(b, '', 'twins', true)).toMatchObject({ withdrawn: 1 });
    const live = await b.rt.database.db
      .selectFrom('bank_entries')
      .select('id')
      .where('source_ref', '=', `twins#${hex}`)
      .where('withdrawn_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
  });

  it('syncs a plain list that is complete: a hash missing from the newer list is withdrawn', async () => {
    const [x, y] = ['1'.repeat(64), '2'.repeat(64)];
    expect(await importInto(b, `# sample list\n${x},90\n${y}\n`, 'stopncii-sample', true)).toMatchObject({
      added: 2,
      hashes: 2,
    });
    expect(await importInto(b, `${y}\n`, 'stopncii-sample', true)).toMatchObject({
      withdrawn: 1,
      unchanged: 1,
    });
    // Another source's entries are not touched by this source's complete list.
    const live = await b.rt.database.db
      .selectFrom('bank_entries')
      .select('source_ref')
      .where('withdrawn_at', 'is', null)
      .execute();
    expect(live.map((r) => String(r.source_ref)).sort()).toEqual([
      'json-partner#p-1',
      expect.stringMatching(/^platform-a#/),
      `stopncii-sample#${y}`,
    ]);
  });
});

describe('redress bank export and import between two data folders (SQLite)', () => {
  // Without a key in the environment: the first command generates one and says so, on stderr.
  const withoutKey = (env: Record<string, string>) =>
    Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'REDRESS_SECRET_KEY'));
  const [a, b] = [testEnv('sqlite'), testEnv('sqlite')];
  const work = mkdtempSync(path.join(os.tmpdir(), 'redress-lists-'));
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await Promise.all([a.cleanup(), b.cleanup()]);
  });

  it('prints what it did, keeps logs off stdout, and refuses a list with a bad line', async () => {
    const list = path.join(work, 'list.txt');
    writeFileSync(list, `pdq ${'3'.repeat(64)}\n${'4'.repeat(64)},80\n`);
    const first = await runCli(['bank', 'import', 'partners', list, '--source', 'sample'], withoutKey(a.env));
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('generated a new encryption key');
    expect(JSON.parse(first.stdout)).toEqual({
      file: list,
      bank: 'partners',
      source: 'sample',
      added: 2,
      withdrawn: 0,
      unchanged: 0,
      keptWithdrawn: 0,
      hashes: 2,
    });

    const exported = await runCli(['bank', 'export', 'partners'], a.env);
    expect(exported.code).toBe(0);
    const pages = exported.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(pages).toEqual([expect.objectContaining({ bank: 'partners', next: null })]);
    expect(
      pages[0].entries.map((e: { hashes: Array<{ value: string }> }) => e.hashes[0].value).sort(),
    ).toEqual(['3'.repeat(64), '4'.repeat(64)]);
    // As `redress bank export | redress bank import ... -` would, across two data folders.
    const imported = await runCli(
      ['bank', 'import', 'mirror', '-', '--source', 'platform-a'],
      withoutKey(b.env),
      exported.stdout,
    );
    expect(JSON.parse(imported.stdout)).toMatchObject({ added: 2, hashes: 2 });

    const bad = path.join(work, 'bad.txt');
    writeFileSync(bad, `${'5'.repeat(64)}\nnot-a-hash\n`);
    const refused = await runCli(['bank', 'import', 'partners', bad, '--source', 'sample'], a.env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({
      file: bad,
      error: expect.stringMatching(/^line 2: pdq hashes are 64 hex digits/),
    });
    const listed = await runCli(['bank', 'list'], a.env);
    expect(JSON.parse(listed.stdout)).toMatchObject({ name: 'partners', entries: 2, onMatch: 'review' });
    expect((await runCli(['bank', 'export', 'nosuch'], a.env)).code).not.toBe(0);
    // A bank the API could not name is not made here either.
    const misnamed = await runCli(['bank', 'import', 'Partner List', list, '--source', 'sample'], a.env);
    expect(misnamed.code).toBe(1);
    expect(JSON.parse(misnamed.stdout).error).toMatch(/a bank name is 1-64 lower-case letters/);
  });
});
