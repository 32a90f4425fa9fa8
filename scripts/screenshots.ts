/**
 * `npm run screenshots`: renders the public and console pages with sample cases at phone and
 * desktop widths into screenshots/ (gitignored), so people can look at the pages without running
 * the service. Uses a throw-away SQLite database and Debian's Chromium.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/domain/clock.ts';
import { buildApp } from '../src/http/app.ts';
import { createLogger } from '../src/logger.ts';
import { openRuntime } from '../src/runtime.ts';
import { createStaffUser } from '../src/use-cases/create-staff-user.ts';
import { setUpAccount } from '../src/use-cases/set-up-account.ts';
import { submitRequest } from '../src/use-cases/submit-request.ts';
import { addBankEntry } from '../src/use-cases/add-bank-entry.ts';
import { decideRequest } from '../src/use-cases/decide-request.ts';
import { fileAppeal } from '../src/use-cases/file-appeal.ts';
import type { Submission } from '../src/domain/request.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { requesterShots } from './screenshots-requester.ts';

const OUT = path.resolve('screenshots');
const FIXTURE = path.resolve('test/fixtures/pdq/bridge-mods/aaa-orig.jpg');
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;
const PASSWORD = 'correct horse battery staple';

// A stand-in platform on loopback serving a benign photo, so the case page shows its previews.
const platform = http.createServer((_req, res) =>
  res.writeHead(200, { 'content-type': 'image/jpeg' }).end(fs.readFileSync(FIXTURE)),
);
await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
const platformBase = `http://127.0.0.1:${(platform.address() as AddressInfo).port}`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-shots-'));
const config = loadConfig({
  REDRESS_DATA_DIR: dataDir,
  REDRESS_LOG_LEVEL: 'warn',
  REDRESS_INTAKE_RATE_LIMIT: '0',
  REDRESS_POW_BITS: '10',
  REDRESS_PLATFORM_NAME: 'Example Social',
  REDRESS_PLATFORM_CONTACT: 'safety@example.org',
  REDRESS_FETCH_ALLOWED_SUBNETS: '127.0.0.0/8',
});
const clock = new ManualClock(new Date());
const rt = await openRuntime(config, { clock, log: createLogger('warn') });
const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };

const sample = (n: number, extra: Partial<Submission> = {}): Submission => ({
  legalBasis: 'take_it_down',
  submitter: { role: 'depicted_person', name: `Sample Person ${n}`, email: `person${n}@example.org` },
  items: [{ url: `https://social.example/p/${1000 + n}` }, { platformItemId: `vid-${n}` }],
  signature: { fullName: `Sample Person ${n}` },
  goodFaithStatement: 'I never agreed to this being posted. It was shared by a former partner.',
  ...extra,
});

// Cases received at different times, so the queue shows every escalation band.
const now = clock.now();
let caseNumber = '';
for (const [hoursAgo, extra] of [
  [50, {}],
  [45, { legalBasis: 'dsa', bonaFideStatement: true } as Partial<Submission>],
  [30, { aiGeneratedBelief: true }],
  [2, { minorInvolved: true }],
  [1, {}],
] as const) {
  clock.set(new Date(now.getTime() - hoursAgo * 3_600_000));
  const r = await submitRequest(deps, sample(hoursAgo, extra), 'web');
  if (hoursAgo === 30) caseNumber = r.caseNumber;
}
clock.set(now);
const staffDeps = { transact: rt.database.transact, staff: rt.repos.staff, clock };
const { setupToken } = await createStaffUser(staffDeps, {
  email: 'moderator@example.org',
  role: 'moderator',
});
await setUpAccount(staffDeps, { setupToken, password: PASSWORD });
const admin = await createStaffUser(staffDeps, { email: 'admin@example.org', role: 'admin' });
await setUpAccount(staffDeps, { setupToken: admin.setupToken, password: PASSWORD });
await createStaffUser(staffDeps, { email: 'new.moderator@example.org', role: 'moderator' });

// A refused request whose requester appealed: the queue lists the appeal with its due time.
const refused = await submitRequest(deps, sample(5), 'web');
const refusedId = (await rt.database.transact((trx) =>
  rt.repos.requests.findByCaseNumber(trx, refused.caseNumber),
))!.id;
await decideRequest(deps, {
  requestId: refusedId,
  decision: 'reject',
  reasonCode: 'not_located',
  facts: 'Both links answer 404 and no item with id vid-5 exists.',
  actor: `user:${admin.userId}`,
});
await fileAppeal(deps, {
  requestId: refusedId,
  appellant: 'requester',
  statement: 'The picture is still there under a new address: https://social.example/p/2005',
  actor: 'requester',
});
// A bank with an entry, for the banks pages.
await addBankEntry(rt.stayDown.bankEntryDeps, {
  bank: 'takedowns',
  provenance: { kind: 'cli', ref: 'aaa-orig.jpg' },
  addedBy: 'cli:operator',
  label: 'aaa-orig.jpg',
  hashes: [{ kind: 'sha256', value: 'ab'.repeat(32), variant: 'file', quality: null }],
});

// The sample case's video item is in the registry at the stand-in platform, with a near copy.
await rt.database.transact(async (trx) => {
  const request = (await rt.repos.requests.findByCaseNumber(trx, caseNumber))!;
  const [, item] = await rt.repos.requests.items(trx, request.id);
  const at = clock.now().toISOString();
  const registryRow = (id: string, platformItemId: string, file: string) => ({
    id,
    platform_item_id: platformItemId,
    url: `${platformBase}/${file}`,
    uploader_id: 'u-1',
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
  await rt.stayDown.repos.content.upsert(trx, registryRow('shot-item', item.platform_item_id!, 'item.jpg'));
  await rt.stayDown.repos.content.upsert(trx, registryRow('shot-copy', 'post-4242', 'copy.jpg'));
  await rt.stayDown.repos.copies.insertFinding(trx, {
    id: 'shot-finding',
    request_id: request.id,
    source_item_id: item.id,
    content_item_id: 'shot-copy',
    match_kind: 'pdq',
    distance: 17,
    variant: 'original/rot90',
    status: 'review',
    created_at: at,
    decided_at: null,
    decided_by: null,
  });
});

const app = await buildApp(rt);
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await launchChromium();
fs.mkdirSync(OUT, { recursive: true });
try {
  for (const [name, viewport] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    const shot = async (file: string) => {
      await page.screenshot({ path: path.join(OUT, `${file}-${name}.png`), fullPage: true });
      process.stdout.write(`screenshots/${file}-${name}.png\n`);
    };
    // Previews load lazily, as they come into view: bring each in before a full-page shot.
    const loadPreviews = async () => {
      for (const img of await page.locator('img[data-preview-img]').all()) {
        await img.scrollIntoViewIfNeeded();
        await page.waitForFunction((el) => (el as HTMLImageElement).complete, await img.elementHandle());
      }
    };
    await page.goto(`${base}/notice`);
    await shot('notice');
    await page.goto(`${base}/notice?lang=es`);
    await shot('notice-es');
    await page.goto(`${base}/request?lang=en&url=${encodeURIComponent('https://social.example/p/42')}`);
    await page.getByLabel('Make a fingerprint of my copy here').check();
    await page.setInputFiles('#item_file_0', FIXTURE);
    await page.getByText('Fingerprint ready').waitFor();
    await shot('form');
    await page.getByRole('button', { name: 'Send request', exact: true }).click();
    await page.waitForSelector('#error-summary');
    await shot('form-errors');
    await page.getByLabel('Why you believe this was shared without consent').fill('I never agreed to this.');
    await page.getByLabel('Email').fill('jane@example.org');
    await page.getByLabel('Type your full name to sign').fill('Jane Doe');
    await page.getByRole('button', { name: 'Send request', exact: true }).click();
    await page.waitForURL(/received/);
    await shot('confirmation');
    // Links are built on REDRESS_PUBLIC_URL; this server listens on a free port instead.
    const link = new URL((await page.locator('[data-status-link]').getAttribute('href'))!);
    await page.goto(`${base}${link.pathname}${link.search}`);
    await shot('status');
    await page.goto(`${base}/staff/login`);
    await shot('login');
    await page.getByLabel('Email').fill('moderator@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/staff$/);
    await shot('queue');
    await page.goto(`${base}/staff/requests/${caseNumber}`);
    await loadPreviews();
    await shot('case');
    await page.locator('#remove-facts').fill('The requester is the person shown and did not consent.');
    await page.getByRole('button', { name: 'Remove…', exact: true }).click();
    await page.getByRole('heading', { name: 'Confirm: remove' }).waitFor();
    await shot('case-confirm');
    await page.goto(
      `${base}/staff/requests/${caseNumber}?reveal=copy:shot-finding:colour#near-shot-finding-copy-shot-finding`,
    );
    await loadPreviews();
    await shot('case-revealed');
    await page.goto(`${base}/staff/settings`);
    await shot('preview-settings');
    await page.goto(`${base}/staff/requests/${refused.caseNumber}`);
    await shot('case-appeal');
    await page.goto(`${base}/staff/requests/RD-0000-0000`);
    await shot('console-not-found');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('admin@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/staff$/);
    await page.goto(`${base}/staff/admin`);
    await shot('admin');
    await page.goto(`${base}/staff/banks`);
    await shot('banks');
    await page.goto(`${base}/staff/banks/takedowns`);
    await shot('bank');
    await context.close();
  }
  const problems = await requesterShots({ rt, base, browser, out: OUT, widths: WIDTHS, picture: FIXTURE });
  if (problems.length > 0) {
    process.stderr.write(`axe found problems:\n${problems.join('\n')}\n`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await app.close();
  await rt.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  platform.close();
}
