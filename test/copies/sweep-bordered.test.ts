/**
 * The copy sweep finds what a check finds, on SQLite and PostgreSQL: a bordered copy of a picture
 * already in the registry (too far from it by plain PDQ) is found when the picture is removed,
 * through the query hashes kept at registration, and an upload of the same bordered file is
 * blocked by the takedown bank the sweep filled.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexDistance } from '@redress/hamming-index';
import { EDITS } from '../../bench/robustness-edits.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { registryHashes } from '../../src/media/fingerprint.ts';
import type { Runtime } from '../../src/runtime.ts';
import { checkUpload } from '../../src/use-cases/check-upload.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { recordItemRemoval } from '../../src/use-cases/record-item-removal.ts';
import { registerContent } from '../../src/use-cases/register-content.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { fixture } from './support.ts';

describe.each(DATABASES)('the sweep and bordered copies on %s', (kind) => {
  const clock = new ManualClock('2026-06-01T10:00:00.000Z');
  let rt: Runtime;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestRuntime(kind, { clock });
    rt = opened.rt;
    close = opened.close;
  });
  afterAll(() => close());

  it('finds a bordered registry copy of a removed picture', { timeout: 120_000 }, async () => {
    const sd = rt.stayDown;
    const original = fixture('bridge-mods', 'aaa-orig.jpg');
    const meta = await sharp(original).metadata();
    const bordered = await EDITS.border(original, { width: meta.width!, height: meta.height! });
    // By plain PDQ alone the bordered copy is out of reach.
    const plain = await registryHashes(original);
    const framed = await registryHashes(bordered);
    expect(Math.min(...framed.dihedral.map((h) => hexDistance(h, plain.pdq)))).toBeGreaterThan(31);

    const registered = await registerContent(
      {
        transact: rt.database.transact,
        content: sd.repos.content,
        clock,
        fetchOptions: sd.fetchOptions,
        hashMedia: sd.registryHashes,
        hashVideo: (bytes) => sd.videoHashes(bytes, 'upload'),
      },
      [
        { platformItemId: 'orig', media: original },
        { platformItemId: 'bordered', media: bordered },
      ],
    );
    expect(registered.every((r) => r.ok)).toBe(true);

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
    await recordItemRemoval(deps, {
      requestId: submitted.requestId,
      itemId: item.id,
      outcome: 'removed',
      actor: 'user:mod',
    });
    await rt.createWorker().runDueJobs();

    const findings = await sd.repos.copies.findings(rt.database.db, submitted.requestId);
    const copy = await sd.repos.content.byPlatformId(rt.database.db, 'bordered');
    const found = findings.find((f) => f.content_item_id === copy!.id);
    expect(found).toMatchObject({ match_kind: 'pdq', status: 'review', variant: 'trimmed/whole' });

    // And an upload of the same bordered file is blocked: the sweep found what a check finds.
    const print = await sd.fingerprintUpload(bordered);
    await sd.afterBankChange();
    const checkDeps = {
      db: rt.database.db,
      transact: rt.database.transact,
      banks: sd.repos.banks,
      copies: sd.repos.copies,
      audit: rt.repos.audit,
      index: sd.index,
      clock,
    };
    const check = await checkUpload(checkDeps, {
      queries: print.queries,
      exact: print,
      platformItemId: null,
      uploaderId: null,
      actor: 'apikey:test',
      record: false,
    });
    expect(check.verdict).not.toBe('allow');
  });
});
