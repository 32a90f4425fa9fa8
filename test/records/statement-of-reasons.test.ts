/**
 * The `item.remove` webhook carries a statement of reasons for the uploader (DSA Art. 17) on both
 * databases: for the reported item (a person decided, no automated detection) and for an exact
 * copy the sweep removed (found and removed by automated means), each with the legal basis, the
 * ground in plain words, the date and the appeal route, and never the requester's name or email.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.ts';
import { bearer, openApi, recordFirstItemRemoved, reportAndApprove } from '../copies/support.ts';
import type { ApiHarness } from '../copies/support.ts';

interface Delivered {
  type: string;
  data: Record<string, unknown> & { statementOfReasons?: Record<string, unknown> };
}

describe.each(DATABASES)('statement of reasons on %s', (kind) => {
  let h: ApiHarness;
  let receiver: http.Server;
  const received: { raw: string; body: Delivered }[] = [];

  beforeAll(async () => {
    h = await openApi(kind, { REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32' });
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        received.push({ raw, body: JSON.parse(raw) as Delivered });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await h.close();
  });

  it('tells the uploader what was removed, why, whether automated means found it, and how to appeal', async () => {
    const { api, platform, moderator, rt } = h;
    const port = (receiver.address() as AddressInfo).port;
    const admin = await bearer(rt, 'admin');
    const hook = await api(
      'POST',
      '/api/v1/webhooks',
      { url: `http://127.0.0.1:${port}/hooks`, events: ['item.remove'] },
      admin,
    );
    expect(hook.status).toBe(201);
    const sha256 = 'e1'.repeat(32);
    const registered = await api(
      'POST',
      '/api/v1/content',
      {
        items: [
          { platformItemId: 'orig-1', uploaderId: 'up-a', hashes: { sha256 } },
          { platformItemId: 'copy-1', uploaderId: 'up-b', hashes: { sha256 } },
        ],
      },
      platform,
    );
    expect(registered.status).toBeLessThan(300);
    const caseNumber = await reportAndApprove(api, moderator, {
      url: 'https://platform.example/media/orig-1',
      platformItemId: 'orig-1',
    });
    const worker = rt.createWorker();
    await worker.runDueJobs();
    await recordFirstItemRemoved(api, moderator, caseNumber);
    await worker.runDueJobs();

    const removals = received.filter((r) => r.body.type === 'item.remove');
    const byItem = new Map(removals.map((r) => [r.body.data.platformItemId, r]));
    const reported = byItem.get('orig-1')?.body.data.statementOfReasons;
    const copy = byItem.get('copy-1')?.body.data.statementOfReasons;
    const appealUrl = `${rt.config.publicUrl}/api/v1/staff/requests/${caseNumber}/appeals`;
    expect(reported).toMatchObject({
      platformItemId: 'orig-1',
      legalBasis: 'take_it_down',
      ground: 'takedown',
      automatedDetection: false,
      automatedDecision: false,
      appeal: { appellant: 'uploader', method: 'POST', url: appealUrl },
    });
    expect(String(reported?.legalBasisText)).toMatch(/TAKE IT DOWN/);
    expect(Date.parse(String(reported?.decidedAt))).not.toBeNaN();
    expect(copy).toMatchObject({
      platformItemId: 'copy-1',
      ground: 'exact_copy',
      automatedDetection: true,
      automatedDecision: true,
    });
    expect(String(copy?.explanation)).toMatch(/found and removed automatically/);

    // The appeal route named in the statement takes the uploader's appeal.
    const appeal = await api(
      'POST',
      new URL(appealUrl).pathname,
      { statement: 'This is my own photo of a bridge.' },
      moderator,
    );
    expect(appeal.status).toBe(201);

    // Never the requester's identity (test/helpers/fixtures.ts: completeRequest's submitter).
    for (const r of removals) {
      expect(r.raw).not.toContain('Alex Example');
      expect(r.raw).not.toContain('alex@example.org');
    }
  });
});
