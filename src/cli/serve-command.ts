/**
 * `redress serve`: the API and the worker in one process, on the embedded database unless
 * DATABASE_URL is set. On the first run it creates the admin account and prints a one-time
 * setup link (there is never a default password). With `--processes N` the API runs in N
 * processes on the one port (see http-processes.ts) and the worker in the first. Stops cleanly
 * on SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { buildApp } from '../http/app.ts';
import { openRuntime } from '../runtime.ts';
import { createStaffUser } from '../use-cases/create-staff-user.ts';
import { forkHttpProcesses, isHttpProcess } from './http-processes.ts';
import { setupBanner } from './setup-banner.ts';
import { publicUrlWarning } from './public-url-check.ts';
import { configFrom, withDataDir } from './options.ts';

interface ServeOptions {
  dataDir?: string;
  port?: string;
  host?: string;
  processes?: string;
  worker: boolean;
}

export function registerServeCommand(program: Command): void {
  withDataDir(program.command('serve'))
    .description('run the removal-request API and the job worker')
    .option('--port <port>', 'port to listen on (env REDRESS_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (env REDRESS_HOST, default 127.0.0.1)')
    .option('--processes <n>', 'API processes sharing the port (env REDRESS_PROCESSES, default 1)')
    .option('--no-worker', 'run the API only (run `redress worker` elsewhere)')
    .action(async (options: ServeOptions) => {
      const config = configFrom(options);
      if (isHttpProcess()) await serveHttp(config);
      else await serveMain(config, options.worker);
    });
}

/** The primary: first-run setup, the worker, and the API here or in its HTTP processes. */
async function serveMain(config: Config, withWorker: boolean): Promise<void> {
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir, 'serve');
  const rt = await openRuntime(config);
  const warning = publicUrlWarning(config);
  if (warning) rt.log.warn(warning);
  const inviteMail = rt.mailer.configured ? { jobs: rt.repos.jobs, cipher: rt.cipher } : undefined;
  const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock, inviteMail };
  let firstRunToken: string | undefined;
  if ((await rt.database.transact((trx) => rt.repos.staff.countUsers(trx))) === 0) {
    firstRunToken = (await createStaffUser(deps, { email: config.adminEmail, role: 'admin' })).setupToken;
  }
  const processes = config.processes > 1 ? forkHttpProcesses(config.processes, rt.log) : undefined;
  const app = processes ? undefined : await buildApp(rt);
  const address = processes
    ? await processes.listening
    : await app!.listen({ port: config.port, host: config.host });
  const worker = withWorker ? rt.createWorker() : undefined;
  worker?.start();
  rt.log.info(
    { address, database: rt.database.description, worker: Boolean(worker), processes: config.processes },
    `Redress listening on ${address}`,
  );
  if (config.staffEmails.length === 0) {
    rt.log.warn(
      'REDRESS_STAFF_EMAILS is not set: escalations and cases involving a minor (NCMEC report) notify nobody',
    );
  }
  // Last, so the one-time link is the final thing on the screen at start-up.
  if (firstRunToken) {
    const link = `${config.publicUrl}/setup?token=${firstRunToken}`;
    process.stderr.write(setupBanner(config.adminEmail, link, config.publicUrl, firstRunToken));
  }
  onStop(async () => {
    await Promise.all([processes?.stop(), worker?.stop(), app?.close()]);
    await rt.close();
    lock?.release();
  });
}

/** One of the primary's HTTP processes: the API only. */
async function serveHttp(config: Config): Promise<void> {
  const rt = await openRuntime(config);
  const app = await buildApp(rt);
  await app.listen({ port: config.port, host: config.host });
  onStop(async () => {
    await app.close();
    await rt.close();
  });
}

function onStop(close: () => Promise<void>): void {
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
