/**
 * `npm run bench:hash`: PDQ speed per image size class, end to end (decode with sharp + hash) and
 * for the pure core on decoded pixels, for each profile; plus the core on a 512x512 buffer and the
 * average over the whole fixture set. One JSON line per measurement.
 */
import { readFileSync } from 'node:fs';
import { pdqHash, type PdqProfile, type PixelBuffer } from '@redress/pdq';
import { decodeImage } from '../src/media/decode-image.ts';
import { hashImageBytes } from '../src/media/hash-image.ts';
import { PDQ_FIXTURES, referenceHashes } from '../test/support/fixtures.ts';

const CLASSES: Record<string, string[]> = {
  '256x256': ['q0122', 'q0291', 'q0746', 'q1050', 'q2821'].map(
    (q) => `reg-test-input/labelme-subset/${q}.jpg`,
  ),
  '1600x1004': ['aaa-orig', 'blur-a-lot', 'high-contrast', 'sharpen-a-lot'].map(
    (f) => `bridge-mods/${f}.jpg`,
  ),
  '4032x3024': [1, 3, 6, 8].map((n) => `reg-test-input/exif-rotn/exif-rotn-${n}.jpg`),
};
const PROFILES: PdqProfile[] = ['reference', 'fullres'];
const MIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

/** Runs `work` over the items round-robin for at least MIN_SECONDS; returns ms per call. */
async function measure<T>(items: T[], work: (item: T) => unknown): Promise<{ calls: number; ms: number }> {
  for (const item of items) await work(item); // warm-up: JIT and libvips caches
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_SECONDS * 1000) await work(items[calls++ % items.length]);
  return { calls, ms: (performance.now() - start) / calls };
}

function print(record: Record<string, unknown>): void {
  const { ms } = record as { ms: number };
  process.stdout.write(
    `${JSON.stringify({ ...record, ms: +ms.toFixed(2), images_per_s: +(1000 / ms).toFixed(1) })}\n`,
  );
}

for (const [size, files] of Object.entries(CLASSES)) {
  const bytes = files.map((file) => readFileSync(PDQ_FIXTURES + file));
  const pixels: PixelBuffer[] = await Promise.all(bytes.map((b) => decodeImage(b)));
  for (const profile of PROFILES) {
    const e2e = await measure(bytes, (b) => hashImageBytes(b, profile));
    print({ bench: 'decode+hash', size, profile, ...e2e });
    const core = await measure(pixels, (p) => pdqHash(p, { profile }));
    print({ bench: 'core', size, profile, ...core });
  }
  const decode = await measure(bytes, (b) => decodeImage(b));
  print({ bench: 'decode-only', size, ...decode });
}

const square = (await decodeImage(
  readFileSync(`${PDQ_FIXTURES}bridge-mods/square-512x512.jpg`),
)) as PixelBuffer;
print({
  bench: 'core',
  size: '512x512',
  profile: 'reference',
  ...(await measure([square], (p) => pdqHash(p))),
});

const all = referenceHashes('reference').map((row) => readFileSync(PDQ_FIXTURES + row.path));
for (const profile of PROFILES) {
  const start = performance.now();
  for (const b of all) await hashImageBytes(b, profile);
  const ms = (performance.now() - start) / all.length;
  print({ bench: 'decode+hash', size: 'fixture set (35 images, one pass)', profile, calls: all.length, ms });
}
