/**
 * `redress serve`: the API and the worker in one process, on the embedded database unless
 * DATABASE_URL is set. On the first run it creates the admin account and prints a one-time
 * setup link (there is never a default password). Stops cleanly on SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { buildApp } from '../http/app.ts';
import { openRuntime } from '../runtime.ts';
import { createStaffUser } from '../use-cases/create-staff-user.ts';
import { configFrom, withDataDir } from './options.ts';

export function registerServeCommand(program: Command): void {
  withDataDir(program.command('serve'))
    .description('run the removal-request API and the job worker')
    .option('--port <port>', 'port to listen on (env REDRESS_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (env REDRESS_HOST, default 127.0.0.1)')
    .option('--no-worker', 'run the API only (run `redress worker` elsewhere)')
    .action(async (options: { dataDir?: string; port?: string; host?: string; worker: boolean }) => {
      const config = configFrom(options);
      const rt = await openRuntime(config);
      const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
      if ((await rt.database.transact((trx) => rt.repos.staff.countUsers(trx))) === 0) {
        const { setupToken } = await createStaffUser(deps, { email: config.adminEmail, role: 'admin' });
        process.stdout.write(
          `\nFirst run: created the admin account ${config.adminEmail}.\n` +
            `Choose its password within 24 hours with this one-time link:\n` +
            `  ${config.publicUrl}/setup?token=${setupToken}\n` +
            `or: curl -X POST ${config.publicUrl}/api/v1/auth/setup -H 'content-type: application/json' ` +
            `-d '{"token":"${setupToken}","password":"<at least 12 characters>"}'\n\n`,
        );
      }
      const app = await buildApp(rt);
      const address = await app.listen({ port: config.port, host: config.host });
      const worker = options.worker ? rt.createWorker() : undefined;
      worker?.start();
      rt.log.info(
        { address, database: rt.database.description, worker: Boolean(worker) },
        `Redress listening on ${address}`,
      );
      const stop = async () => {
        await worker?.stop();
        await app.close();
        await rt.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
