/**
 * Safe previews against a stand-in platform on loopback that serves a benign photo: the console's
 * image is small, grey and blurred (checked on its pixels), nothing is written under the data
 * folder while it is drawn, a reveal is audited and counted (and past the threshold the console
 * suggests a break; admins see only aggregates), an auditor gets 403 and nobody signed in is sent
 * to sign in. The case page, with a near copy side by side, passes axe in Chromium.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewsRepository } from '../../src/db/repositories/previews-repository.ts';
import { revealDay } from '../../src/domain/preview.ts';
import { randomId } from '../../src/security/tokens.ts';
import { axeViolations } from './axe.ts';
import {
  completeForm,
  encode,
  FORM,
  inStaffBrowser,
  signedInStaff,
  startWeb,
  statusLinkFrom,
} from './support.ts';
import type { WebHarness } from './support.ts';

const PHOTO = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pdq/bridge-mods/aaa-orig.jpg'));
const COPY_PHOTO = fs.readFileSync(
  path.join(import.meta.dirname, '../fixtures/pdq/bridge-mods/high-contrast.jpg'),
);

let platform: http.Server;
let platformHits = 0;
let web: WebHarness;
let moderator: { cookie: string; csrf: string };
let auditor: { cookie: string; csrf: string };
let admin: { cookie: string; csrf: string };
let moderatorId: string;
let caseNumber: string;
let itemId: string;
let findingId: string;
let goneFindingId: string;

/** Pixels as RGB, whatever the JPEG's colour space. */
async function rgb(jpeg: Buffer) {
  const { data, info } = await sharp(jpeg)
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function isGrey(p: { data: Buffer; channels: number }): boolean {
  for (let i = 0; i < p.data.length; i += p.channels) {
    if (p.data[i] !== p.data[i + 1] || p.data[i] !== p.data[i + 2]) return false;
  }
  return true;
}

/** Variance of the differences between horizontally neighbouring pixels (luma): detail. */
function detail(p: { data: Buffer; width: number; height: number; channels: number }): number {
  const diffs: number[] = [];
  for (let y = 0; y < p.height; y++) {
    for (let x = 1; x < p.width; x++) {
      const at = (xx: number) => {
        const i = (y * p.width + xx) * p.channels;
        return 0.299 * p.data[i] + 0.587 * p.data[i + 1] + 0.114 * p.data[i + 2];
      };
      diffs.push(at(x) - at(x - 1));
    }
  }
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  return diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / diffs.length;
}

/** Every file under the data folder but the database's own, with its size. */
function nonDatabaseFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (/\.(sqlite|db)(-wal|-shm|-journal)?$/.test(entry.name)) continue;
    out.push(`${path.relative(dir, full)} ${fs.statSync(full).size}`);
  }
  return out.sort();
}

const preview = (url: string, cookie?: string) => web.app.inject({ url, headers: cookie ? { cookie } : {} });

