/**
 * `redress worker`: a job worker and deadline sweeper without the API, against the same
 * database as `serve` (use `serve --no-worker` for the API alone).
 */
import type { Command } from 'commander';
import { lockDataDir } from './data-dir-lock.ts';
import { openRuntime } from '../runtime.ts';
import { configFrom, withDataDir } from './options.ts';

export function registerWorkerCommand(program: Command): void {
  withDataDir(program.command('worker'))
    .description('run the job worker and the deadline sweeper')
    .option('--once', 'sweep and drain due jobs once, then exit')
    .action(async (options: { dataDir?: string; once?: boolean }) => {
      const config = configFrom(options);
      // A one-off pass (--once) may run beside a standing worker; a second standing one may not.
      const lock = config.databaseUrl || options.once ? undefined : lockDataDir(config.dataDir, 'worker');
      const rt = await openRuntime(config);
      const worker = rt.createWorker();
      if (options.once) {
        await worker.tick(true);
        await rt.close();
        return;
      }
      worker.start();
      rt.log.info({ database: rt.database.description, worker: worker.id }, 'worker started');
      const stop = async () => {
        await worker.stop();
        await rt.close();
        lock?.release();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
