/**
 * Removal webhooks between Redress and the example platform, on SQLite and PostgreSQL: deliveries
 * are signed and the platform refuses forged, altered or stale ones; a 500 and a time-out are
 * retried with the worker's backoff until delivered, each attempt recorded; a 4xx ends the job at
 * once; a replayed or re-emitted event and an out-of-order older event change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExamplePlatform } from '../../examples/platform/server.ts';
import type { ExamplePlatform } from '../../examples/platform/server.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { signWebhook } from '../../src/platform/webhook-signature.ts';
import type { Runtime } from '../../src/runtime.ts';
import { emitWebhookEvent } from '../../src/use-cases/emit-webhook-event.ts';
import type { OutgoingEvent } from '../../src/use-cases/emit-webhook-event.ts';
import { registerWebhookEndpoint } from '../../src/use-cases/register-webhook-endpoint.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';

describe.each(DATABASES)('webhooks on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let rt: Runtime;
  let platform: ExamplePlatform;
  let secret: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestRuntime(kind, {
      clock,
      extraEnv: { REDRESS_WEBHOOK_TIMEOUT_MS: '300', REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32' },
    });
    rt = opened.rt;
    platform = await startExamplePlatform({ redressUrl: 'http://127.0.0.1:9', apiKey: 'unused' });
    platform.items.set('x', { id: 'x', uploader: 'u', bytes: Buffer.alloc(0), hidden: false, lastEvent: 0 });
    const endpoint = await registerWebhookEndpoint(
      {
        transact: rt.database.transact,
        webhooks: rt.stayDown.repos.webhooks,
        cipher: rt.cipher,
        clock,
        rules: rt.stayDown.webhookRules,
      },
      { url: `${platform.url}/webhooks/redress`, events: ['*'], actor: 'test' },
    );
    secret = endpoint.secret;
    platform.setSecret(secret);
    close = async () => {
      await platform.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  const emit = (event: OutgoingEvent) =>
    rt.database.transact((trx) =>
      emitWebhookEvent(
        trx,
        { webhooks: rt.stayDown.repos.webhooks, jobs: rt.repos.jobs },
        event,
        clock.now(),
      ),
    );
  const deliveries = (eventId: string) => rt.stayDown.repos.webhooks.deliveries(rt.database.db, { eventId });
  const post = (headers: Record<string, string>, body: string) =>
    fetch(`${platform.url}/webhooks/redress`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('retries after a 500 and a time-out, then delivers once', async () => {
    const worker = rt.createWorker();
    platform.failNext(1, 500);
    platform.failNext(1, 'stall');
    const id = await emit({
      type: 'item.remove',
      key: 'case-1:x',
      data: { platformItemId: 'x', reason: 'takedown' },
    });
    await worker.runDueJobs();
    expect(platform.items.get('x')!.hidden).toBe(false);
    clock.advanceMs(31_000); // first backoff: 30 s
    await worker.runDueJobs();
    clock.advanceMs(61_000); // second: 1 min
    await worker.runDueJobs();
    expect(platform.items.get('x')!.hidden).toBe(true);
    const attempts = await deliveries(id);
    expect(
      attempts.map((d) => [
        Number(d.attempt),
        d.outcome,
        d.http_status === null ? null : Number(d.http_status),
      ]),
    ).toEqual([
      [1, 'retry', 500],
      [2, 'retry', null],
      [3, 'delivered', 200],
    ]);
    expect(attempts[1].error).toBe('WEBHOOK_TIMEOUT');
    const [job] = (await rt.repos.jobs.list(rt.database.db, { type: 'webhook.deliver' })).filter((j) =>
      j.payload.includes(id),
    );
    expect(job.status).toBe('done');

    // The same event emitted again (a retried producer) queues nothing new.
    await emit({ type: 'item.remove', key: 'case-1:x', data: { platformItemId: 'x', reason: 'takedown' } });
    expect(await worker.runDueJobs()).toBe(0);
    expect(platform.applied).toEqual([id]);
  });

  it('stops at a 4xx: the endpoint refused the event', async () => {
    platform.failNext(1, 400);
    const id = await emit({ type: 'item.restore', key: 'case-2:x', data: { platformItemId: 'x' } });
    await rt.createWorker().runDueJobs();
    const attempts = await deliveries(id);
    expect(attempts.map((d) => [d.outcome, Number(d.http_status)])).toEqual([['failed', 400]]);
    const [job] = (await rt.repos.jobs.list(rt.database.db, { type: 'webhook.deliver' })).filter((j) =>
      j.payload.includes(id),
    );
    expect(job.status).toBe('failed');
    expect(job.last_error).toMatch(/refused the event: HTTP 400/);
    expect(platform.items.get('x')!.hidden).toBe(true); // the restore was not applied
  });

  it('is verified by the platform: forged, altered and stale deliveries are refused; replays and old events do nothing', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      id: 'evt_manual',
      type: 'item.restore',
      created: now - 100,
      data: { platformItemId: 'x' },
    });
    expect(
      (
        await post(
          signWebhook('whsec_wrong', 'evt_manual', now, body) as unknown as Record<string, string>,
          body,
        )
      ).status,
    ).toBe(401);
    const signed = signWebhook(secret, 'evt_manual', now, body) as unknown as Record<string, string>;
    expect((await post(signed, body.replace('item.restore', 'item.remove'))).status).toBe(401);
    expect(
      (
        await post(
          signWebhook(secret, 'evt_manual', now - 3600, body) as unknown as Record<string, string>,
          body,
        )
      ).status,
    ).toBe(401);
    expect((await post({}, body)).status).toBe(401);

    // Authentic but older than the removal already applied: accepted, and without effect.
    const before = platform.items.get('x')!.lastEvent;
    expect(before).toBeGreaterThan(now - 100);
    const first = await post(signed, body);
    expect(first.status).toBe(200);
    expect(platform.items.get('x')!.hidden).toBe(true);
    // Replayed: answered 200 so Redress stops retrying, and dropped by event id.
    const replay = await post(signed, body);
    expect(await replay.json()).toEqual({ duplicate: true });
    expect(platform.applied.filter((e) => e === 'evt_manual')).toHaveLength(1);
  });
});
