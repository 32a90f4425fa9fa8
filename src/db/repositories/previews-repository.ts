/**
 * Reviewers' preview settings and their daily reveal counts. Admins read only aggregates
 * (`dayTotals`): the total and how many reviewers passed the break threshold, never a list of
 * who looked at what.
 */
import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { PreviewSettings } from '../../domain/preview.ts';

export interface RevealDayTotal {
  day: string;
  reveals: number;
  reviewers: number;
  pastThreshold: number;
}

export const previewsRepository = {
  /** A case item's links, for fetching its preview. */
  async requestItem(ex: Executor, itemId: string) {
    return ex
      .selectFrom('request_items')
      .select(['request_id', 'url', 'platform_item_id'])
      .where('id', '=', itemId)
      .executeTakeFirst();
  },

  async settings(ex: Executor, userId: string): Promise<PreviewSettings | undefined> {
    const row = await ex
      .selectFrom('reviewer_settings')
      .select(['blur_sigma', 'greyscale'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? { blurSigma: Number(row.blur_sigma), greyscale: Number(row.greyscale) === 1 } : undefined;
  },

  async saveSettings(ex: Executor, userId: string, s: PreviewSettings, now: Date): Promise<void> {
    const values = { blur_sigma: s.blurSigma, greyscale: s.greyscale ? 1 : 0, updated_at: now.toISOString() };
    await ex
      .insertInto('reviewer_settings')
      .values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  },

  /** Adds one reveal to the reviewer's day; returns the day's count after it. */
  async countReveal(ex: Executor, userId: string, day: string): Promise<number> {
    await ex
      .insertInto('reveal_counts')
      .values({ user_id: userId, day, reveals: 1 })
      .onConflict((oc) =>
        oc.columns(['user_id', 'day']).doUpdateSet({ reveals: sql`reveal_counts.reveals + 1` }),
      )
      .execute();
    return this.revealsOn(ex, userId, day);
  },

  async revealsOn(ex: Executor, userId: string, day: string): Promise<number> {
    const row = await ex
      .selectFrom('reveal_counts')
      .select('reveals')
      .where('user_id', '=', userId)
      .where('day', '=', day)
      .executeTakeFirst();
    return Number(row?.reveals ?? 0);
  },

  /** Per day since `fromDay`, newest first: total reveals, reviewers, and how many passed `threshold`. */
  async dayTotals(ex: Executor, fromDay: string, threshold: number): Promise<RevealDayTotal[]> {
    const rows = await ex
      .selectFrom('reveal_counts')
      .select([
        'day',
        sql<number | string>`sum(reveals)`.as('reveals'),
        sql<number | string>`count(*)`.as('reviewers'),
        sql<number | string>`sum(case when reveals >= ${threshold} then 1 else 0 end)`.as('past'),
      ])
      .where('day', '>=', fromDay)
      .groupBy('day')
      .orderBy('day', 'desc')
      .execute();
    return rows.map((r) => ({
      day: r.day,
      reveals: Number(r.reveals),
      reviewers: Number(r.reviewers),
      pastThreshold: Number(r.past),
    }));
  },
};

export type PreviewsRepository = typeof previewsRepository;
