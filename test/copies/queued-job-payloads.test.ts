/**
 * Jobs queued by an earlier version are still read: a `removal.verify` naming its request by case
 * number, and a `webhook.deliver` of an `item.remove` that carries no request id, are recorded
 * against the right request, as the ones queued now (which carry the request's id) are.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

describe.each(DATABASES)('job payloads queued by an earlier version on %s', (kind) => {
  let rt: Runtime;
  let close: () => Promise<void>;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const opened = await openTestRuntime(kind, {
      extraEnv: {
        REDRESS_FETCH_ALLOWED_SUBNETS: '127.0.0.1/32',
        REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32',
      },
    });
    rt = opened.rt;
    close = opened.close;
    // The removed media answers 410; the webhook receiver accepts every delivery.
    server = createServer((request, response) => {
      response.statusCode = request.method === 'POST' ? 200 : 410;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await close();
  });

  const verified = async (requestId: string) =>
    (await rt.repos.audit.list(rt.database.db, { requestId }))
      .filter((e) => e.type === 'removal.verified')
      .map((e) => e.data as { platformItemId: string; status: number });

  it('records a removal check against its request, by case number or by id', async () => {
    const { caseNumber, requestId } = await rt.submit({ submission: completeRequest() });
    const now = rt.clock.now();
    await rt.database.transact((trx) =>
      rt.repos.jobs.enqueue(
        trx,
        [
          // As queued before removal checks carried the request's id.
          {
            type: 'removal.verify',
            payload: { url: `${base}/media/old`, platformItemId: 'old', caseNumber },
            runAt: now,
          },
          {
            type: 'removal.verify',
            payload: { url: `${base}/media/new`, platformItemId: 'new', requestId },
            runAt: now,
          },
        ],
        now,
      ),
    );
    await rt.createWorker().runDueJobs();
    const seen = await verified(requestId);
    expect(seen.map((v) => [v.platformItemId, v.status]).sort()).toEqual([
      ['new', 410],
      ['old', 410],
    ]);
  });

  it('follows a delivery queued without the request id by the case number it carries', async () => {
    const { caseNumber, requestId } = await rt.submit({ submission: completeRequest() });
    const now = rt.clock.now();
    const endpointId = await rt.database.transact(async (trx) => {
      const id = `ep-${kind}`;
      await rt.stayDown.repos.webhooks.insertEndpoint(trx, {
        id,
        url: `${base}/hooks`,
        secret_enc: rt.cipher.seal('whsec_test'),
        events: JSON.stringify(['item.remove']),
        enabled: 1,
        created_at: now.toISOString(),
        created_by: 'test',
      });
      return id;
    });
    await rt.database.transact((trx) =>
      rt.repos.jobs.enqueue(
        trx,
        {
          type: 'webhook.deliver',
          payload: {
            eventId: `evt_old_${kind}`,
            type: 'item.remove',
            data: { platformItemId: 'older', url: `${base}/media/older`, caseNumber, reason: 'takedown' },
            endpointId,
          },
          runAt: now,
        },
        now,
      ),
    );
    await rt.createWorker().runDueJobs();
    expect((await verified(requestId)).map((v) => [v.platformItemId, v.status])).toEqual([['older', 410]]);
  });
});
