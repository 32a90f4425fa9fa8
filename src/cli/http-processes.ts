/**
 * `serve --processes N`: the primary process forks N HTTP processes that share the port (Node's
 * cluster module hands connections out in turn), re-forks one that dies unexpectedly, and stops
 * them all on shutdown. Each HTTP process opens its own runtime and bank index and follows the
 * database's change log like any other process; the job worker stays in the primary.
 */
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import type { Logger } from 'pino';

/** How long the primary waits before replacing a process that died, so a crash loop stays slow. */
const REFORK_DELAY_MS = 1000;

export interface HttpProcesses {
  /** Resolves with the shared address once every process listens. */
  readonly listening: Promise<string>;
  stop(): Promise<void>;
}

export function forkHttpProcesses(count: number, log: Logger): HttpProcesses {
  let stopping = false;
  let resolveListening: (address: string) => void = () => {};
  const listening = new Promise<string>((resolve) => (resolveListening = resolve));
  let up = 0;

  const fork = (): Worker => {
    const child = cluster.fork();
    child.once('listening', (address) => {
      if (++up === count) resolveListening(`http://${address.address ?? '127.0.0.1'}:${address.port}`);
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log.error({ pid: child.process.pid, code, signal }, 'an HTTP process died; starting another');
      setTimeout(() => {
        if (!stopping) fork();
      }, REFORK_DELAY_MS).unref();
    });
    return child;
  };
  for (let i = 0; i < count; i++) fork();

  return {
    listening,
    async stop() {
      stopping = true;
      const children = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.isDead()) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

export const isHttpProcess = (): boolean => cluster.isWorker;
