/**
 * Pieces of the hash-network tests: a clock the test moves, a Redress instance (runtime, HTTP app
 * on loopback, keys) with the environment it is given, and the StopNCII settings for a simulator.
 */
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import type { DatabaseKind } from '../helpers/databases.ts';
import { apiClient, bearer } from '../copies/support.ts';
import { DEFAULT_KEYS } from '../../scripts/sim/stopncii.ts';

/** Real time, moved on by the test when it needs a retry or a schedule to come due. */
export class TestClock {
  private offset = 0;
  now = () => new Date(Date.now() + this.offset);
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface Instance {
  rt: Runtime;
  base: string;
  api: ReturnType<typeof apiClient>;
  admin: Record<string, string>;
  platform: Record<string, string>;
  moderator: Record<string, string>;
  clock: TestClock;
  /** Runs the worker's due jobs once (feedback, webhooks). */
  runJobs(): Promise<number>;
  close(): Promise<void>;
}

export async function openInstance(kind: DatabaseKind, env: Record<string, string> = {}): Promise<Instance> {
  const clock = new TestClock();
  const opened = await openTestRuntime(kind, { clock, extraEnv: env });
  const app = await buildApp(opened.rt);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const worker = opened.rt.createWorker();
  return {
    rt: opened.rt,
    base,
    api: apiClient(base),
    admin: await bearer(opened.rt, 'admin'),
    platform: await bearer(opened.rt, 'platform'),
    moderator: await bearer(opened.rt, 'moderator'),
    clock,
    runJobs: () => worker.runDueJobs(),
    async close() {
      await app.close();
      await opened.close();
    },
  };
}

export function stopnciiEnv(simBase: string): Record<string, string> {
  return {
    REDRESS_STOPNCII_URL: `${simBase}/v1`,
    REDRESS_STOPNCII_SUBSCRIPTION_KEY: DEFAULT_KEYS.subscription,
    REDRESS_STOPNCII_FETCH_KEY: DEFAULT_KEYS.fetch,
    REDRESS_STOPNCII_FEEDBACK_KEY: DEFAULT_KEYS.feedback,
    REDRESS_NETWORK_ALLOWED_SUBNETS: '127.0.0.0/8',
  };
}
