/**
 * The minor path (TIDA-A4): a case flagged as involving a minor is reported to the CyberTipline
 * (here the local simulator, which enforces the documented schema), the report id is kept on the
 * case, the outbox retries while the service fails, the platform is told to preserve its copies
 * (item.preserve), and the one-year preservation is released by the sweep with an audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExamplePlatform } from '../../examples/platform/server.ts';
import type { ExamplePlatform } from '../../examples/platform/server.ts';
import { parseXml, validateReport } from '../../scripts/sim/cybertipline-schema.ts';
import type { XmlNode } from '../../scripts/sim/cybertipline-schema.ts';
import { startCyberTiplineSimulator } from '../../scripts/sim/cybertipline.ts';
import type { CyberTiplineSimulator } from '../../scripts/sim/cybertipline.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import type { Runtime } from '../../src/runtime.ts';
import { registerWebhookEndpoint } from '../../src/use-cases/register-webhook-endpoint.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const DAY = 86_400_000;
const USER = 'esp-user';
const PASSWORD = 'esp-password';

/** The text at a path of element names, read from the parsed document, not from our builder. */
function at(root: XmlNode, ...names: string[]): string[] {
  let nodes = [root];
  for (const n of names) nodes = nodes.flatMap((x) => x.children.filter((c) => c.name === n));
  return nodes.map((x) => x.text);
}

describe.each(DATABASES)('CyberTipline path on %s', (kind) => {
  // Starts at the real time: the example platform refuses webhooks with an old signed timestamp.
  const clock = new ManualClock(new Date());
  let rt: Runtime;
  let sim: CyberTiplineSimulator;
  let platform: ExamplePlatform;
  let close: () => Promise<void>;

  beforeAll(async () => {
    sim = await startCyberTiplineSimulator({ username: USER, password: PASSWORD });
    const opened = await openTestRuntime(kind, {
      clock,
      extraEnv: {
        REDRESS_CYBERTIPLINE_URL: sim.url,
        REDRESS_CYBERTIPLINE_USERNAME: USER,
        REDRESS_CYBERTIPLINE_PASSWORD: PASSWORD,
        REDRESS_ADMIN_EMAIL: 'trust@platform.example',
        REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32',
      },
    });
    rt = opened.rt;
    platform = await startExamplePlatform({ redressUrl: 'http://127.0.0.1:9', apiKey: 'unused' });
    const endpoint = await registerWebhookEndpoint(
      {
        transact: rt.database.transact,
        ...rt.stayDown.repos,
        cipher: rt.cipher,
        clock,
        rules: rt.stayDown.webhookRules,
      },
      { url: `${platform.url}/webhooks/redress`, events: ['item.preserve'], actor: 'test' },
    );
    platform.setSecret(endpoint.secret);
    close = async () => {
      await platform.close();
      await sim.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('reports, retries through errors, keeps the id, preserves and releases after a year', async () => {
    const submission = completeRequest({ minorInvolved: true });
    submission.items[0]!.url = 'https://platform.example/p/1?a=1&b=<2>';
    const { requestId, caseNumber } = await rt.submit({ submission });
    const worker = rt.createWorker();
    const row = () => rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
    const job = async () => (await rt.repos.jobs.list(rt.database.db, { type: 'cybertipline.report' }))[0]!;

    // The service fails twice: the job stays pending with the error, nothing is kept on the case.
    sim.failNext(2);
    await worker.runDueJobs();
    expect(await job()).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await job()).last_error).toContain('code 1000');
    expect((await row())!.cybertipline_report_id).toBeNull();
    clock.advanceMs(31_000);
    await worker.runDueJobs();
    expect(await job()).toMatchObject({ status: 'pending', attempts: 2 });
    clock.advanceMs(61_000);
    await worker.runDueJobs();
    expect(await job()).toMatchObject({ status: 'done', attempts: 3 });

    const reportId = (await row())!.cybertipline_report_id;
    expect(reportId).toMatch(/^\d+$/);
    expect([...sim.reports.keys()]).toEqual([reportId]); // one report, however many attempts
    const report = sim.reports.get(reportId!)!;
    expect(report.state).toBe('finished');
    expect(sim.calls.map((c) => `${c.endpoint}:${c.responseCode}`)).toEqual([
      '/submit:1000',
      '/submit:1000',
      '/submit:0',
      '/finish:0',
    ]);

    // Checked independently of the builder: schema rules, then the paths NCMEC needs.
    expect(validateReport(report.xml)).toEqual([]);
    const doc = parseXml(report.xml);
    expect(doc.name).toBe('report');
    expect(at(doc, 'incidentSummary', 'incidentType')).toEqual([
      'Child Pornography (possession, manufacture, and distribution)',
    ]);
    expect(at(doc, 'incidentSummary', 'incidentDateTime')).toEqual([(await row())!.received_at]);
    expect(at(doc, 'internetDetails', 'webPageIncident', 'url')).toEqual([
      'https://platform.example/p/1?a=1&b=<2>',
    ]);
    expect(at(doc, 'reporter', 'reportingPerson', 'email')).toEqual(['trust@platform.example']);
    const info = at(doc, 'additionalInfo')[0]!;
    expect(info).toContain(caseNumber);
    expect(info).toContain('video-42');
    expect(info).toContain(`sha256 ${'ab'.repeat(32)}`);
    expect(report.xml).not.toContain('alex@example.org'); // the requester is not in the report

    const events = await rt.repos.audit.list(rt.database.db, { requestId });
    expect(events.find((e) => e.type === 'cybertipline.reported')?.data).toEqual({ reportId });

    // The platform was asked to preserve each item, and received it.
    const preserve = (await rt.repos.jobs.list(rt.database.db, { type: 'webhook.deliver' })).map(
      (j) => JSON.parse(j.payload) as { type: string; data: Record<string, unknown> },
    );
    expect(preserve.map((p) => p.type)).toEqual(['item.preserve', 'item.preserve']);
    expect(preserve.map((p) => p.data.platformItemId ?? p.data.url).sort()).toEqual([
      'https://platform.example/p/1?a=1&b=<2>',
      'video-42',
    ]);
    expect(preserve[0]!.data.preserveUntil).toBe((await row())!.preserve_until);
    expect(platform.received.filter((r) => r.type === 'item.preserve' && r.status === 200)).toHaveLength(2);

    // Preservation: held a day before its end, released once after it, with its audit event.
    const until = Date.parse((await row())!.preserve_until!);
    expect(until - Date.parse((await row())!.received_at)).toBeGreaterThanOrEqual(365 * DAY);
    clock.set(new Date(until - DAY));
    await rt.sweep();
    expect((await row())!.preservation_released_at).toBeNull();
    clock.set(new Date(until + 1000));
    await rt.sweep();
    await rt.sweep();
    expect((await row())!.preservation_released_at).toBe(clock.now().toISOString());
    const released = (await rt.repos.audit.list(rt.database.db, { requestId })).filter(
      (e) => e.type === 'preservation.released',
    );
    expect(released).toHaveLength(1);
    expect(released[0]!.data).toEqual({ preserveUntil: (await row())!.preserve_until });
    expect((await rt.repos.audit.verify(rt.database.db)).ok).toBe(true);
  });
});
