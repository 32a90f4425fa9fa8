/**
 * A reviewer's own preview settings, and the exposure aggregates admins see: reveals per day in
 * total and how many reviewers passed the break threshold, never who looked at what.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { DEFAULT_PREVIEW_SETTINGS, isBlurChoice, revealDay } from '../domain/preview.ts';
import type { PreviewSettings } from '../domain/preview.ts';
import type { Transact } from '../db/database.ts';
import type { PreviewsRepository, RevealDayTotal } from '../db/repositories/previews-repository.ts';

export interface ReviewerPreviewDeps {
  transact: Transact;
  previews: PreviewsRepository;
  clock: Clock;
}

/** How many previews the reviewer revealed today (UTC), for the break suggestion. */
export async function revealsToday(deps: ReviewerPreviewDeps, userId: string): Promise<number> {
  const day = revealDay(deps.clock.now());
  return deps.transact((trx) => deps.previews.revealsOn(trx, userId, day));
}

/** The reviewer's settings and reveals today. */
export async function readPreviewSettings(
  deps: ReviewerPreviewDeps,
  userId: string,
): Promise<{ settings: PreviewSettings; revealsToday: number }> {
  const day = revealDay(deps.clock.now());
  return deps.transact(async (trx) => ({
    settings: (await deps.previews.settings(trx, userId)) ?? DEFAULT_PREVIEW_SETTINGS,
    revealsToday: await deps.previews.revealsOn(trx, userId, day),
  }));
}

export async function savePreviewSettings(
  deps: ReviewerPreviewDeps,
  userId: string,
  settings: PreviewSettings,
): Promise<void> {
  if (!isBlurChoice(settings.blurSigma))
    throw new AppError('invalid_input', 'choose one of the blur strengths');
  await deps.transact((trx) => deps.previews.saveSettings(trx, userId, settings, deps.clock.now()));
}

/** The last `days` days of reveals, newest first, as aggregates only. */
export async function exposureTotals(
  deps: ReviewerPreviewDeps,
  threshold: number,
  days = 14,
): Promise<RevealDayTotal[]> {
  const from = revealDay(new Date(deps.clock.now().getTime() - (days - 1) * 86_400_000));
  return deps.transact((trx) => deps.previews.dayTotals(trx, from, threshold));
}
