/**
 * Runs generated hostile requests (fuzz-inputs.ts) against a live service for a time budget with
 * a fixed seed, each with the credentials its route needs (route-roles.ts), and collects every
 * answer that breaks the rules: a 5xx or no answer, an API error outside the one error shape,
 * or an answer that shows internals (temporary paths, stack frames, resolver answers).
 */
import os from 'node:os';
import fc from 'fast-check';
import { operationsOf, requestFor } from './fuzz-inputs.ts';
import type { FuzzCase, Operation } from './fuzz-inputs.ts';
import { API_ROUTES, CONSOLE_ROUTES } from './route-roles.ts';
import { head, rawRequest } from './support.ts';
import type { Principal, RawAnswer, SecurityHarness } from './support.ts';

export interface FuzzFailure {
  route: string;
  problem: string;
  request: string;
  answer: string;
}

export interface FuzzReport {
  cases: number;
  perRoute: Map<string, number>;
  failures: FuzzFailure[];
}

/** URLs are fetched from one host that never resolves, so no case waits on the network. */
export const FUZZ_ENV = {
  REDRESS_FETCH_ALLOWED_HOSTS: 'fuzz.invalid',
  REDRESS_UNPROVEN_INTAKE_LIMIT: '100000',
};

const colon = (key: string) => key.replace(/\{(\w+)\}/g, ':$1');

/** What is wrong with an answer, or null. */
export function problemOf(c: FuzzCase, answer: RawAnswer): string | null {
  if (!(answer.status >= 100 && answer.status < 500)) return `status ${answer.status || 'none'}`;
  if (answer.body.includes(`${os.tmpdir()}/`) || /\n\s+at |resolves to /.test(answer.body))
    return 'internals shown';
  if (c.path.startsWith('/api/') && answer.status >= 400) {
    try {
      const { error } = JSON.parse(answer.body) as { error?: Record<string, unknown> };
      if (
        typeof error?.code !== 'string' ||
        typeof error.message !== 'string' ||
        typeof error.requestId !== 'string'
      ) {
        return 'not the error shape';
      }
    } catch {
      return 'error answer is not JSON';
    }
  }
  return null;
}

function principalFor(op: Operation): { who: Principal; console: boolean } {
  const rule = API_ROUTES[op.key] ?? CONSOLE_ROUTES[colon(op.key)];
  const console = !API_ROUTES[op.key] && Boolean(CONSOLE_ROUTES[colon(op.key)]);
  if (!rule || rule.access === 'public') return { who: 'none', console };
  return { who: rule.access[0], console };
}

export async function fuzzService(
  h: SecurityHarness,
  options: { seed: number; budgetMs: number; onCase?: (route: string, failure?: FuzzFailure) => void },
): Promise<FuzzReport> {
  const doc = JSON.parse((await h.app.inject({ url: '/api/openapi.json' })).body);
  const ops = operationsOf(doc);
  const known = { caseNumber: h.caseNumber, name: h.bank, itemId: h.itemId };
  const report: FuzzReport = { cases: 0, perRoute: new Map(), failures: [] };
  const run = async (op: Operation, c: FuzzCase) => {
    const { who, console } = principalFor(op);
    const headers: Record<string, string> = {};
    let body = c.body;
    if (console) {
      const session = await h.consoleSession('admin');
      headers.cookie = session.cookie!;
      if (c.contentType === 'application/x-www-form-urlencoded') {
        body = Buffer.concat([body, Buffer.from(`&_csrf=${session.csrf}`)]);
      }
    } else Object.assign(headers, await h.apiHeaders(who));
    if (c.contentType) headers['content-type'] = c.contentType;
    const answer = await rawRequest(h.port, head(op.method, c.path, headers, body.length), body).catch(
      (error: Error) => ({ status: 0, headers: {}, body: error.message }),
    );
    report.cases++;
    report.perRoute.set(op.key, (report.perRoute.get(op.key) ?? 0) + 1);
    const problem = problemOf(c, answer);
    const failure = problem
      ? { route: op.key, problem, request: c.description.slice(0, 400), answer: answer.body.slice(0, 300) }
      : undefined;
    if (failure) report.failures.push(failure);
    options.onCase?.(op.key, failure);
    return true;
  };
  // Each route gets an equal share of the budget, so every one is reached however slow others are.
  for (const op of ops) {
    await fc.assert(
      fc.asyncProperty(requestFor(op, known), (c) => run(op, c)),
      {
        seed: options.seed,
        numRuns: 10_000_000,
        interruptAfterTimeLimit: Math.max(50, Math.floor(options.budgetMs / ops.length)),
        markInterruptAsFailure: false,
      },
    );
  }
  return report;
}
