/**
 * `redress audit verify` walks the hash chain and exits non-zero naming the first event that
 * was altered, removed or moved; `redress audit export` writes the log as NDJSON (TIDA-H1).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { openCommandRuntime, withDataDir } from './options.ts';

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('verify or export the tamper-evident audit log');
  withDataDir(audit.command('verify'))
    .description('check every event of the hash chain')
    .action(async (options: { dataDir?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const result = await rt.repos.audit.verify(rt.database.db);
        if (result.ok) {
          process.stdout.write(`audit log OK: ${result.checked} events, chain intact\n`);
        } else {
          const bad = result.firstBad;
          process.stdout.write(`audit log BROKEN at event #${bad?.seq} (${bad?.id}): ${bad?.problem}\n`);
          process.exitCode = 2;
        }
      } finally {
        await rt.close();
      }
    });
  withDataDir(audit.command('export'))
    .description('write every event as one JSON line')
    .option('--out <file>', 'file to write (default: standard output)')
    .action(async (options: { dataDir?: string; out?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const events = await rt.repos.audit.list(rt.database.db);
        const text = events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
        if (options.out) fs.writeFileSync(options.out, text, { mode: 0o600 });
        else process.stdout.write(text);
      } finally {
        await rt.close();
      }
    });
}
