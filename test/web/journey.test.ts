/**
 * The whole journey in Debian's Chromium (headless), over real HTTP: a person reads the notice,
 * files a request and fingerprints a photo in the page (the network log shows no image bytes
 * leave the browser, and the stored PDQ and SHA-256 equal the server's hashes of the same file);
 * a moderator signs in, finds it on top of the queue with its countdown, removes it; the status
 * page shows the outcome, also in Spanish. axe-core runs on every page on the way.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { toHex } from '@redress/pdq';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashImageFile } from '../../src/media/hash-image.ts';
import { launchChromium } from '../support/chromium.ts';
import { axeViolations } from './axe.ts';
import { completeForm, createStaff, encode, FORM, PASSWORD, startWeb, statusLinkFrom } from './support.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import type { WebHarness } from './support.ts';

const FIXTURE = new URL('../fixtures/pdq/bridge-mods/aaa-orig.jpg', import.meta.url).pathname;
const FILE_BYTES = readFileSync(FIXTURE);

let web: WebHarness;
let browser: Browser;
let requester: BrowserContext;
let staff: BrowserContext;
let page: Page;
let console_: Page;
const bodies: { url: string; body: Buffer | null; type: string | undefined }[] = [];
let caseNumber = '';
let statusUrl = '';

beforeAll(async () => {
  web = await startWeb({ REDRESS_POW_BITS: '10', REDRESS_PLATFORM_NAME: 'Example Social' });
  await createStaff(web.rt, 'mod@example.org', 'moderator');
  browser = await launchChromium();
  requester = await browser.newContext({ locale: 'en-US' });
  staff = await browser.newContext({ locale: 'en-US' });
  page = await requester.newPage();
  console_ = await staff.newPage();
  page.on('request', (r) =>
    bodies.push({ url: r.url(), body: r.postDataBuffer(), type: r.headers()['content-type'] }),
  );
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

describe('requester and moderator in Chromium', () => {
  it('the notice is accessible and leads to the form', async () => {
    await page.goto(`${web.baseUrl}/notice`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Start a removal request' }).first().click();
    await page.waitForURL(/\/request/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a missing element shows its message, and the page stays accessible', async () => {
    await page.getByLabel('Link (URL)').fill('https://social.example/p/123');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForSelector('#signature-error');
    expect(await page.locator('#signature-error').textContent()).toContain('Type your full name');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('fingerprints the photo in the page and sends the request without the photo', async () => {
    await page.getByLabel('Make a fingerprint of my copy here').check();
    await page.setInputFiles('#item_file_0', FIXTURE);
    await page.getByText('Fingerprint ready. The picture was not uploaded.').waitFor();
    await page.getByLabel('Why you believe this was shared without consent').fill('I never agreed to this.');
    await page.getByLabel('Email').fill('jane@example.org');
    await page.getByLabel('Type your full name to sign').fill('Jane Doe');
    await page.getByRole('button', { name: 'Send request', exact: true }).click();
    await page.waitForURL(/\/received\?token=/);
    caseNumber = (await page.locator('[data-case-number]').textContent())!.trim();
    statusUrl = (await page.locator('[data-status-link]').getAttribute('href'))!;
    expect(caseNumber).toMatch(/^RD-/);
    expect(await axeViolations(page)).toEqual([]);

    const posted = bodies.filter((b) => b.body && b.body.length > 0);
    expect(posted.length).toBeGreaterThan(0);
    for (const b of posted) {
      expect(b.type).toBe('application/x-www-form-urlencoded');
      expect(b.body!.length).toBeLessThan(8 * 1024);
      expect(b.body!.includes(FILE_BYTES.subarray(1000, 1064))).toBe(false);
    }
    expect(FILE_BYTES.length).toBeGreaterThan(100_000);
  });

  it('stored the hashes the server computes from the same file', async () => {
    const row = await web.rt.database.transact((trx) =>
      web.rt.repos.requests.findByCaseNumber(trx, caseNumber),
    );
    const [item] = await web.rt.database.transact((trx) => web.rt.repos.requests.items(trx, row!.id));
    const server = await hashImageFile(FIXTURE);
    expect(item.sha256).toBe(createHash('sha256').update(FILE_BYTES).digest('hex'));
    expect(item.pdq).toBe(toHex(server.dihedral[0]));
    expect(row!.channel).toBe('web');
    expect(row!.status).toBe('in_review');
  });

  it('the moderator signs in and finds it on top of the queue with its countdown', async () => {
    await console_.goto(`${web.baseUrl}/staff`);
    await console_.waitForURL(/\/staff\/login/);
    expect(await axeViolations(console_)).toEqual([]);
    await console_.getByLabel('Email').fill('mod@example.org');
    await console_.getByLabel('Password').fill(PASSWORD);
    await console_.getByRole('button', { name: 'Sign in' }).click();
    await console_.waitForURL(/\/staff$/);
    const first = console_.locator('table.queue tbody tr').first();
    expect(await first.getAttribute('data-case')).toBe(caseNumber);
    expect(await first.locator('[data-deadline]').textContent()).toMatch(/^4[78]h \d\dm left$/);
    expect(await first.locator('[data-deadline]').getAttribute('class')).toBe('badge t-ok');
    expect(await axeViolations(console_)).toEqual([]);
  });

  it('opens the case, removes the request and records the item as removed', async () => {
    await console_.getByRole('link', { name: caseNumber }).click();
    await console_.waitForURL(new RegExp(`/staff/requests/${caseNumber}$`));
    expect(await console_.locator('[data-pdq]').textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await axeViolations(console_)).toEqual([]);
    await console_.locator('#remove-facts').fill('Intimate image; requester is the person shown.');
    await console_.getByRole('button', { name: 'Remove…', exact: true }).click();
    await console_.getByRole('heading', { name: 'Confirm: remove' }).waitFor();
    expect(await axeViolations(console_)).toEqual([]);
    await console_.getByRole('button', { name: 'Yes, remove' }).click();
    await console_.getByText('Decision recorded.').waitFor();
    await console_.getByRole('button', { name: 'Record outcome' }).click();
    await console_.getByText('Item outcome recorded.').waitFor();
    expect(await console_.locator('h3').first().textContent()).toContain('removed');
    expect(await axeViolations(console_)).toEqual([]);
  });

  it('the status page shows the outcome, in English and in Spanish', async () => {
    // The link is built on REDRESS_PUBLIC_URL; the test server listens on a free port instead.
    const link = new URL(statusUrl);
    await page.goto(`${web.baseUrl}${link.pathname}${link.search}`);
    expect(await page.locator('[data-item-status]').textContent()).toContain('Removed');
    expect(await page.locator('dl.facts').first().textContent()).toContain('Removed');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Español', exact: true }).click();
    await page.waitForURL(/lang=es/);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    expect(await page.locator('[data-item-status]').textContent()).toContain('Retirado');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${web.baseUrl}/notice`);
    expect(await page.locator('h1').textContent()).toBe(
      'Retirar imágenes íntimas compartidas sin consentimiento',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${web.baseUrl}/request`);
    expect(await page.locator('h1').textContent()).toBe('Solicitud de retirada');
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the other pages, and hostile text, in Chromium', () => {
  const EVIL = `<img src=x onerror="alert('xss')"><script>alert('xss')</script>`;

  async function fileByPost(fields: Record<string, string>) {
    const res = await web.app.inject({
      method: 'POST',
      url: '/request',
      headers: FORM,
      payload: encode(fields),
    });
    return statusLinkFrom(res.headers.location as string);
  }

  it('status pages with their forms, the lost-link page and the admin page pass axe', async () => {
    const incomplete = await fileByPost(completeForm({ goodFaithStatement: '', signature: '', force: '1' }));
    await page.goto(
      `${web.baseUrl}/requests/${incomplete.caseNumber}/status?lang=en&token=${incomplete.token}`,
    );
    await page.getByLabel('Type your full name to sign').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const refused = await fileByPost(completeForm());
    const row = await web.rt.database.transact((trx) =>
      web.rt.repos.requests.findByCaseNumber(trx, refused.caseNumber),
    );
    await decideRequest(
      { transact: web.rt.database.transact, ...web.rt.repos, clock: web.rt.clock },
      { requestId: row!.id, decision: 'reject', reasonCode: 'not_located', actor: 'user:test' },
    );
    await page.goto(`${web.baseUrl}/requests/${refused.caseNumber}/status?token=${refused.token}`);
    await page.getByLabel('Why the decision should change').fill('The link works; please look again.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ask for a new review' }).click();
    await page.getByText('Your request for a new review was received.').waitFor();

    await console_.goto(`${web.baseUrl}/staff/requests/${refused.caseNumber}`);
    await console_.getByRole('button', { name: 'Record appeal decision' }).waitFor();
    expect(await axeViolations(console_)).toEqual([]);

    await page.goto(`${web.baseUrl}/requests/lost-link`);
    expect(await axeViolations(page)).toEqual([]);

    await createStaff(web.rt, 'admin@example.org', 'admin');
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await admin.goto(`${web.baseUrl}/staff/login`);
    await admin.getByLabel('Email').fill('admin@example.org');
    await admin.getByLabel('Password').fill(PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForURL(/\/staff$/);
    await admin.goto(`${web.baseUrl}/staff/admin`);
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByLabel('Name (what uses it)').fill('platform upload hook');
    await admin.getByRole('button', { name: 'Create key' }).click();
    expect(await admin.locator('[data-secret]').textContent()).toMatch(/^rk_/);
    await adminContext.close();
  });

  it('hostile text from a request never runs in the console', async () => {
    const dialogs: string[] = [];
    console_.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const evil = await fileByPost(
      completeForm({
        name: EVIL,
        goodFaithStatement: EVIL,
        context: EVIL,
        item_desc_0: EVIL,
        signature: EVIL,
      }),
    );
    await console_.goto(`${web.baseUrl}/staff`);
    await console_.goto(`${web.baseUrl}/staff/requests/${evil.caseNumber}`);
    await console_.getByRole('heading', { name: `Case ${evil.caseNumber}` }).waitFor();
    expect(await console_.locator('img[src=x]').count()).toBe(0);
    expect(await console_.getByText(EVIL).count()).toBeGreaterThan(0);
    expect(dialogs).toEqual([]);
  });
});
