/**
 * The derived PDQ hashes of a requester's own copy (centre crops, small tilts, the picture inside
 * a border: `bankVariants` of @redress/match), made in their browser from pixels that never leave
 * it, so a fingerprint-only takedown banks what `redress bank add` of the same file banks. They
 * are only comparable with hashes of the same match pipeline, so they carry its version, and the
 * service accepts only its own version, known variant names and a bounded count.
 */
import { BANK_CROPS, BANK_TILTS, MATCH_PIPELINE_VERSION } from '@redress/match';
import { AppError } from './errors.ts';

export interface ItemVariant {
  variant: string;
  pdq: string;
  quality: number;
}

export interface ItemVariants {
  pipeline: number;
  hashes: ItemVariant[];
}

/** Two frames (whole, trimmed) times (whole + crops + tilts), with room to spare. */
export const MAX_ITEM_VARIANTS = 2 * (1 + BANK_CROPS.length + BANK_TILTS.length);

const NAMES = new Set(
  [
    'whole',
    ...BANK_CROPS.map((p) => `crop-${p}`),
    ...BANK_TILTS.map((d) => `rot${d > 0 ? '+' : ''}${d}`),
  ].flatMap((n) => [n, `trimmed/${n}`]),
);

/** Why these variants cannot be banked, or null when they can. */
export function variantsProblem(v: ItemVariants): string | null {
  if (v.pipeline !== MATCH_PIPELINE_VERSION) {
    return `variants were made by match pipeline ${v.pipeline}; this service uses ${MATCH_PIPELINE_VERSION}`;
  }
  if (v.hashes.length > MAX_ITEM_VARIANTS) return `at most ${MAX_ITEM_VARIANTS} variants per item`;
  const seen = new Set<string>();
  for (const h of v.hashes) {
    if (!NAMES.has(h.variant)) return `unknown variant "${h.variant}"`;
    if (seen.has(h.variant)) return `variant "${h.variant}" is given twice`;
    seen.add(h.variant);
    if (!/^[0-9a-f]{64}$/.test(h.pdq)) return `variant "${h.variant}" needs a 64-hex-digit PDQ hash`;
    if (!Number.isInteger(h.quality) || h.quality < 50 || h.quality > 100) {
      return `variant "${h.variant}" needs a quality from 50 to 100 (lower is never banked)`;
    }
  }
  return null;
}

/** Refuses (400 `invalid_input`, naming the item) variants the service cannot bank. */
export function assertItemVariants(items: readonly { variants?: ItemVariants }[]): void {
  items.forEach((item, i) => {
    const problem = item.variants ? variantsProblem(item.variants) : null;
    if (problem) throw new AppError('invalid_input', `items[${i}].variants: ${problem}`);
  });
}

/** The compact form the request form posts in one hidden field: `1;crop-5:<hex>:87;rot+3:<hex>:90`. */
export function encodeVariants(v: ItemVariants): string {
  return [String(v.pipeline), ...v.hashes.map((h) => `${h.variant}:${h.pdq}:${h.quality}`)].join(';');
}

export function decodeVariants(s: string): ItemVariants | null {
  const [version, ...parts] = s.split(';');
  const pipeline = Number(version);
  if (!s || !Number.isInteger(pipeline) || parts.length > MAX_ITEM_VARIANTS) return null;
  const hashes = parts.map((p) => {
    const [variant, pdq, quality] = p.split(':');
    return { variant: variant ?? '', pdq: (pdq ?? '').toLowerCase(), quality: Number(quality) };
  });
  return { pipeline, hashes };
}
