/**
 * `npm run bench:fuzz`: the suite's fuzz run (test/security/fuzz.test.ts) for longer, on SQLite
 * and PostgreSQL: hostile requests generated from the OpenAPI schemas to every route with valid
 * credentials. Prints the cases per route and every distinct failure (a 5xx or no answer, an API
 * error outside the one shape, internals shown); exits 1 if there was any.
 * Options: FUZZ_SECONDS per database (default 300), FUZZ_SEED (default: the time, printed),
 * BENCH_DATABASES (default sqlite,postgres).
 */
import { createHash } from 'node:crypto';
import type { DatabaseKind } from '../test/helpers/databases.ts';
import { FUZZ_ENV, fuzzService } from '../test/security/fuzz-run.ts';
import type { FuzzFailure } from '../test/security/fuzz-run.ts';
import { openSecurityHarness } from '../test/security/support.ts';

const seconds = Number(process.env.FUZZ_SECONDS ?? 300);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const databases = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',') as DatabaseKind[];

let failed = false;
for (const kind of databases) {
  const h = await openSecurityHarness(kind, FUZZ_ENV);
  const started = Date.now();
  try {
    const report = await fuzzService(h, { seed, budgetMs: seconds * 1000 });
    const took = (Date.now() - started) / 1000;
    console.log(
      `\n${kind}: seed ${seed}, ${report.cases} cases in ${took.toFixed(0)} s over ${report.perRoute.size} routes`,
    );
    for (const [route, n] of [...report.perRoute].sort()) console.log(`  ${String(n).padStart(6)}  ${route}`);
    const distinct = new Map<string, FuzzFailure & { count: number }>();
    for (const f of report.failures) {
      const key = createHash('sha1').update(`${f.route} ${f.problem}`).digest('hex');
      const seen = distinct.get(key);
      if (seen) seen.count++;
      else distinct.set(key, { ...f, count: 1 });
    }
    console.log(`  failures: ${report.failures.length} (${distinct.size} distinct)`);
    for (const f of distinct.values()) {
      console.log(
        `  - ${f.route}: ${f.problem} (x${f.count})\n      request: ${f.request}\n      answer: ${f.answer}`,
      );
    }
    failed ||= report.failures.length > 0;
  } finally {
    await h.close();
  }
}
process.exit(failed ? 1 : 0);
