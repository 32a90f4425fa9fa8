/**
 * `redress keys rotate`: a new data-encryption key, and every sealed value re-sealed under it,
 * while the service keeps running (src/use-cases/rotate-data-key.ts). The instance secret, and
 * so every key derived from it (the audit chain's, the signing key), does not change.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { KEY_RING_REFRESH_MS } from '../security/key-ring.ts';
import { rotateDataKey } from '../use-cases/rotate-data-key.ts';
import { openCommandRuntime, withDataDir } from './options.ts';

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('rotate the key that seals personal data');
  withDataDir(keys.command('rotate'))
    .description('add a new data key and re-seal all personal data under it, online')
    .action(async (options: { dataDir?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const started = performance.now();
        const result = await rotateDataKey({
          database: rt.database,
          ring: rt.keyRing,
          clock: rt.clock,
          // Two refresh periods and a margin: every running process has read the new key by then.
          settle: () => sleep(KEY_RING_REFRESH_MS * 2 + 500),
        });
        const seconds = Number(((performance.now() - started) / 1000).toFixed(3));
        process.stdout.write(`${JSON.stringify({ ...result, seconds })}\n`);
      } finally {
        await rt.close();
      }
    });
}
