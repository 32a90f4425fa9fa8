/**
 * Options shared by every command that touches data: `--data-dir` (default ./redress-data, or
 * REDRESS_DATA_DIR), turned into a `Config` through src/config.ts like everything else.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../config.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openRuntime } from '../runtime.ts';
import type { Runtime } from '../runtime.ts';

export function withDataDir(command: Command): Command {
  return command.option('--data-dir <dir>', 'data folder of the embedded database (env REDRESS_DATA_DIR)');
}

export function configFrom(options: {
  dataDir?: string;
  port?: string;
  host?: string;
  processes?: string;
}): Config {
  const overrides: Partial<Config> = {};
  if (options.dataDir) Object.assign(overrides, { dataDir: options.dataDir });
  if (options.host) Object.assign(overrides, { host: options.host });
  if (options.port !== undefined) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be 0-65535, got ${options.port}`);
    Object.assign(overrides, { port });
  }
  if (options.processes !== undefined) {
    const processes = Number(options.processes);
    if (!Number.isInteger(processes) || processes < 1 || processes > 64)
      throw new Error(`--processes must be 1-64, got ${options.processes}`);
    Object.assign(overrides, { processes });
  }
  return loadConfig(undefined, overrides);
}

/**
 * The runtime of a one-off command (`bank`, `check`, `audit`, `user`): its logs go to stderr, so
 * stdout holds only the command's own output (JSON lines, an export) for scripts and redirects.
 */
export function openCommandRuntime(options: { dataDir?: string }): Promise<Runtime> {
  const config = configFrom(options);
  return openRuntime(config, { log: createLogger(config.logLevel, pino.destination(2)) });
}
