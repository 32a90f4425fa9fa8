/**
 * Webhook endpoints follow the media fetcher's address policy: loopback (`127.0.0.1`,
 * `localhost`, `[::1]`), private and link-local targets are refused at registration and at every
 * delivery (an endpoint whose name now points inside, as after a DNS change, receives nothing),
 * the delivery log records a stable code and never the address that answered, and a private
 * receiver gets events only when the operator lists it (REDRESS_WEBHOOK_ALLOWED_SUBNETS), which
 * never opens link-local or metadata addresses. Real receivers on loopback count every hit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy } from '../../src/platform/address-policy.ts';
import type { Runtime } from '../../src/runtime.ts';
import { randomId } from '../../src/security/tokens.ts';
import { emitWebhookEvent } from '../../src/use-cases/emit-webhook-event.ts';
import { DATABASES } from '../helpers/databases.ts';
import { bearer, openApi } from './support.ts';
import type { ApiHarness } from './support.ts';

let hits = 0;
const receivers: http.Server[] = [];

async function receiver(host: string): Promise<number | undefined> {
  const server = http.createServer((req, res) => {
    hits++;
    req.resume();
    res.end('ok');
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false)); // no IPv6 on this machine
    server.listen(0, host, () => resolve(true));
  });
  if (!listening) return undefined;
  receivers.push(server);
  return (server.address() as AddressInfo).port;
}

let v4: number;
let v6: number | undefined;
beforeAll(async () => {
  v4 = (await receiver('127.0.0.1'))!;
  v6 = await receiver('::1');
});
afterAll(() => {
  for (const server of receivers) {
    server.closeAllConnections();
    server.close();
  }
});

/** Delivers every queued event now, as the worker would. */
async function deliverAll(rt: Runtime): Promise<void> {
  const sd = rt.stayDown;
  await rt.database.transact((trx) =>
    emitWebhookEvent(
      trx,
      { webhooks: sd.repos.webhooks, jobs: rt.repos.jobs },
      { type: 'item.remove', key: randomId(), data: { platformItemId: 'p-1' } },
      rt.clock.now(),
    ),
  );
  await rt.createWorker().runDueJobs();
}

describe('the address policy keeps link-local and metadata addresses closed', () => {
  it('refuses them even inside a listed subnet', () => {
    const policy = addressPolicy(['169.254.0.0/16', 'fe80::/10', '100.64.0.0/10', 'fd00::/8']);
    for (const address of [
      '169.254.169.254',
      '::ffff:169.254.169.254',
      'fe80::1',
      '100.100.100.200',
      'fd00:ec2::254',
    ]) {
      expect([address, policy.allows(address)]).toEqual([address, false]);
    }
    expect(policy.allows('100.64.0.1')).toBe(true); // the rest of a listed subnet is open
  });
});

describe.each(DATABASES)('webhook endpoint addresses on %s', (kind) => {
  let closed: ApiHarness;
  let open: ApiHarness;
  const admins = new Map<ApiHarness, Record<string, string>>();

  beforeAll(async () => {
    closed = await openApi(kind);
    open = await openApi(kind, { REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32,::1/128,169.254.0.0/16' });
    for (const h of [closed, open]) admins.set(h, await bearer(h.rt, 'admin'));
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  const register = (h: ApiHarness, url: string) =>
    h.api('POST', '/api/v1/webhooks', { url, events: ['*'] }, admins.get(h));

  it('refuses loopback, localhost, [::1], private and link-local endpoints at registration', async () => {
    const urls = [
      `http://127.0.0.1:${v4}/hooks`,
      `http://localhost:${v4}/hooks`,
      `http://[::1]:${v6 ?? 80}/hooks`,
      `http://[::ffff:127.0.0.1]:${v4}/hooks`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/hooks',
    ];
    const before = hits;
    for (const url of urls) {
      const answer = await register(closed, url);
      expect([url, answer.status, answer.body.error?.code]).toEqual([url, 400, 'invalid_input']);
      expect(answer.body.error.message).not.toMatch(/127\.0\.0\.1|::1/);
    }
    expect(
      await closed.rt.database.transact((trx) => closed.rt.stayDown.repos.webhooks.endpoints(trx)),
    ).toEqual([]);
    expect(hits).toBe(before);
  });

  it('delivers nothing to an endpoint that points inside, and logs a code, not the address', async () => {
    const { rt } = closed;
    // Registered when its name still pointed outside (or before this check existed).
    const endpointId = randomId();
    await rt.database.transact((trx) =>
      rt.stayDown.repos.webhooks.insertEndpoint(trx, {
        id: endpointId,
        url: `http://localhost:${v4}/hooks`,
        secret_enc: rt.cipher.seal('whsec_test'),
        events: JSON.stringify(['*']),
        enabled: 1,
        created_at: rt.clock.now().toISOString(),
        created_by: 'test',
      }),
    );
    const before = hits;
    await deliverAll(rt);
    expect(hits).toBe(before);
    const log = await rt.database.transact((trx) =>
      rt.stayDown.repos.webhooks.deliveries(trx, { endpointId }),
    );
    expect(log.map((d) => [d.outcome, d.error, d.http_status])).toEqual([
      ['failed', 'WEBHOOK_ADDRESS_REFUSED', null],
    ]);
  });

  it('delivers to a loopback receiver the operator lists, never to link-local even when listed', async () => {
    expect((await register(open, `http://127.0.0.1:${v4}/hooks`)).status).toBe(201);
    if (v6) expect((await register(open, `http://[::1]:${v6}/hooks`)).status).toBe(201);
    expect((await register(open, 'http://169.254.169.254/latest/meta-data/')).status).toBe(400);
    const before = hits;
    await deliverAll(open.rt);
    expect(hits - before).toBe(v6 ? 2 : 1);

    // A listed receiver that is down: the log says so with a code, not with the socket's message.
    const down = await receiver('127.0.0.1');
    receivers.pop()!.close();
    const created = await register(open, `http://127.0.0.1:${down}/hooks`);
    expect(created.status).toBe(201);
    await deliverAll(open.rt);
    const log = await open.rt.database.transact((trx) =>
      open.rt.stayDown.repos.webhooks.deliveries(trx, { endpointId: created.body.id }),
    );
    expect(log.map((d) => [d.outcome, d.error])).toEqual([['retry', 'WEBHOOK_UNREACHABLE']]);
  });
});
