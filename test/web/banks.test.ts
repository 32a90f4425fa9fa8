/**
 * Hash banks in the console: the list, a bank's entries with their provenance (a case, a partner's
 * list, the API) and a hostile label rendered inert, paging and finding one entry; a moderator
 * withdraws an entry with a reason (audited, gone from the index) and changes the policy, both
 * with the session's CSRF token; an auditor reads and cannot act; the page passes axe in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBankEntry } from '../../src/use-cases/add-bank-entry.ts';
import { importBankList } from '../../src/use-cases/import-bank-list.ts';
import { axeViolations } from './axe.ts';
import { encode, FORM, inStaffBrowser, signedInStaff, startWeb, submitForm } from './support.ts';
import type { WebHarness } from './support.ts';

const EVIL = `"'><script>alert(1)</script>`;
const hex = (n: number) => n.toString(16).padStart(64, 'a');
let web: WebHarness;
let moderator: { cookie: string; csrf: string };
let auditor: { cookie: string; csrf: string };
let caseNumber: string;
let fromCase: string;
let labelled: string;

const get = (url: string, who: { cookie: string }) =>
  web.app.inject({ url, headers: { cookie: who.cookie } });
const post = (url: string, who: { cookie: string }, fields: Record<string, string>) =>
  web.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: who.cookie }, payload: encode(fields) });
const entry = (id: string) =>
  web.rt.database.db.selectFrom('bank_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const bank = (name: string) =>
  web.rt.database.db.selectFrom('banks').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

beforeAll(async () => {
  web = await startWeb();
  moderator = await signedInStaff(web, 'mod@example.org', 'moderator');
  auditor = await signedInStaff(web, 'audit@example.org', 'auditor');
  ({ caseNumber } = await submitForm(web.app));
  const request = (await web.rt.database.transact((trx) =>
    web.rt.repos.requests.findByCaseNumber(trx, caseNumber),
  ))!;

  const deps = web.rt.stayDown.bankEntryDeps;
  const pdq = (n: number) => [{ kind: 'pdq', value: hex(n), variant: 'original', quality: 100 }];
  ({ entryId: fromCase } = await addBankEntry(deps, {
    bank: 'takedowns',
    provenance: { kind: 'request', requestId: request.id },
    addedBy: 'staff:sweep',
    hashes: pdq(1),
  }));
  ({ entryId: labelled } = await addBankEntry(deps, {
    bank: 'takedowns',
    provenance: { kind: 'api' },
    addedBy: 'staff:api',
    label: EVIL,
    hashes: pdq(2),
  }));
  const list = Array.from({ length: 55 }, (_, i) => ({
    ref: `p-${i}`,
    withdrawn: false,
    hashes: [
      { kind: 'md5' as const, value: i.toString(16).padStart(32, '0'), variant: 'file', quality: null },
    ],
  }));
  await importBankList(deps, { bank: 'partners', source: 'partner', entries: list, actor: 'ops' });
}, 60_000);
afterAll(() => web.close());

describe('hash banks in the console', () => {
  it('lists the banks, and a bank’s entries with where each came from', async () => {
    const list = await get('/staff/banks', moderator);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/staff/banks/takedowns"');
    expect(list.body).toContain('href="/staff/banks/partners"');

    const page = await get('/staff/banks/takedowns', moderator);
    expect(page.statusCode).toBe(200);
    const row = (id: string) =>
      new RegExp(`<tr data-entry-id="${id}">[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? '';
    expect(row(fromCase)).toContain(`<a href="/staff/requests/${caseNumber}">${caseNumber}</a>`);
    expect(row(labelled)).toContain('API');
    expect(row(labelled)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('action="/staff/banks/takedowns/settings"');
    expect(page.body).toContain(`action="/staff/banks/takedowns/entries/${fromCase}/withdraw"`);
    expect((await get('/staff/banks/nosuch', moderator)).statusCode).toBe(404);
    const anonymous = await web.app.inject({ url: '/staff/banks/takedowns' });
    expect([anonymous.statusCode, anonymous.headers.location]).toEqual([303, '/staff/login']);
  });

  it('pages through a large bank and finds one entry by its id', async () => {
    const first = await get('/staff/banks/partners', moderator);
    expect(first.body.match(/<tr data-entry-id=/g)).toHaveLength(50);
    expect(first.body).toContain('partner list <code>partner#p-');
    const older = /href="(\/staff\/banks\/partners\?before=[^"#]+)#entries"/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    const second = await get(older!.replace(/&amp;/g, '&'), moderator);
    expect(second.body.match(/<tr data-entry-id=/g)).toHaveLength(5);
    expect(second.body).not.toContain('Older entries');
    const ids = (body: string) => [...body.matchAll(/<tr data-entry-id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set([...ids(first.body), ...ids(second.body)]).size).toBe(55);

    const one = await get(`/staff/banks/partners?entry=${ids(second.body)[0]}`, moderator);
    expect(ids(one.body)).toEqual([ids(second.body)[0]]);
  });

  it('a moderator withdraws an entry with a reason: audited, and gone from the index', async () => {
    const url = `/staff/banks/takedowns/entries/${labelled}/withdraw`;
    expect(web.rt.stayDown.index.search([{ variant: 'original', hex: hex(2) }], 0, 0)).toHaveLength(1);
    expect((await post(url, moderator, { reason: 'hashed by mistake' })).statusCode).toBe(403); // no CSRF token
    const noReason = await post(url, moderator, { _csrf: moderator.csrf, reason: ' ' });
    expect(noReason.headers.location).toBe('/staff/banks/takedowns?done=invalid');
    expect((await entry(labelled)).withdrawn_at).toBeNull();

    const done = await post(url, moderator, { _csrf: moderator.csrf, reason: 'hashed by mistake' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/staff/banks/takedowns?done=withdrawn');
    expect(await entry(labelled)).toMatchObject({ withdrawn_reason: 'hashed by mistake' });
    expect((await entry(labelled)).withdrawn_at).not.toBeNull();
    expect(web.rt.stayDown.index.search([{ variant: 'original', hex: hex(2) }], 0, 0)).toEqual([]);
    const events = await web.rt.repos.audit.list(web.rt.database.db);
    expect(events.filter((e) => e.type === 'bank.entry_withdrawn').map((e) => e.data)).toEqual([
      { bank: 'takedowns', entryId: labelled, reason: 'hashed by mistake' },
    ]);
    const page = await get('/staff/banks/takedowns?done=withdrawn', moderator);
    expect(page.body).toContain('role="status"');
    expect(page.body).not.toContain(`/entries/${labelled}/withdraw`);

    // An entry of another bank is not withdrawn through this one.
    const other = await post(`/staff/banks/partners/entries/${fromCase}/withdraw`, moderator, {
      _csrf: moderator.csrf,
      reason: 'wrong bank',
    });
    expect(other.headers.location).toBe('/staff/banks/partners?done=invalid');
    expect((await entry(fromCase)).withdrawn_at).toBeNull();
  });

  it('a moderator changes the policy; a threshold out of range changes nothing', async () => {
    const url = '/staff/banks/partners/settings';
    const saved = await post(url, moderator, {
      _csrf: moderator.csrf,
      matchThreshold: '24',
      onMatch: 'block',
    });
    expect(saved.headers.location).toBe('/staff/banks/partners?done=saved');
    expect(await bank('partners')).toMatchObject({ match_threshold: 24, on_match: 'block', enabled: 0 });
    const refused = await post(url, moderator, { _csrf: moderator.csrf, matchThreshold: '99', enabled: '1' });
    expect(refused.headers.location).toBe('/staff/banks/partners?done=invalid');
    expect(await bank('partners')).toMatchObject({ match_threshold: 24, enabled: 0 });
    await post(url, moderator, {
      _csrf: moderator.csrf,
      matchThreshold: '31',
      onMatch: 'review',
      enabled: '1',
    });
    expect(await bank('partners')).toMatchObject({ match_threshold: 31, on_match: 'review', enabled: 1 });
  });

  it('an auditor reads the bank without forms and cannot act', async () => {
    const page = await get('/staff/banks/takedowns', auditor);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-entry-id="${fromCase}"`);
    expect(page.body).toContain('data-policy');
    expect(page.body).not.toContain('/withdraw"');
    expect(page.body).not.toContain('/settings"');
    const refused = await post(`/staff/banks/takedowns/entries/${fromCase}/withdraw`, auditor, {
      _csrf: auditor.csrf,
      reason: 'not mine to do',
    });
    expect(refused.statusCode).toBe(403);
    expect((await entry(fromCase)).withdrawn_at).toBeNull();
  });

  it('the bank page has no axe violations', async () => {
    await inStaffBrowser(web, moderator, '/staff/banks/takedowns', async (page) => {
      expect(await page.locator('[data-entries]').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
