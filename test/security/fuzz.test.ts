/**
 * A bounded fuzz run in the suite: hostile requests generated from the OpenAPI schemas (fixed
 * seed, about 25 s per database) to every route with valid credentials. No answer may be a 5xx,
 * an API error outside `{error:{code,message,requestId}}`, or show internals. The longer run is
 * `npm run bench:fuzz`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.ts';
import { FUZZ_ENV, fuzzService } from './fuzz-run.ts';
import { openSecurityHarness } from './support.ts';
import type { SecurityHarness } from './support.ts';

const BUDGET_MS = 25_000;
const SEED = 20261204;

describe.each(DATABASES)('fuzzing every route on %s', (kind) => {
  let h: SecurityHarness;
  beforeAll(async () => {
    h = await openSecurityHarness(kind, FUZZ_ENV);
  });
  afterAll(() => h?.close());

  it(
    'answers hostile input with 4xx in the one error shape, never a 5xx',
    async () => {
      const report = await fuzzService(h, { seed: SEED, budgetMs: BUDGET_MS });
      const distinct = new Map(report.failures.map((f) => [`${f.route} ${f.problem}`, f]));
      expect([...distinct.values()]).toEqual([]);
      // Every route was reached, and more than a handful of times overall.
      const doc = JSON.parse((await h.app.inject({ url: '/api/openapi.json' })).body);
      const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops as object)
          .filter((m) => m !== 'head')
          .map((m) => `${m.toUpperCase()} ${p}`),
      );
      expect(routes.filter((r) => !report.perRoute.has(r))).toEqual([]);
      expect(report.cases).toBeGreaterThan(routes.length * 3);
    },
    BUDGET_MS + 60_000,
  );
});
