/**
 * `npm run bench:index`: exact radius-31 search speed of @redress/hamming-index against
 * its own linear scan, on uniform and clustered (near-duplicate families, biased bits)
 * data, at 100k, 1M and 10M codes. Prints one JSON line per configuration.
 *
 * Flags: --max-n N (largest size, default 10000000), --sizes a,b,c, --data uniform,clustered,
 * --queries Q (multi-index queries per run, default 4000), --chunks m1,m2 (tuning: bench these
 * chunk counts instead of the default choice), --no-linear, --radius R.
 * Half the queries are stored codes with up to 30 bits flipped (they have true neighbours),
 * half are fresh codes drawn like the data (mostly no neighbour). The time to serialise and
 * reload the largest uniform index goes to stderr, so stdout stays one line per configuration.
 */
import { parseArgs } from 'node:util';
import { LinearScanIndex, MultiIndexHash, type HammingIndex } from '@redress/hamming-index';
import { clusteredCodes, mixedQueries, rng32, uniformCodes } from '../packages/hamming-index/test/gen.ts';

const { values } = parseArgs({
  options: {
    'max-n': { type: 'string', default: '10000000' },
    sizes: { type: 'string', default: '100000,1000000,10000000' },
    data: { type: 'string', default: 'uniform,clustered' },
    queries: { type: 'string', default: '4000' },
    chunks: { type: 'string' },
    radius: { type: 'string', default: '31' },
    'no-linear': { type: 'boolean', default: false },
  },
});

const maxN = Number(values['max-n']);
const sizes = values.sizes
  .split(',')
  .map(Number)
  .filter((n) => n <= maxN);
const radius = Number(values.radius);
const mihQueries = Number(values.queries);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function dataset(kind: string, n: number): { codes: Uint32Array; others: Uint32Array } {
  const rng = rng32(n + kind.length);
  if (kind === 'uniform') return { codes: uniformCodes(n, rng), others: uniformCodes(1000, rng) };
  const c = clusteredCodes(n, rng);
  return { codes: c.codes, others: c.fresh(1000) };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function run(
  index: HammingIndex,
  queries: Uint32Array,
  count: number,
): { qps: number; p50: number; p99: number } {
  const warm = Math.min(count, 50);
  for (let k = 0; k < warm; k++) index.query(queries.subarray(k * 8, k * 8 + 8), radius);
  const times = new Float64Array(count);
  let found = 0;
  const t0 = performance.now();
  for (let k = 0; k < count; k++) {
    const s = performance.now();
    found += index.query(queries.subarray(k * 8, k * 8 + 8), radius).length;
    times[k] = performance.now() - s;
  }
  const total = performance.now() - t0;
  if (found === 0) throw new Error('no query found anything: the bench data is wrong');
  times.sort();
  return {
    qps: (count / total) * 1000,
    p50: percentile(times, 0.5) * 1000,
    p99: percentile(times, 0.99) * 1000,
  };
}

function report(
  impl: string,
  n: number,
  data: string,
  build: () => HammingIndex,
  queries: Uint32Array,
  count: number,
): void {
  gc();
  const t0 = performance.now();
  const index = build();
  const buildS = (performance.now() - t0) / 1000;
  const { qps, p50, p99 } = run(index, queries, count);
  const line = {
    impl,
    n,
    data,
    queries: count,
    qps: Math.round(qps),
    p50_us: Math.round(p50),
    p99_us: Math.round(p99),
    build_s: Number(buildS.toFixed(2)),
    rss_mb: Math.round(process.memoryUsage().rss / 1e6),
    bytes_per_hash: Number((index.memoryBytes() / n).toFixed(1)),
  };
  console.log(JSON.stringify(line));
  if (impl === 'multi-index' && data === 'uniform' && n === sizes[sizes.length - 1]) loadTime(index, n);
}

/** Serialise and reload the largest index once; reported on stderr beside the JSON lines. */
function loadTime(index: HammingIndex, n: number): void {
  const t0 = performance.now();
  const bytes = index.serialize();
  const t1 = performance.now();
  const loaded = MultiIndexHash.deserialize(bytes);
  const t2 = performance.now();
  if (loaded.size !== n) throw new Error('reloaded index lost entries');
  const mb = Math.round(bytes.length / 1e6);
  console.error(JSON.stringify({ n, file_mb: mb, serialize_s: (t1 - t0) / 1000, load_s: (t2 - t1) / 1000 }));
}

for (const n of sizes) {
  for (const data of values.data.split(',')) {
    let { codes, others } = dataset(data, n);
    const ids = new Uint32Array(n).map((_, i) => i);
    const queries = mixedQueries(codes, others, Math.max(mihQueries, 1000), 30, rng32(n ^ 0x5eed));
    const configs = values.chunks ? values.chunks.split(',').map(Number) : [undefined];
    for (const chunks of configs) {
      const impl = chunks === undefined ? 'multi-index' : `multi-index-m${chunks}`;
      report(impl, n, data, () => MultiIndexHash.build(codes, ids, { chunks }), queries, mihQueries);
    }
    if (!values['no-linear']) {
      const count = n >= 5_000_000 ? 40 : n >= 500_000 ? 200 : 1000;
      report('linear-scan', n, data, () => LinearScanIndex.build(codes, ids), queries, count);
    }
    codes = others = new Uint32Array(0);
  }
}
