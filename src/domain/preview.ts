/**
 * Safe previews of reported media: a reviewer sees a small blurred image first and reveals one at a
 * time, first in colour (still blurred), then sharp. Each reviewer picks how strong the blur is
 * and whether the first view is grey; neither setting can turn the first view into a clear image.
 */
export const PREVIEW_LEVELS = ['blur', 'colour', 'sharp'] as const;
export type PreviewLevel = (typeof PREVIEW_LEVELS)[number];

export const isPreviewLevel = (v: unknown): v is PreviewLevel =>
  typeof v === 'string' && (PREVIEW_LEVELS as readonly string[]).includes(v);

/** Blur strengths offered (sharp's Gaussian sigma at the preview size): all hide detail. */
export const BLUR_CHOICES = [
  { sigma: 8, name: 'Light' },
  { sigma: 12, name: 'Medium' },
  { sigma: 20, name: 'Strong' },
] as const;

export interface PreviewSettings {
  readonly blurSigma: number;
  readonly greyscale: boolean;
}

export const DEFAULT_PREVIEW_SETTINGS: PreviewSettings = { blurSigma: 12, greyscale: true };

/** The longest side of a preview, in pixels: enough to judge, small enough to not linger on. */
export const PREVIEW_MAX_SIDE = 320;

export function isBlurChoice(sigma: number): boolean {
  return BLUR_CHOICES.some((c) => c.sigma === sigma);
}

/** How one level is drawn for a reviewer with these settings. */
export function renderingOf(
  level: PreviewLevel,
  settings: PreviewSettings,
): { blurSigma: number | null; greyscale: boolean } {
  if (level === 'sharp') return { blurSigma: null, greyscale: false };
  if (level === 'colour') return { blurSigma: settings.blurSigma, greyscale: false };
  return { blurSigma: settings.blurSigma, greyscale: settings.greyscale };
}

/** A reveal is any level that shows more than the default view. */
export const isReveal = (level: PreviewLevel) => level !== 'blur';

/** The UTC day a reveal is counted on. */
export const revealDay = (at: Date) => at.toISOString().slice(0, 10);
