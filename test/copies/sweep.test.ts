/**
 * The copy sweep on SQLite and PostgreSQL: a registry seeded with the bridge photo, an exact copy
 * of it, its edits from bridge-mods/ and unrelated photos. Removing the original's request item
 * runs the `item.removed` job: every edit within the threshold (plain PDQ over the 8 dihedral
 * variants, computed here independently) becomes a review finding with its distance, the exact
 * copy alone is removed automatically (with an `item.remove` webhook), nothing unrelated is
 * touched, each step is an audit event of the request, and a second run changes nothing.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexDistance } from '@redress/hamming-index';
import { ManualClock } from '../../src/domain/clock.ts';
import { registryHashes } from '../../src/media/fingerprint.ts';
import type { Runtime } from '../../src/runtime.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { recordItemRemoval } from '../../src/use-cases/record-item-removal.ts';
import { registerContent } from '../../src/use-cases/register-content.ts';
import { sweepCopies } from '../../src/use-cases/sweep-copies.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { BRIDGE, PDQ_FIXTURES, fixture } from './support.ts';

const EDITS = readdirSync(BRIDGE).filter((f) => f !== 'aaa-orig.jpg');
const UNRELATED = [
  ...readdirSync(path.join(PDQ_FIXTURES, 'reg-test-input/labelme-subset')).map((f) => [
    'reg-test-input/labelme-subset',
    f,
  ]),
  ['misc-images', 'small.jpg'],
];

describe.each(DATABASES)('copy sweep on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T10:00:00.000Z');
  let rt: Runtime;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // The webhook receiver is on loopback: the operator allows it.
    const opened = await openTestRuntime(kind, {
      clock,
      extraEnv: { REDRESS_WEBHOOK_ALLOWED_SUBNETS: '127.0.0.1/32' },
    });
    rt = opened.rt;
    close = opened.close;
  });
  afterAll(() => close());

  it(
    'removes exact copies, sends near ones to review, and leaves the rest alone',
    { timeout: 120_000 },
    async () => {
      const sd = rt.stayDown;
      const content = (id: string, ...file: string[]) => ({
        platformItemId: id,
        url: `https://social.example/m/${id}`,
        uploaderId: `u-${id}`,
        media: fixture(...file),
      });
      const items = [
        content('orig', 'bridge-mods', 'aaa-orig.jpg'),
        content('dup', 'bridge-mods', 'aaa-orig.jpg'),
        ...EDITS.map((f) => content(`edit:${f}`, 'bridge-mods', f)),
        ...UNRELATED.map(([dir, f]) => content(`other:${f}`, ...dir.split('/'), f)),
      ];
      const registered = await registerContent(
        {
          transact: rt.database.transact,
          content: sd.repos.content,
          clock,
          fetchOptions: sd.fetchOptions,
          hashMedia: sd.registryHashes,
          hashVideo: (bytes) => sd.videoHashes(bytes, 'upload'),
        },
        items,
      );
      expect(registered.every((r) => r.ok)).toBe(true);

      // What the threshold means, computed independently: min plain-PDQ distance over 8 orientations.
      const orig = await registryHashes(fixture('bridge-mods', 'aaa-orig.jpg'));
      const distance = async (...file: string[]) =>
        Math.min(...(await registryHashes(fixture(...file))).dihedral.map((h) => hexDistance(h, orig.pdq)));
      const expectedNear = new Map<string, number>();
      for (const f of EDITS) {
        const d = await distance('bridge-mods', f);
        if (d <= 31) expectedNear.set(`edit:${f}`, d);
      }
      for (const [dir, f] of UNRELATED) expect(await distance(...dir.split('/'), f)).toBeGreaterThan(31);
      expect(expectedNear.size).toBeGreaterThanOrEqual(EDITS.length - 1);

      // The platform listens for removals.
      const events: unknown[] = [];
      const { registerWebhookEndpoint } = await import('../../src/use-cases/register-webhook-endpoint.ts');
      const receiver = await import('node:http').then((http) =>
        http.createServer((req, res) => {
          let body = '';
          req.on('data', (c: Buffer) => (body += c.toString()));
          req.on('end', () => {
            events.push(JSON.parse(body));
            res.end('ok');
          });
        }),
      );
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      const port = (receiver.address() as { port: number }).port;
      await registerWebhookEndpoint(
        {
          transact: rt.database.transact,
          webhooks: sd.repos.webhooks,
          cipher: rt.cipher,
          clock,
          rules: sd.webhookRules,
        },
        { url: `http://127.0.0.1:${port}/hooks`, events: ['item.remove'], actor: 'test' },
      );

      const submitted = await rt.submit({
        submission: completeRequest({ items: [{ platformItemId: 'orig' }] }),
        channel: 'api',
      });
      const deps = { transact: rt.database.transact, ...rt.repos, clock };
      await decideRequest(deps, {
        requestId: submitted.requestId,
        decision: 'remove',
        facts: 'depicted person, no consent',
        actor: 'user:mod',
      });
      const [item] = await rt.repos.requests.items(rt.database.db, submitted.requestId);
      clock.advanceHours(1);
      await recordItemRemoval(deps, {
        requestId: submitted.requestId,
        itemId: item.id,
        outcome: 'removed',
        actor: 'user:mod',
      });
      const worker = rt.createWorker();
      await worker.runDueJobs();
      receiver.close();

      const findings = await sd.repos.copies.findings(rt.database.db, submitted.requestId);
      const byItem = new Map(
        await Promise.all(
          findings.map(
            async (f) =>
              [(await sd.repos.content.get(rt.database.db, f.content_item_id))!.platform_item_id, f] as const,
          ),
        ),
      );
      expect(byItem.get('orig')).toMatchObject({ match_kind: 'item', status: 'auto_removed' });
      expect(byItem.get('dup')).toMatchObject({ match_kind: 'sha256', status: 'auto_removed' });
      const near = [...byItem].filter(([, f]) => f.status === 'review');
      expect(new Map(near.map(([id, f]) => [id, Number(f.distance)]))).toEqual(expectedNear);
      expect(near.every(([, f]) => f.match_kind === 'pdq' && f.variant?.startsWith('original'))).toBe(true);
      expect([...byItem.keys()].some((id) => id.startsWith('other:'))).toBe(false);

      const rows = await rt.database.db
        .selectFrom('content_items')
        .select(['platform_item_id', 'status'])
        .execute();
      const removed = rows
        .filter((r) => r.status === 'removed')
        .map((r) => r.platform_item_id)
        .sort();
      expect(removed).toEqual(['dup', 'orig']);

      // The platform was told to take the item down on approval, and the exact copy after the sweep.
      const told = events.map((e) => (e as { data: { platformItemId: string; reason: string } }).data);
      expect(told.map((d) => [d.platformItemId, d.reason]).sort()).toEqual([
        ['dup', 'exact_copy'],
        ['orig', 'takedown'],
      ]);

      // The record of reasonable efforts, on the request.
      const audit = await rt.repos.audit.list(rt.database.db, { requestId: submitted.requestId });
      const types = audit.map((e) => e.type);
      expect(types.filter((t) => t === 'copy.found')).toHaveLength(2 + expectedNear.size);
      expect(types.filter((t) => t === 'copy.removed')).toHaveLength(2);
      expect(types).toContain('bank.entry_added');
      expect(audit.find((e) => e.type === 'copy.sweep_finished')?.data).toMatchObject({
        exact: 1,
        near: expectedNear.size,
        scanned: items.length,
        withinDeadline: true,
      });

      // The item's hashes are now in the takedown bank: a re-upload of the original is blocked.
      await sd.index.ready();
      const check = await sd.index.search([{ variant: 'original', hex: orig.pdq }], 31, 40);
      expect(check.length).toBeGreaterThan(0);

      // Idempotent: a second run (a retried job) finds nothing new and writes nothing.
      const again = await sweepCopies(
        {
          transact: rt.database.transact,
          ...rt.repos,
          ...sd.repos,
          clock,
          takedownBank: 'takedowns',
          publicUrl: rt.config.publicUrl,
        },
        { requestId: submitted.requestId, itemId: item.id },
      );
      expect(again.exact).toEqual([]);
      expect(again.near).toEqual([]);
      const after = await rt.repos.audit.list(rt.database.db, { requestId: submitted.requestId });
      expect(
        after.filter((e) => e.type.startsWith('copy.') && e.type !== 'copy.sweep_finished'),
      ).toHaveLength(
        audit.filter((e) => e.type.startsWith('copy.') && e.type !== 'copy.sweep_finished').length,
      );
      expect((await rt.database.db.selectFrom('bank_entries').selectAll().execute()).length).toBe(1);
      expect((await rt.repos.audit.verify(rt.database.db)).ok).toBe(true);
    },
  );
});
