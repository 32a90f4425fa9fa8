/**
 * The robustness evaluation itself, shared by `npm run eval:robustness` and the library-level test
 * so both give the same verdicts: bank the originals, make every edited copy, check each copy
 * against every banked item with the match pipeline and with plain PDQ (8 orientations, distance
 * <= 31) as the baseline. A copy counts as found when its own original matches; any match with
 * another original is a false match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { hammingDistance, PDQ_MATCH_THRESHOLD, type Hash256 } from '@redress/pdq';
import {
  bankVariants,
  bestMatch,
  isPlainVariant,
  queryHashes,
  type HashVariant,
  type PairMatch,
} from '@redress/match';
import { decodeImage } from '../src/media/decode-image.ts';
import { EDITS } from './robustness-edits.ts';

export interface Original {
  readonly name: string;
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
}

export interface BankedItem {
  readonly name: string;
  readonly variants: HashVariant[];
  /** The plain PDQ hash alone: what a bank of plain PDQ holds. */
  readonly plain: Hash256 | null;
}

export interface CopyResult {
  readonly original: number;
  readonly edit: string;
  /** The pipeline's match with its own original, or null. */
  readonly ours: PairMatch | null;
  readonly baseline: boolean;
  /** The pipeline's upload hashes against a bank holding only plain PDQ hashes (an external list). */
  readonly plainBank: boolean;
  /** Indexes of OTHER originals that matched: false matches. */
  readonly oursFalse: number[];
  readonly baselineFalse: number[];
  readonly plainBankFalse: number[];
  readonly queryHashes: number;
}

/**
 * Every image file in `dir`, sorted by name.
 *
 * @example
 * const originals = await loadOriginals('test/fixtures/robustness/originals');
 */
export async function loadOriginals(dir: string): Promise<Original[]> {
  const files = readdirSync(dir)
    .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const bytes = readFileSync(join(dir, file));
      const { width = 0, height = 0 } = await sharp(bytes).metadata();
      return { name: file, bytes, width, height };
    }),
  );
}

/** @example const bank = await bankOriginals(await loadOriginals(dir)); */
export async function bankOriginals(originals: readonly Original[]): Promise<BankedItem[]> {
  const bank: BankedItem[] = [];
  for (const original of originals) {
    const variants = bankVariants(await decodeImage(original.bytes));
    bank.push({
      name: original.name,
      variants,
      plain: variants.find((v) => v.variant === 'original')?.hash ?? null,
    });
  }
  return bank;
}

/**
 * Check one upload's hashes against the whole bank, with the pipeline and with plain PDQ.
 *
 * @example
 * const verdicts = checkAgainstBank(queryHashes(pixels), bank);
 */
export function checkAgainstBank(
  query: readonly HashVariant[],
  bank: readonly BankedItem[],
): { ours: Array<PairMatch | null>; baseline: boolean[]; plainBank: boolean[] } {
  const plain = query.filter((q) => isPlainVariant(q.variant));
  return {
    ours: bank.map((item) => bestMatch(query, item.variants)),
    plainBank: bank.map((item) => bestMatch(query, item.variants.slice(0, item.plain ? 1 : 0)) !== null),
    baseline: bank.map(
      (item) =>
        item.plain !== null && plain.some((q) => hammingDistance(q.hash, item.plain!) <= PDQ_MATCH_THRESHOLD),
    ),
  };
}

/**
 * Make every edit of every original and check it.
 *
 * @example
 * const results = await evaluateCopies(originals, bank, Object.keys(EDITS));
 */
export async function evaluateCopies(
  originals: readonly Original[],
  bank: readonly BankedItem[],
  edits: readonly string[] = Object.keys(EDITS),
): Promise<CopyResult[]> {
  const results: CopyResult[] = [];
  for (let i = 0; i < originals.length; i++) {
    const { bytes, width, height } = originals[i];
    for (const edit of edits) {
      const copy = await EDITS[edit](bytes, { width, height });
      const query = queryHashes(await decodeImage(copy));
      const { ours, baseline, plainBank } = checkAgainstBank(query, bank);
      const others = (flags: boolean[]) => flags.flatMap((hit, j) => (hit && j !== i ? [j] : []));
      if (plainBank.some((hit, j) => hit && j !== i))
        throw new Error(`false match against a plain bank: ${edit}`);
      results.push({
        original: i,
        edit,
        ours: ours[i],
        baseline: baseline[i],
        plainBank: plainBank[i],
        oursFalse: others(ours.map((m) => m !== null)),
        baselineFalse: others(baseline),
        plainBankFalse: others(plainBank),
        queryHashes: query.length,
      });
    }
  }
  return results;
}

export interface ClassSummary {
  readonly edit: string;
  readonly copies: number;
  readonly baseline: number;
  readonly ours: number;
  readonly oursBlock: number;
  readonly plainBank: number;
}

/**
 * Recall per edit class (found / copies) and overall, for the baseline and the pipeline.
 *
 * @example
 * summarise(results).find((s) => s.edit === 'tilt-3');
 */
export function summarise(results: readonly CopyResult[]): ClassSummary[] {
  const byEdit = new Map<string, CopyResult[]>();
  for (const r of results) byEdit.set(r.edit, [...(byEdit.get(r.edit) ?? []), r]);
  const row = (edit: string, rs: readonly CopyResult[]): ClassSummary => ({
    edit,
    copies: rs.length,
    baseline: rs.filter((r) => r.baseline).length / rs.length,
    ours: rs.filter((r) => r.ours).length / rs.length,
    oursBlock: rs.filter((r) => r.ours?.verdict === 'block').length / rs.length,
    plainBank: rs.filter((r) => r.plainBank).length / rs.length,
  });
  return [...[...byEdit].map(([edit, rs]) => row(edit, rs)), row('OVERALL', results)];
}
