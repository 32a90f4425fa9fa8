/**
 * Reveal counts and preview settings on both databases: a reviewer's reveals are counted per UTC
 * day (a new day starts from zero), settings are per reviewer and validated, and the admins'
 * aggregates give per day the total, the reviewers and how many reached the threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import type { Runtime } from '../../src/runtime.ts';
import {
  exposureTotals,
  readPreviewSettings,
  revealsToday,
  savePreviewSettings,
} from '../../src/use-cases/reviewer-previews.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';

describe.each(DATABASES)('reviewer exposure on %s', (kind) => {
  const clock = new ManualClock('2026-12-04T23:00:00Z');
  let rt: Runtime;
  let close: () => Promise<void>;
  const deps = () => ({ transact: rt.database.transact, previews: rt.repos.previews, clock });
  const reveal = (userId: string) =>
    rt.database.transact((trx) =>
      rt.repos.previews.countReveal(trx, userId, clock.now().toISOString().slice(0, 10)),
    );

  beforeAll(async () => {
    ({ rt, close } = await openTestRuntime(kind, { clock }));
  });
  afterAll(async () => close?.());

  it('counts reveals per reviewer per day and reports only aggregates', async () => {
    expect(await reveal('u-a')).toBe(1);
    expect(await reveal('u-a')).toBe(2);
    expect(await reveal('u-a')).toBe(3);
    expect(await reveal('u-b')).toBe(1);
    expect(await revealsToday(deps(), 'u-a')).toBe(3);
    clock.advanceMs(2 * 3600_000); // past midnight UTC
    expect(await revealsToday(deps(), 'u-a')).toBe(0);
    expect(await reveal('u-b')).toBe(1);
    expect(await exposureTotals(deps(), 3)).toEqual([
      { day: '2026-12-05', reveals: 1, reviewers: 1, pastThreshold: 0 },
      { day: '2026-12-04', reveals: 4, reviewers: 2, pastThreshold: 1 },
    ]);
  });

  it('keeps settings per reviewer and refuses a blur strength it does not offer', async () => {
    expect((await readPreviewSettings(deps(), 'u-a')).settings).toEqual({ blurSigma: 12, greyscale: true });
    await savePreviewSettings(deps(), 'u-a', { blurSigma: 20, greyscale: false });
    await savePreviewSettings(deps(), 'u-a', { blurSigma: 8, greyscale: false });
    expect((await readPreviewSettings(deps(), 'u-a')).settings).toEqual({ blurSigma: 8, greyscale: false });
    expect((await readPreviewSettings(deps(), 'u-b')).settings).toEqual({ blurSigma: 12, greyscale: true });
    await expect(savePreviewSettings(deps(), 'u-a', { blurSigma: 0, greyscale: true })).rejects.toMatchObject(
      {
        code: 'invalid_input',
      },
    );
  });
});