beforeAll(async () => {
  platform = http.createServer((req, res) => {
    platformHits++;
    const body = req.url === '/media/copy.jpg' ? COPY_PHOTO : req.url === '/media/orig.jpg' ? PHOTO : null;
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;

  web = await startWeb({
    REDRESS_UNPROVEN_INTAKE_LIMIT: '0',
    REDRESS_FETCH_ALLOWED_SUBNETS: '127.0.0.0/8',
    REDRESS_REVEALS_BEFORE_BREAK: '2',
  });
  moderator = await signedInStaff(web, 'mod@example.org', 'moderator');
  auditor = await signedInStaff(web, 'audit@example.org', 'auditor');
  admin = await signedInStaff(web, 'admin@example.org', 'admin');
  const sent = await web.app.inject({
    method: 'POST',
    url: '/request',
    headers: FORM,
    payload: encode(completeForm({ item_url_0: `${base}/media/orig.jpg` })),
  });
  expect(sent.statusCode).toBe(303);
  ({ caseNumber } = statusLinkFrom(sent.headers.location as string));

  // A near copy on the platform, as a sweep leaves it: a registry item and its review finding.
  const { transact } = web.rt.database;
  const { content, copies } = web.rt.stayDown.repos;
  const at = web.rt.clock.now().toISOString();
  findingId = randomId();
  await transact(async (trx) => {
    const request = (await web.rt.repos.requests.findByCaseNumber(trx, caseNumber))!;
    const [item] = await web.rt.repos.requests.items(trx, request.id);
    itemId = item.id;
    const copyId = randomId();
    await content.upsert(trx, {
      id: copyId,
      platform_item_id: 'post-778',
      url: `${base}/media/copy.jpg`,
      uploader_id: 'u-9',
      sha256: null,
      md5: null,
      pdq: 'f'.repeat(64),
      pdq_dihedral: null,
      pdq_quality: 100,
      pdq_profile: null,
      status: 'active',
      created_at: at,
      updated_at: at,
      removed_at: null,
      removed_by_request: null,
    });
    await copies.insertFinding(trx, {
      id: findingId,
      request_id: request.id,
      source_item_id: item.id,
      content_item_id: copyId,
      match_kind: 'pdq',
      distance: 17,
      variant: 'original/rot90',
      status: 'review',
      created_at: at,
      decided_at: null,
      decided_by: null,
    });
    // A second near copy the platform no longer serves.
    goneFindingId = randomId();
    const goneId = randomId();
    await content.upsert(trx, {
      id: goneId,
      platform_item_id: 'post-779',
      url: `${base}/media/gone.jpg`,
      uploader_id: 'u-9',
      sha256: null,
      md5: null,
      pdq: 'e'.repeat(64),
      pdq_dihedral: null,
      pdq_quality: 100,
      pdq_profile: null,
      status: 'active',
      created_at: at,
      updated_at: at,
      removed_at: null,
      removed_by_request: null,
    });
    await copies.insertFinding(trx, {
      id: goneFindingId,
      request_id: request.id,
      source_item_id: item.id,
      content_item_id: goneId,
      match_kind: 'pdq',
      distance: 30,
      variant: null,
      status: 'review',
      created_at: at,
      decided_at: null,
      decided_by: null,
    });
    const mod = await web.rt.repos.staff.userByEmail(trx, 'mod@example.org');
    moderatorId = mod!.id;
  });
});
afterAll(async () => {
  await web?.close();
  await new Promise((resolve) => platform?.close(resolve));
});

describe('safe previews', () => {
  it('shows the item small, grey and blurred, fetched at view time and never written to disk', async () => {
    const before = nonDatabaseFiles(web.rt.config.dataDir);
    const hits = platformHits;
    const res = await preview(`/staff/previews/item/${itemId}?level=blur`, moderator.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(platformHits).toBe(hits + 1);
    expect(nonDatabaseFiles(web.rt.config.dataDir)).toEqual(before);

    const shown = await rgb(res.rawPayload);
    expect(Math.max(shown.width, shown.height)).toBeLessThanOrEqual(320);
    expect(isGrey(shown)).toBe(true);
    // The same photo at the same size, unblurred: the preview keeps a small part of its detail.
    const plain = await rgb(await sharp(PHOTO).resize(shown.width, shown.height).jpeg().toBuffer());
    expect(isGrey(plain)).toBe(false);
    expect(detail(shown)).toBeLessThan(detail(plain) / 20);
    // Looking at the blurred default is not a reveal.
    const count = await web.rt.database.transact((trx) =>
      previewsRepository.revealsOn(trx, moderatorId, revealDay(web.rt.clock.now())),
    );
    expect(count).toBe(0);
  });

  it('a reveal is audited without content and counted; past the threshold the console suggests a break', async () => {
    const colour = await preview(`/staff/previews/item/${itemId}?level=colour`, moderator.cookie);
    expect(colour.statusCode).toBe(200);
    const coloured = await rgb(colour.rawPayload);
    expect(isGrey(coloured)).toBe(false);
    const queueBefore = await preview('/staff', moderator.cookie);
    expect(queueBefore.body).not.toContain('data-break');

    const sharpOne = await preview(`/staff/previews/copy/${findingId}?level=sharp`, moderator.cookie);
    expect(sharpOne.statusCode).toBe(200);
    const sharpened = await rgb(sharpOne.rawPayload);
    expect(detail(sharpened)).toBeGreaterThan(detail(coloured) * 20);

    const day = revealDay(web.rt.clock.now());
    const count = await web.rt.database.transact((trx) =>
      previewsRepository.revealsOn(trx, moderatorId, day),
    );
    expect(count).toBe(2);
    const events = await web.rt.database.transact((trx) => web.rt.repos.audit.list(trx, {}));
    const reveals = events.filter((e) => e.type === 'media.revealed');
    expect(reveals.map((e) => e.data)).toEqual([
      { target: 'item', targetId: itemId, level: 'colour' },
      { target: 'copy', targetId: findingId, level: 'sharp' },
    ]);
    expect(reveals.every((e) => e.actor === `user:${moderatorId}`)).toBe(true);

    // The case page counts reveals but lists no one's: the audit log keeps who revealed what.
    const adminCase = await preview(`/staff/requests/${caseNumber}`, admin.cookie);
    expect(adminCase.body).toMatch(/Previews revealed 2 times/);
    expect(adminCase.body).not.toContain('data-event="media.revealed"');
    expect((await preview('/staff', moderator.cookie)).body).toContain('data-break');
    const settings = await preview('/staff/settings', moderator.cookie);
    expect(settings.body).toMatch(/You revealed 2 previews today/);

    // Admins see the day's total and how many passed the threshold, never which items were seen.
    const adminPage = await preview('/staff/admin', admin.cookie);
    expect(adminPage.body).toMatch(/data-total>2</);
    expect(adminPage.body).toMatch(/data-past>\s*1\s*</);
    expect(adminPage.body).not.toContain(itemId);
    expect(adminPage.body).not.toContain(findingId);
  });

  it('an auditor gets 403 and nobody signed in is sent to sign in, before anything is fetched', async () => {
    const hits = platformHits;
    const forAuditor = await preview(`/staff/previews/item/${itemId}?level=blur`, auditor.cookie);
    expect(forAuditor.statusCode).toBe(403);
    expect(forAuditor.headers['content-type']).toContain('text/html');
    const anonymous = await preview(`/staff/previews/item/${itemId}?level=sharp`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/staff/login');
    expect((await preview('/staff/settings', auditor.cookie)).statusCode).toBe(403);
    const casePage = await preview(`/staff/requests/${caseNumber}`, auditor.cookie);
    expect(casePage.body).not.toContain('/staff/previews/');
    expect(platformHits).toBe(hits);
  });

  it('media the platform no longer serves gives a labelled tile, and no reveal is counted', async () => {
    const day = revealDay(web.rt.clock.now());
    const count = () =>
      web.rt.database.transact((trx) => previewsRepository.revealsOn(trx, moderatorId, day));
    const before = await count();
    const res = await preview(`/staff/previews/copy/${goneFindingId}?level=sharp`, moderator.cookie);
    expect(res.statusCode).toBe(502);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toContain('the platform did not hand it over');
    expect(await count()).toBe(before);
  });

  it('refuses a preview level it does not know with a 400', async () => {
    const res = await preview(`/staff/previews/item/${itemId}?level=raw`, moderator.cookie);
    expect(res.statusCode).toBe(400);
  });

  it("a reviewer's own settings change the blurred view: colour kept, still blurred", async () => {
    const saved = await web.app.inject({
      method: 'POST',
      url: '/staff/settings',
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ _csrf: moderator.csrf, blur: '20' }),
    });
    expect(saved.statusCode).toBe(303);
    const res = await preview(`/staff/previews/item/${itemId}?level=blur`, moderator.cookie);
    const shown = await rgb(res.rawPayload);
    expect(isGrey(shown)).toBe(false);
    const plain = await rgb(await sharp(PHOTO).resize(shown.width, shown.height).jpeg().toBuffer());
    expect(detail(shown)).toBeLessThan(detail(plain) / 20);
    // Another reviewer's view is untouched by it.
    const adminView = await rgb(
      (await preview(`/staff/previews/item/${itemId}?level=blur`, admin.cookie)).rawPayload,
    );
    expect(isGrey(adminView)).toBe(true);
    const bad = await web.app.inject({
      method: 'POST',
      url: '/staff/settings',
      headers: { ...FORM, cookie: moderator.cookie },
      payload: encode({ _csrf: moderator.csrf, blur: '0' }),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('the case page shows the item and its near copy side by side, blurred, and passes axe', async () => {
    await inStaffBrowser(web, moderator, `/staff/requests/${caseNumber}`, async (page) => {
      const near = page.locator(`[data-near="${findingId}"]`);
      expect(await near.locator('img[data-preview-img]').count()).toBe(2);
      // Previews load lazily, as each comes into view: bring each in and wait for its pixels.
      for (const img of await page.locator('img[data-preview-img]').all()) {
        await img.scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (el) => (el as HTMLImageElement).naturalWidth > 0,
          await img.elementHandle(),
        );
      }
      expect(await near.textContent()).toContain('Distance 17');
      expect(await axeViolations(page)).toEqual([]);
      await page.locator(`[data-preview="item:${itemId}"] a`).first().click();
      const revealed = page.locator(`[data-preview="item:${itemId}"]`).first();
      expect(await revealed.getAttribute('data-level')).toBe('colour');
      expect(await page.locator(`[data-preview="copy:${findingId}"]`).getAttribute('data-level')).toBe(
        'blur',
      );
      expect(await axeViolations(page)).toEqual([]);
    });
    await inStaffBrowser(web, moderator, '/staff/settings', async (page) => {
      expect(await axeViolations(page)).toEqual([]);
    });
    await inStaffBrowser(web, admin, '/staff/admin', async (page) => {
      expect(await page.locator('[data-exposure]').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
