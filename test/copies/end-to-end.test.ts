/**
 * The whole stay-down story on SQLite and PostgreSQL, with the real HTTP server and the example
 * platform (examples/platform) on loopback: uploads are checked and registered by the platform; a
 * request is reported and approved; the signed `item.remove` webhook makes the platform hide the
 * item; recording the removal runs the copy sweep, which has the exact copy hidden too and puts
 * the edited copy up for review; Redress verifies the removal (410); a re-upload of the image or
 * of an edit of it is blocked and recorded against the request; confirming the near copy hides it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startExamplePlatform } from '../../examples/platform/server.ts';
import type { ExamplePlatform } from '../../examples/platform/server.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { apiClient, recordFirstItemRemoved, reportAndApprove, bearer, fixture } from './support.ts';

describe.each(DATABASES)('report, decide, hide, stay down on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let rt: Runtime;
  let app: FastifyInstance;
  let platform: ExamplePlatform;
  let api: ReturnType<typeof apiClient>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestRuntime(kind, {
      clock,
      // The example platform listens on loopback: allow fetching from it for removal checks.
      // The platform's media and webhook receiver are on loopback: the operator allows it.
      extraEnv: {
        REDRESS_FETCH_ALLOWED_SUBNETS: '127.0.0.1/32',
        REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32',
      },
    });
    rt = opened.rt;
    app = await buildApp(rt);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    api = apiClient(base);
    const key = (await bearer(rt, 'platform')).authorization.slice(7);
    platform = await startExamplePlatform({ redressUrl: base, apiKey: key });
    close = async () => {
      await platform.close();
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  const upload = async (id: string, uploader: string, ...file: string[]) => {
    const res = await fetch(`${platform.url}/upload?id=${id}&uploader=${uploader}`, {
      method: 'POST',
      body: new Uint8Array(fixture(...file)),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const mediaStatus = async (id: string) => (await fetch(`${platform.url}/media/${id}`)).status;

  it('takes an item down, its copies with it, and keeps it down', async () => {
    const admin = await bearer(rt, 'admin');
    const moderator = await bearer(rt, 'moderator');
    const hook = await api(
      'POST',
      '/api/v1/webhooks',
      { url: `${platform.url}/webhooks/redress`, events: ['item.remove', 'item.restore'] },
      admin,
    );
    expect(hook.status).toBe(201);
    platform.setSecret(hook.body.secret);

    expect((await upload('post-1', 'uploader-a', 'bridge-mods', 'aaa-orig.jpg')).status).toBe(201);
    expect((await upload('post-2', 'uploader-b', 'bridge-mods', 'aaa-orig.jpg')).status).toBe(201);
    expect((await upload('post-3', 'uploader-c', 'bridge-mods', 'sharpen-a-lot.jpg')).status).toBe(201);
    expect(
      (await upload('post-4', 'uploader-d', 'reg-test-input', 'labelme-subset', 'q0291.jpg')).status,
    ).toBe(201);

    const caseNumber = await reportAndApprove(api, moderator, {
      url: `${platform.url}/media/post-1`,
      platformItemId: 'post-1',
    });

    const worker = rt.createWorker();
    await worker.runDueJobs(); // receipt email, then the item.remove webhook
    expect(platform.items.get('post-1')!.hidden).toBe(true);
    expect(await mediaStatus('post-1')).toBe(410);

    await recordFirstItemRemoved(api, moderator, caseNumber);
    await worker.runDueJobs(); // sweep, webhooks for copies, removal verification

    expect(platform.items.get('post-2')!.hidden).toBe(true); // exact copy: automatic
    expect(platform.items.get('post-3')!.hidden).toBe(false); // near copy: waits for a person
    expect(platform.items.get('post-4')!.hidden).toBe(false); // unrelated
    const copies = await api('GET', `/api/v1/staff/requests/${caseNumber}/copies`, undefined, moderator);
    const near = copies.body.findings.find((f: { platformItemId: string }) => f.platformItemId === 'post-3');
    expect(near).toMatchObject({ status: 'review', matchKind: 'pdq' });
    expect(near.distance).toBeLessThanOrEqual(31);

    // Stay-down: the image and an edit of it are refused at upload, and recorded against the case.
    const again = await upload('post-5', 'uploader-e', 'bridge-mods', 'aaa-orig.jpg');
    expect(again.status).toBe(403);
    expect(again.body.blocked).toBe(true);
    expect((await upload('post-6', 'uploader-e', 'bridge-mods', 'blur-a-lot.jpg')).status).toBe(403);
    expect((await upload('post-7', 'uploader-f', 'misc-images', 'small.jpg')).status).toBe(201);

    const queue = await api('GET', '/api/v1/staff/copies', undefined, moderator);
    expect(queue.body.findings).toEqual([
      expect.objectContaining({ id: near.id, caseNumber, platformItemId: 'post-3', status: 'review' }),
    ]);
    const confirmed = await api(
      'POST',
      `/api/v1/staff/copies/${near.id}/decision`,
      { outcome: 'confirm' },
      moderator,
    );
    expect(confirmed.body).toEqual({ status: 'confirmed' });
    await worker.runDueJobs();
    expect(platform.items.get('post-3')!.hidden).toBe(true);

    const after = await api('GET', `/api/v1/staff/requests/${caseNumber}/copies`, undefined, moderator);
    expect(after.body.blockedUploads.map((b: { platformItemId: string }) => b.platformItemId).sort()).toEqual(
      ['post-5', 'post-6'],
    );
    const request = await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
    const events = await rt.repos.audit.list(rt.database.db, { requestId: request!.id });
    const types = events.map((e) => e.type);
    for (const t of [
      'bank.entry_added',
      'copy.found',
      'copy.removed',
      'copy.sweep_finished',
      'upload.blocked',
      'copy.reviewed',
    ]) {
      expect(types, t).toContain(t);
    }
    const verified = events.filter((e) => e.type === 'removal.verified').map((e) => e.data);
    expect(verified).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ platformItemId: 'post-2', status: 410, removed: true }),
      ]),
    );
    expect((await rt.repos.audit.verify(rt.database.db)).ok).toBe(true);
    // Every webhook was accepted on first delivery and applied once.
    expect(platform.received.every((r) => r.status === 200)).toBe(true);
    expect(new Set(platform.applied).size).toBe(platform.applied.length);
  });
});
