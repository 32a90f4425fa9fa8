/**
 * `/api/openapi.json` describes the API as it is: every route that takes a body documents it (the
 * check documents JSON and raw media), every query parameter a route reads is listed, the pages
 * for people are not in it, and the platform's routes document their answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApi } from './support.ts';
import type { ApiHarness } from './support.ts';

type Operation = {
  requestBody?: { content: Record<string, { schema?: unknown }> };
  parameters?: { in: string; name: string }[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

/** POST routes that take no body: the path says everything. */
const BODYLESS = new Set([
  'POST /api/v1/requests/{caseNumber}/withdraw',
  'POST /api/v1/staff/queue/claim-next',
  'POST /api/v1/staff/requests/{caseNumber}/minor',
  'POST /api/v1/staff/requests/{caseNumber}/withdraw',
  'POST /api/v1/staff/api-keys/{id}/revoke',
  'POST /api/v1/auth/logout',
  'POST /api/v1/networks/{name}/fetch',
]);
/** Routes whose answers platforms build on; each documents its 2xx answer. */
const ANSWERS = [
  'POST /api/v1/check',
  'POST /api/v1/staff/queue/claim-next',
  'GET /api/v1/requests/{caseNumber}/status',
];

let h: ApiHarness;
let operations: Map<string, Operation>;

beforeAll(async () => {
  h = await openApi('sqlite');
  const doc = (await h.api('GET', '/api/openapi.json')).body as {
    paths: Record<string, Record<string, Operation>>;
  };
  operations = new Map(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const),
    ),
  );
});
afterAll(() => h?.close());

describe('the OpenAPI document', () => {
  it('lists only the API, not the pages for people', () => {
    const paths = [...operations.keys()].map((k) => k.split(' ')[1]);
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !p.startsWith('/api/'))).toEqual([]);
  });

  it('documents the body of every route that takes one', () => {
    const missing = [...operations]
      .filter(([key]) => /^(POST|PUT|PATCH) /.test(key) && !BODYLESS.has(key))
      .filter(([, op]) => !op.requestBody || Object.keys(op.requestBody.content).length === 0)
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('documents the check body as JSON or media bytes, with its query parameters', () => {
    const check = operations.get('POST /api/v1/check')!;
    expect(Object.keys(check.requestBody!.content).sort()).toEqual([
      'application/json',
      'application/octet-stream',
      'image/*',
      'video/*',
    ]);
    expect(JSON.stringify(check.requestBody!.content['application/json'].schema)).toContain('platformItemId');
    expect(
      check
        .parameters!.filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['dryRun', 'platformItemId', 'uploaderId']);
  });

  it('documents the answers platforms build on', () => {
    for (const key of ANSWERS) {
      const ok = operations.get(key)?.responses?.['200'] ?? operations.get(key)?.responses?.['201'];
      expect(ok?.content?.['application/json']?.schema, key).toBeDefined();
    }
  });
});
