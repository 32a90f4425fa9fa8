/**
 * A registry batch is fetched and hashed several items at a time, on the hashing threads: the
 * results still come back in the order of the items, a bad item fails alone with its code, and
 * an item's hashes are the same as hashing its bytes directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryHashes } from '../../src/media/fingerprint.ts';
import type { Runtime } from '../../src/runtime.ts';
import { registerContent } from '../../src/use-cases/register-content.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import { fixture } from './support.ts';

describe('registering a batch', () => {
  let rt: Runtime;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestRuntime('sqlite');
    rt = opened.rt;
    close = opened.close;
  });
  afterAll(() => close());

  it('answers in item order, each item on its own', async () => {
    const sd = rt.stayDown;
    const files = ['aaa-orig.jpg', 'blur-a-lot.jpg', 'shrink-a-lot.jpg', 'square-128x128.jpg'];
    const items = [
      ...files.map((f) => ({ platformItemId: f, media: fixture('bridge-mods', f) })),
      { platformItemId: 'truncated', media: fixture('bridge-mods', 'aaa-orig.jpg').subarray(0, 5000) },
      { platformItemId: 'hashes-only', hashes: { pdq: 'ab'.repeat(32) } },
    ];
    const deps = {
      transact: rt.database.transact,
      content: sd.repos.content,
      clock: rt.clock,
      fetchOptions: sd.fetchOptions,
      hashMedia: sd.registryHashes,
      hashVideo: (bytes: Uint8Array) => sd.videoHashes(bytes, 'upload'),
    };
    const results = await registerContent(deps, items);
    expect(results.map((r) => r.platformItemId)).toEqual(items.map((i) => i.platformItemId));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, false, true]);
    const failed = results[4];
    expect(!failed.ok && failed.error.code).toBe('MEDIA_CORRUPT');
    for (const [i, f] of files.entries()) {
      const direct = await registryHashes(fixture('bridge-mods', f));
      expect(results[i]).toMatchObject({ ok: true, sha256: direct.sha256, pdq: direct.pdq });
    }
  });
});
