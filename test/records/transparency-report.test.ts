/**
 * The transparency report of a simulated month, on both databases: requests of every legal basis
 * and channel, removals in and out of 48 hours, refusals, an appeal, a copy removed by the sweep
 * and a blocked re-upload, all made through the use cases with an injected clock. Every figure of
 * the report equals a count made directly from the database; the HTML document shows its charts
 * in Chromium (rendered to PNG), and neither it nor the CSV holds a name, an email or an address.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LegalBasis } from '../../src/domain/request.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import type { TransparencyReport } from '../../src/domain/transparency.ts';
import type { Runtime } from '../../src/runtime.ts';
import { checkUpload } from '../../src/use-cases/check-upload.ts';
import { decideAppeal } from '../../src/use-cases/decide-appeal.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { fileAppeal } from '../../src/use-cases/file-appeal.ts';
import { recordItemRemoval } from '../../src/use-cases/record-item-removal.ts';
import { registerContent } from '../../src/use-cases/register-content.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { withdrawRequest } from '../../src/use-cases/withdraw-request.ts';
import { transparencyCsv } from '../../src/web/reports/transparency-csv.ts';
import { transparencyDocument } from '../../src/web/reports/transparency-html.ts';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { launchChromium } from '../support/chromium.ts';

const FROM = new Date('2026-10-01T00:00:00.000Z');
const TO = new Date('2026-10-31T23:59:59.999Z');
const HOUR = 3_600_000;
const COPY_SHA = 'ab'.repeat(32);

// [day of October, legal basis, channel, what happens, hours until each step]
type Plan = [
  number,
  LegalBasis,
  'web' | 'api',
  'remove' | 'late' | 'reject' | 'appeal' | 'open' | 'withdraw',
];
const MONTH: Plan[] = [
  [1, 'take_it_down', 'web', 'remove'],
  [2, 'take_it_down', 'api', 'remove'],
  [6, 'dsa', 'web', 'late'],
  [8, 'uk_osa', 'web', 'reject'],
  [9, 'take_it_down', 'web', 'appeal'],
  [13, 'dmca', 'api', 'remove'],
  [15, 'dsa', 'web', 'remove'],
  [20, 'take_it_down', 'web', 'open'],
  [22, 'take_it_down', 'api', 'late'],
  [27, 'uk_osa', 'web', 'withdraw'],
  [29, 'dsa', 'web', 'remove'],
];

async function simulateMonth(rt: Runtime, clock: ManualClock): Promise<void> {
  const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };
  const sd = rt.stayDown;
  await registerContent(
    {
      transact: rt.database.transact,
      content: sd.repos.content,
      clock,
      fetchOptions: sd.fetchOptions,
      hashMedia: sd.registryHashes,
      hashVideo: (bytes) => sd.videoHashes(bytes, 'upload'),
    },
    [{ platformItemId: 'copy-1', url: 'https://mirror.example/copy-1', hashes: { sha256: COPY_SHA } }],
  );
  const worker = rt.createWorker();
  for (const [day, legalBasis, channel, fate] of MONTH) {
    clock.set(new Date(FROM.getTime() + (day - 1) * 24 * HOUR + 9 * HOUR));
    const submission = completeRequest({
      legalBasis,
      // Every basis's own elements (DSA and DMCA ask more than TAKE IT DOWN).
      bonaFideStatement: true,
      copyrightedWork: 'My own photograph',
      perjuryStatement: true,
      submitter: {
        role: 'depicted_person',
        name: 'Alex Example',
        email: 'alex@example.org',
        phone: '+1 555 0100',
      },
      items: [{ url: `https://site${day % 3}.example/p/${day}`, sha256: day === 1 ? COPY_SHA : undefined }],
    });
    const { requestId } = await submitRequest(deps, submission, channel);
    const actor = 'staff:moderator';
    const facts = 'The requester is shown and did not consent.';
    if (fate === 'open') continue;
    if (fate === 'withdraw') {
      await withdrawRequest(deps, { requestId, by: 'requester', actor: 'requester' });
      continue;
    }
    clock.advanceMs(3 * HOUR);
    if (fate === 'reject' || fate === 'appeal') {
      await decideRequest(deps, { requestId, decision: 'reject', reasonCode: 'not_located', actor });
      if (fate === 'appeal') {
        clock.advanceMs(24 * HOUR);
        const { appealId } = await fileAppeal(deps, {
          requestId,
          appellant: 'requester',
          statement: 'The address was right.',
          actor: 'requester',
        });
        clock.advanceMs(24 * HOUR);
        await decideAppeal(deps, { appealId, outcome: 'overturn', actor });
      }
      continue;
    }
    await decideRequest(deps, { requestId, decision: 'remove', facts, actor });
    clock.advanceMs((fate === 'late' ? 60 : 5) * HOUR);
    const [item] = await rt.repos.requests.items(rt.database.db, requestId);
    await recordItemRemoval(deps, { requestId, itemId: item.id, outcome: 'removed', actor });
    await worker.runDueJobs(); // the copy sweep
  }
  clock.set('2026-10-30T12:00:00.000Z');
  await checkUpload(
    {
      db: rt.database.db,
      transact: rt.database.transact,
      banks: sd.repos.banks,
      copies: sd.repos.copies,
      audit: rt.repos.audit,
      index: sd.index,
      clock,
    },
    {
      queries: [],
      exact: { sha256: COPY_SHA },
      platformItemId: 'reupload-1',
      actor: 'platform',
      record: true,
    },
  );
}

/** The same figures, counted with plain SQL over the tables. */
async function countDirectly(rt: Runtime) {
  const db = rt.database.db;
  const from = FROM.toISOString();
  const to = TO.toISOString();
  const requests = await db
    .selectFrom('requests')
    .select(['legal_basis', 'channel', 'status', 'closed_at', 'deadline_at'])
    .where('received_at', '>=', from)
    .where('received_at', '<=', to)
    .execute();
  const count = (rows: Array<Record<string, unknown>>, key: string) =>
    rows.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [String(r[key])]: (acc[String(r[key])] ?? 0) + 1 }),
      {},
    );
  const removed = requests.filter((r) => r.status === 'removed' || r.status === 'partially_removed');
  const items = await db.selectFrom('request_items').select('url').where('status', '=', 'removed').execute();
  const findings = await db.selectFrom('copy_findings').select('status').execute();
  const blocks = await db.selectFrom('upload_blocks').select('id').execute();
  const appeals = await db.selectFrom('appeals').select('status').execute();
  return {
    total: requests.length,
    byLegalBasis: count(requests, 'legal_basis'),
    byChannel: count(requests, 'channel'),
    byOutcome: count(requests, 'status'),
    removed: removed.length,
    inTime: removed.filter((r) => r.closed_at! <= r.deadline_at).length,
    hosts: count(
      items.map((i) => ({ host: new URL(i.url!).hostname })),
      'host',
    ),
    findings: count(findings, 'status'),
    blocks: blocks.length,
    appeals: count(appeals, 'status'),
  };
}

