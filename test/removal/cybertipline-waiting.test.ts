/**
 * The CyberTipline report must never be lost: without credentials, or with wrong ones, the job
 * waits (pending, retried) and readiness reports the case as waiting until NCMEC accepts it.
 * Also the rules that make "schema-valid" mean something: the simulator refuses reports that
 * break them, and text that needs escaping survives the trip.
 */
import { describe, expect, it } from 'vitest';
import { validateReport, parseXml } from '../../scripts/sim/cybertipline-schema.ts';
import { startCyberTiplineSimulator } from '../../scripts/sim/cybertipline.ts';
import { buildCyberTiplineReport } from '../../src/domain/cybertipline-report.ts';
import { renderXml } from '../../src/domain/xml.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const facts = {
  caseNumber: 'RD-TEST-0001',
  receivedAt: '2026-03-02T09:00:00.000Z',
  preserveUntil: '2027-03-02T09:00:00.000Z',
  items: [
    {
      url: 'https://x.example/a?b=1&c="2"',
      platformItemId: "it's<1>",
      sha256: null,
      pdq: null,
      uploaderId: 'u-7',
    },
  ],
  reporter: { email: 'trust@platform.example' },
  platformName: 'Example & Co',
};

describe('CyberTipline report rules', () => {
  it('escapes text so the document parses back to the same values', () => {
    const xml = renderXml(buildCyberTiplineReport(facts));
    expect(validateReport(xml)).toEqual([]);
    const doc = parseXml(xml);
    const url = doc.children.find((c) => c.name === 'internetDetails')!.children[0]!.children[0]!;
    expect(url.text).toBe('https://x.example/a?b=1&c="2"');
    const reported = doc.children.find((c) => c.name === 'personOrUserReported')!;
    expect(reported.children.map((c) => [c.name, c.text])).toEqual([
      ['espIdentifier', 'u-7'],
      ['espService', 'Example & Co'],
    ]);
    expect(doc.children.find((c) => c.name === 'additionalInfo')!.text).toContain("platform id it's<1>");
  });

  it('refuses what the schema forbids', () => {
    const good = renderXml(buildCyberTiplineReport(facts));
    const swap = good.replace(
      /(<incidentSummary>[\s\S]*?<\/incidentSummary>\n)([\s\S]*?<\/internetDetails>\n)/,
      '$2$1',
    );
    expect(validateReport(swap)).toContain('/report/incidentSummary: out of order');
    expect(validateReport(good.replace(/<reporter>[\s\S]*<\/reporter>\n/, ''))).toContain(
      '/report/reporter: required',
    );
    expect(validateReport(good.replace('Child Pornography', 'Something'))[0]).toMatch(
      /incidentType .* unknown/,
    );
    expect(validateReport(good.replace('&amp;', '&'))[0]).toMatch(/^malformed XML/);
    expect(
      validateReport(good.replace('<espService>', '<nickname>').replace('</espService>', '</nickname>')),
    ).toContain('/report/personOrUserReported/nickname: not allowed here');
  });
});

describe('without an accepted report', () => {
  it('waits without credentials and with wrong ones, and readiness says so', async () => {
    const sim = await startCyberTiplineSimulator({ username: 'right', password: 'right-password' });
    const clock = new ManualClock(new Date());
    const env = { REDRESS_CYBERTIPLINE_URL: sim.url };
    let harness = await openTestRuntime('sqlite', { clock, extraEnv: env });
    try {
      const { caseNumber } = await harness.rt.submit({
        submission: completeRequest({ minorInvolved: true }),
      });
      await harness.rt.createWorker().runDueJobs();
      const job = async () =>
        (await harness.rt.repos.jobs.list(harness.rt.database.db, { type: 'cybertipline.report' }))[0]!;
      expect(await job()).toMatchObject({ status: 'pending' });
      expect((await job()).last_error).toContain('waiting for REDRESS_CYBERTIPLINE_USERNAME');
      const status = await harness.rt.operationalStatus();
      expect(status.checks.cybertiplineWaiting).toBe(1);
      expect(status.alerts).toContain('cybertipline_waiting');
      expect(sim.calls).toEqual([]);

      // Same data folder, wrong credentials: refused with 401, still waiting, nothing on the case.
      await harness.rt.close();
      const first = harness.env;
      const reopened = await openTestRuntime('sqlite', {
        clock,
        extraEnv: {
          ...harness.env.env,
          ...env,
          REDRESS_CYBERTIPLINE_USERNAME: 'right',
          REDRESS_CYBERTIPLINE_PASSWORD: 'wrong',
        },
      });
      harness = {
        ...reopened,
        close: async () => {
          await reopened.close();
          await first.cleanup();
        },
      };
      clock.advanceMs(3_600_000);
      await harness.rt.createWorker().runDueJobs();
      expect(sim.calls).toEqual([{ endpoint: '/submit', responseCode: null, status: 401 }]);
      expect((await job()).status).toBe('pending');
      expect((await job()).last_error).toContain('refused the credentials');
      const row = await harness.rt.repos.requests.findByCaseNumber(harness.rt.database.db, caseNumber);
      expect(row!.cybertipline_report_id).toBeNull();
      expect((await harness.rt.operationalStatus()).checks.cybertiplineWaiting).toBe(1);
    } finally {
      await harness.close();
      await sim.close();
    }
  });
});
