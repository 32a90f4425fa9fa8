/**
 * `npm run eval:robustness -- [DIR] [--unrelated-hashes N]`: banks every image in DIR (default: the
 * committed corpus), makes the edited copies re-uploaders make, and prints per edit class the recall
 * of plain PDQ (8 orientations, <= 31) beside the match pipeline's, the false matches over all
 * (copy, unrelated original) pairs, the cost of banking and checking, and the false-match rate
 * against at least N (default 100,000) hashes of unrelated images (video frames, crops of other
 * photos). `--unrelated-hashes 0` skips that last, slowest part.
 */
import sharp from 'sharp';
import { hammingDistance, pdqHash } from '@redress/pdq';
import { bankVariants, isPlainVariant, queryHashes, MATCH_POLICY, type HashVariant } from '@redress/match';
import { decodeImage } from '../src/media/decode-image.ts';
import {
  bankOriginals,
  checkAgainstBank,
  evaluateCopies,
  loadOriginals,
  summarise,
  type BankedItem,
} from './robustness-core.ts';
import { photoCrops, videoFrames } from './robustness-unrelated.ts';

const args = process.argv.slice(2);
const flag = args.indexOf('--unrelated-hashes');
const unrelatedTarget = flag >= 0 ? Number(args[flag + 1]) : 100_000;
const dir =
  args.find((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1)) ??
  'test/fixtures/robustness/originals';

/** Photo crops checked at least, besides the video frames, so both kinds of unrelated image count. */
const MIN_CROPS = 3000;
const fmt = (x: number) => x.toFixed(3);
const pad = (s: string | number, n: number) => String(s).padEnd(n);