describe.each(DATABASES)('transparency report of a simulated month on %s', (kind) => {
  let rt: Runtime;
  let env: TestEnv;
  let close: () => Promise<void>;
  let report: TransparencyReport;

  beforeAll(async () => {
    const clock = new ManualClock(FROM);
    ({ rt, env, close } = await openTestRuntime(kind, { clock }));
    await simulateMonth(rt, clock);
    clock.set('2026-11-02T00:00:00.000Z');
    report = await rt.transparencyReport({ from: FROM, to: TO });
  }, 120_000);
  afterAll(() => close());

  it('counts what the database holds', async () => {
    const direct = await countDirectly(rt);
    expect(report.requests.total).toBe(MONTH.length);
    expect(report.requests.total).toBe(direct.total);
    expect(report.requests.byLegalBasis).toEqual(direct.byLegalBasis);
    expect(report.requests.byChannel).toEqual(direct.byChannel);
    expect(report.requests.byOutcome).toEqual(direct.byOutcome);
    expect(report.timing.removedWithin48h).toMatchObject({ removed: direct.removed, inTime: direct.inTime });
    expect(direct.removed - direct.inTime).toBe(2);
    expect(Object.fromEntries(report.removalsByHost.map((h) => [h.host, h.removed]))).toEqual(direct.hosts);
    expect(report.copies.removedAutomatically).toBe(direct.findings.auto_removed);
    expect(report.copies.found).toBeGreaterThan(0);
    expect(report.uploadBlocks.total).toBe(direct.blocks);
    expect(report.uploadBlocks).toMatchObject({ total: 1, exact: 1, perceptual: 0 });
    expect(report.appeals).toMatchObject({
      filed: 1,
      overturned: direct.appeals.overturned,
      upheld: 0,
      open: 0,
    });
    expect(report.weeks.reduce((n, w) => n + w.received, 0)).toBe(direct.total);
    expect(report.weeks.reduce((n, w) => n + w.removed, 0)).toBe(direct.removed);
  });

  it('holds no name, email or item address in any format', () => {
    for (const text of [JSON.stringify(report), transparencyCsv(report), transparencyDocument(report)]) {
      expect(text).not.toMatch(/Alex Example|alex@example\.org|https?:\/\/|\/p\/\d/);
    }
    expect(report.removalsByHost.map((h) => h.host).sort()).toEqual(
      ['site0.example', 'site1.example', 'site2.example'].filter((h) =>
        report.removalsByHost.some((r) => r.host === h),
      ),
    );
  });

  it.runIf(kind === 'sqlite')('is printed by redress report in every format', async () => {
    const args = ['report', '--from', '2026-10-01', '--to', '2026-10-31'];
    const json = await runCli([...args, '--format', 'json'], env.env);
    expect(json.stderr).toBe('');
    const printed = JSON.parse(json.stdout) as TransparencyReport;
    expect(printed.requests).toEqual(report.requests);
    expect(printed.copies).toEqual(report.copies);
    const csv = await runCli([...args, '--format', 'csv'], env.env);
    expect(csv.stdout.split('\n')[0]).toBe('section,metric,key,value');
    expect(csv.stdout).toContain(`requests,total,,${MONTH.length}`);
    const bad = await runCli([...args, '--format', 'pdf'], env.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--format must be one of html, csv, json/);
  });

  it.runIf(kind === 'sqlite')('renders with its charts visible in Chromium', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.setContent(transparencyDocument(report));
      const charts = page.locator('svg.chart');
      expect(await charts.count()).toBe(3);
      for (const chart of await charts.all()) {
        const box = await chart.boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.height).toBeGreaterThan(40);
      }
      const bars = await page
        .locator('svg.chart rect.chart-bar')
        .evaluateAll((rects) =>
          rects.map((r) => (r as SVGRectElement).getBBox().width * (r as SVGRectElement).getBBox().height),
        );
      expect(bars.filter((area) => area > 0).length).toBeGreaterThan(5);
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'redress-report-')), 'report.png');
      await page.screenshot({ path: out, fullPage: true });
      expect(fs.statSync(out).size).toBeGreaterThan(20_000);
    } finally {
      await browser.close();
    }
  });
});
