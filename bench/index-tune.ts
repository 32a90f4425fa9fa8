/**
 * Tuning aid for @redress/hamming-index: for each `chunks/bucketRows` spec given, builds a
 * multi-index and prints its probe plan at radius 31, the expected work per query (bucket
 * visits, postings scanned, candidate codes read) and the best of three timed passes, by
 * wall clock and by CPU time (the latter is steadier on a shared machine).
 *
 *   node --import tsx bench/index-tune.ts 1000000 12/2 11/2 16/4   (DATA=clustered for skewed data)
 */
import { MultiIndexHash } from '@redress/hamming-index';
import { binomial } from '../packages/hamming-index/src/chunks.ts';
import { clusteredCodes, mixedQueries, rng32, uniformCodes } from '../packages/hamming-index/test/gen.ts';

const n = Number(process.argv[2] ?? 1e6);
const rng = rng32(1);
const clustered = process.env.DATA === 'clustered' ? clusteredCodes(n, rng) : undefined;
const codes = clustered ? clustered.codes : uniformCodes(n, rng);
const ids = new Uint32Array(n).map((_, i) => i);
const queries = mixedQueries(
  codes,
  clustered ? clustered.fresh(1000) : uniformCodes(1000, rng),
  2000,
  30,
  rng,
);

for (const spec of process.argv.slice(3)) {
  const [chunks, bucketRows] = spec.split('/').map(Number);
  const index = MultiIndexHash.build(codes, ids, { chunks, bucketRows });
  const { widths, dirBits, probes } = index.describe(31);
  let visits = 0;
  let scanned = 0;
  let candidates = 0;
  widths.forEach((w, c) => {
    for (let f = 0; f <= (probes?.[c] ?? -1); f++) {
      visits += binomial(dirBits[c], f);
      scanned += (binomial(dirBits[c], f) * n) / 2 ** dirBits[c];
      candidates += (binomial(w, f) * n) / 2 ** w;
    }
  });
  let qps = 0;
  let cpuQps = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let k = 0; k < 2000; k++) index.query(queries.subarray(k * 8, k * 8 + 8), 31);
    const cpu = process.cpuUsage(c0);
    qps = Math.max(qps, (2000 / (performance.now() - t0)) * 1000);
    cpuQps = Math.max(cpuQps, 2000 / ((cpu.user + cpu.system) / 1e6));
  }
  const plan = probes ? [...probes].join(',') : 'scan';
  const bph = Number((index.memoryBytes() / n).toFixed(1));
  const work = { visits, scanned: Math.round(scanned), candidates: Math.round(candidates) };
  console.log(
    JSON.stringify({
      spec,
      widths: widths.join(','),
      dirBits: dirBits[0],
      plan,
      ...work,
      qps: Math.round(qps),
      cpuQps: Math.round(cpuQps),
      bph,
    }),
  );
}
