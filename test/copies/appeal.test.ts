/**
 * A removal overturned on appeal (G1, G4, E4) on SQLite and PostgreSQL: the item's bank entries
 * are withdrawn, so a re-upload is allowed again, and the platform is told to restore the item and
 * the exact copy the sweep removed with it, with every step in the case's audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExamplePlatform } from '../../examples/platform/server.ts';
import type { ExamplePlatform } from '../../examples/platform/server.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { queryHashesOf, decode } from '../../src/media/fingerprint.ts';
import type { Runtime } from '../../src/runtime.ts';
import { checkUpload } from '../../src/use-cases/check-upload.ts';
import { decideAppeal } from '../../src/use-cases/decide-appeal.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { fileAppeal } from '../../src/use-cases/file-appeal.ts';
import { recordItemRemoval } from '../../src/use-cases/record-item-removal.ts';
import { registerContent } from '../../src/use-cases/register-content.ts';
import { registerWebhookEndpoint } from '../../src/use-cases/register-webhook-endpoint.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { fixture } from './support.ts';

describe.each(DATABASES)('appeal restores on %s', (kind) => {
  const clock = new ManualClock(new Date());
  let rt: Runtime;
  let platform: ExamplePlatform;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // The example platform's webhook receiver is on loopback: the operator allows it.
    const opened = await openTestRuntime(kind, {
      clock,
      extraEnv: { REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32' },
    });
    rt = opened.rt;
    platform = await startExamplePlatform({ redressUrl: 'http://127.0.0.1:9', apiKey: 'unused' });
    close = async () => {
      await platform.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('withdraws the hashes and restores the item and its removed copies', async () => {
    const sd = rt.stayDown;
    const bytes = fixture('bridge-mods', 'aaa-orig.jpg');
    for (const id of ['orig', 'dup'])
      platform.items.set(id, { id, uploader: 'u', bytes, hidden: false, lastEvent: 0 });
    const { secret } = await registerWebhookEndpoint(
      {
        transact: rt.database.transact,
        webhooks: sd.repos.webhooks,
        cipher: rt.cipher,
        clock,
        rules: sd.webhookRules,
      },
      { url: `${platform.url}/webhooks/redress`, events: ['*'], actor: 'test' },
    );
    platform.setSecret(secret);
    await registerContent(
      {
        transact: rt.database.transact,
        content: sd.repos.content,
        clock,
        fetchOptions: sd.fetchOptions,
        hashMedia: sd.registryHashes,
        hashVideo: (bytes) => sd.videoHashes(bytes, 'upload'),
      },
      ['orig', 'dup'].map((id) => ({ platformItemId: id, url: `${platform.url}/media/${id}`, media: bytes })),
    );

    const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };
    const { requestId } = await rt.submit({
      submission: completeRequest({ items: [{ platformItemId: 'orig' }] }),
      channel: 'api',
    });
    await decideRequest(deps, { requestId, decision: 'remove', facts: 'no consent', actor: 'user:mod' });
    const [item] = await rt.repos.requests.items(rt.database.db, requestId);
    await recordItemRemoval(deps, { requestId, itemId: item.id, outcome: 'removed', actor: 'user:mod' });
    const worker = rt.createWorker();
    await worker.runDueJobs();
    expect([platform.items.get('orig')!.hidden, platform.items.get('dup')!.hidden]).toEqual([true, true]);

    const checkDeps = {
      db: rt.database.db,
      transact: rt.database.transact,
      banks: sd.repos.banks,
      copies: sd.repos.copies,
      audit: rt.repos.audit,
      index: sd.index,
      clock,
    };
    const queries = queryHashesOf(await decode(bytes));
    const check = () => checkUpload(checkDeps, { queries, exact: {}, actor: 'test', record: false });
    expect((await check()).verdict).toBe('block');

    clock.advanceMs(60_000);
    const { appealId } = await fileAppeal(deps, {
      requestId,
      appellant: 'uploader',
      statement: 'This is my own photo of a bridge.',
      actor: 'uploader',
    });
    expect((await decideAppeal(deps, { appealId, outcome: 'overturn', actor: 'user:legal' })).status).toBe(
      'restored',
    );
    await worker.runDueJobs();

    expect((await check()).verdict).toBe('allow');
    expect([platform.items.get('orig')!.hidden, platform.items.get('dup')!.hidden]).toEqual([false, false]);
    const audit = await rt.repos.audit.list(rt.database.db, { requestId });
    expect(audit.filter((e) => e.type === 'bank.entry_withdrawn').map((e) => e.data)).toEqual([
      expect.objectContaining({ bank: 'takedowns', reason: 'removal overturned on appeal' }),
    ]);
    // Replaying the restore job changes nothing: the same event ids are not sent again.
    const applied = platform.applied.length;
    await rt.database.transact((trx) =>
      rt.repos.jobs.enqueue(
        trx,
        { type: 'item.restored', payload: { requestId, itemId: item.id }, runAt: clock.now() },
        clock.now(),
      ),
    );
    await worker.runDueJobs();
    expect(platform.applied.length).toBe(applied);
  });
});