async function main(): Promise<void> {
  const originals = await loadOriginals(dir);
  const bank = await bankOriginals(originals);
  const results = await evaluateCopies(originals, bank);
  const edits = new Set(results.map((r) => r.edit)).size;
  console.log(
    `Robustness: ${originals.length} originals in ${dir}, ${edits} edits, ${results.length} copies`,
  );
  console.log(
    `policy: plain PDQ <= ${MATCH_POLICY.plainBlock} block; derived variants <= ${MATCH_POLICY.derivedBlock} block, <= ${MATCH_POLICY.derivedReview} review`,
  );
  console.log(
    `${pad('edit', 12)} ${pad('baseline', 9)} ${pad('ours', 7)} ${pad('block', 7)} plain-only bank`,
  );
  for (const s of summarise(results)) {
    const row = [
      pad(s.edit, 12),
      pad(fmt(s.baseline), 9),
      pad(fmt(s.ours), 7),
      pad(fmt(s.oursBlock), 7),
      fmt(s.plainBank),
    ];
    console.log(row.join(' '));
  }
  console.log(
    'baseline: plain PDQ, 8 orientations, <= 31; ours: block or review; block: confident only; ' +
      'plain-only bank: our upload hashes against a bank of plain PDQ hashes alone (an external list)',
  );
  const pairs = results.length * (originals.length - 1);
  const oursFalse = results.reduce((n, r) => n + r.oursFalse.length, 0);
  const baseFalse = results.reduce((n, r) => n + r.baselineFalse.length, 0);
  const plainBankFalse = results.reduce((n, r) => n + r.plainBankFalse.length, 0);
  console.log(
    `false matches over ${pairs} (copy, unrelated original) pairs: ours ${oursFalse}, baseline ${baseFalse}, ` +
      `plain-only bank ${plainBankFalse}`,
  );
  const missed = results.filter((r) => !r.ours).map((r) => `${r.edit}:${originals[r.original].name}`);
  console.log(`missed by ours (${missed.length}): ${missed.join(' ')}`);
  await printCost(bank, originals[0].bytes, results.reduce((n, r) => n + r.queryHashes, 0) / results.length);
  if (unrelatedTarget > 0) await printUnrelated(bank, unrelatedTarget);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function printCost(bank: readonly BankedItem[], sample: Buffer, meanQuery: number): Promise<void> {
  const counts = bank.map((b) => b.variants.length);
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  console.log(
    `bank cost: ${fmt(mean)} hashes stored per banked image (min ${Math.min(...counts)}, max ${Math.max(...counts)}); ` +
      `check: ${meanQuery.toFixed(1)} hashes per upload on average (1 PDQ DCT for 8 orientations + 2-4 grid hashes)`,
  );
  const big = await sharp(sample).resize(1600, 1004, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
  const time = async (fn: () => unknown | Promise<unknown>) => {
    const runs: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await fn();
      runs.push(performance.now() - t);
    }
    return median(runs);
  };
  const pixels = await decodeImage(big);
  const decode = await time(() => decodeImage(big));
  const plain = await time(() => pdqHash(pixels));
  const check = await time(() => queryHashes(pixels));
  const banking = await time(() => bankVariants(pixels));
  console.log(
    `time on a 1600x1004 JPEG (median of 15): decode ${decode.toFixed(1)} ms; plain PDQ ${plain.toFixed(1)} ms; ` +
      `queryHashes ${check.toFixed(1)} ms (check adds ${(check - plain).toFixed(1)} ms over plain PDQ); bankVariants ${banking.toFixed(1)} ms`,
  );
}

async function printUnrelated(bank: readonly BankedItem[], target: number): Promise<void> {
  const start = performance.now();
  let images = 0;
  let frames = 0;
  let hashes = 0;
  let plainHashes = 0;
  let ours = 0;
  let oursBlock = 0;
  let baseline = 0;
  // How close unrelated images come, whatever the policy: the margin behind the thresholds.
  const nearest = { le24: 0, le31: 0, le40: 0, le48: 0, min: 256 };
  const examples: string[] = [];
  const check = (query: HashVariant[], label: string) => {
    images++;
    hashes += query.length;
    plainHashes += query.filter((q) => q.variant.startsWith('original')).length;
    const verdicts = checkAgainstBank(query, bank);
    const hit = verdicts.ours.find((m) => m !== null);
    if (hit) {
      ours++;
      if (verdicts.ours.some((m) => m?.verdict === 'block')) oursBlock++;
      if (examples.length < 5)
        examples.push(`${label}: ${hit.queryVariant}~${hit.bankVariant} d=${hit.distance}`);
    }
    if (verdicts.baseline.some(Boolean)) baseline++;
    let min = 256;
    for (const q of query) {
      if (isPlainVariant(q.variant)) continue;
      for (const item of bank)
        for (const b of item.variants) min = Math.min(min, hammingDistance(q.hash, b.hash));
    }
    nearest.min = Math.min(nearest.min, min);
    if (min <= 24) nearest.le24++;
    if (min <= 31) nearest.le31++;
    if (min <= 40) nearest.le40++;
    if (min <= 48) nearest.le48++;
  };
  for await (const frame of videoFrames()) {
    frames++;
    check(queryHashes(frame), `frame ${frames}`);
  }
  for await (const crop of photoCrops()) {
    if (hashes >= target && images - frames >= MIN_CROPS) break;
    check(queryHashes(crop), `crop ${images - frames}`);
  }
  const seconds = ((performance.now() - start) / 1000).toFixed(0);
  console.log(
    `unrelated: ${images} images (${frames} video frames, ${images - frames} photo crops), ${hashes} query hashes ` +
      `(${plainHashes} plain PDQ), against ${bank.length} banked items, ${seconds} s`,
  );
  console.log(
    `  false-matched images: ours ${ours} (block ${oursBlock}) = rate ${(ours / images).toExponential(2)} per image; ` +
      `plain PDQ (8 orientations, <= 31) ${baseline} = rate ${(baseline / images).toExponential(2)}`,
  );
  if (examples.length) console.log(`  e.g. ${examples.join('; ')}`);
  console.log(
    `  nearest derived-variant distance per unrelated image: min ${nearest.min}; images within 24: ${nearest.le24}, ` +
      `31: ${nearest.le31}, 40: ${nearest.le40}, 48: ${nearest.le48}`,
  );
}

await main();
