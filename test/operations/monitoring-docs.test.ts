/**
 * The alert rules and the Grafana dashboard in docs/operations name only metrics a node really
 * exposes: a renamed metric would otherwise silence an alert without anyone noticing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { openTestRuntime } from '../helpers/databases.ts';

const DOCS = path.resolve(import.meta.dirname, '../../docs/operations');
const TOKEN = 'metrics-token-for-tests-0123';
let exposed = new Set<string>();
let close: () => Promise<void>;

beforeAll(async () => {
  const harness = await openTestRuntime('sqlite', { extraEnv: { REDRESS_METRICS_TOKEN: TOKEN } });
  const app = await buildApp(harness.rt);
  const text = (
    await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
  ).body;
  exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
  close = async () => {
    await app.close();
    await harness.close();
  };
});
afterAll(() => close());

const metricNames = (text: string) =>
  [...new Set(text.match(/\bredress_[a-z_]+/g) ?? [])].map((n) => n.replace(/_(bucket|sum|count)$/, ''));

describe('monitoring examples', () => {
  it.each(['alerts.yml', 'grafana-dashboard.json'])('%s uses only exposed metrics', (file) => {
    const names = metricNames(fs.readFileSync(path.join(DOCS, file), 'utf8'));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n) => !exposed.has(n))).toEqual([]);
  });
});
