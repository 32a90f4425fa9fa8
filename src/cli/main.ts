/**
 * Entry point of the `redress` command line. Each sub-command lives in its own file and
 * registers itself on the program; this file only wires them together and turns thrown
 * errors into a message on stderr and a non-zero exit status.
 *
 * Only the command being run is loaded: its modules (the database, sharp, Fastify) take most of
 * a second to load, which `redress --help` or `redress hash` should not pay for the others.
 * Without a command, the program lists every command from the summaries below.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Register> }> = {
  hash: {
    summary: 'print PDQ hashes: hash,quality,FILE (or the 8 dihedral hashes with --dihedral)',
    load: async () => (await import('./hash-command.ts')).registerHashCommand,
  },
  'hash-video': {
    summary: 'print the vPDQ hash of a video: frame_number,quality,pdq_hex,timestamp_seconds per frame',
    load: async () => (await import('./hash-video-command.ts')).registerHashVideoCommand,
  },
  serve: {
    summary: 'run the removal-request API and the job worker',
    load: async () => (await import('./serve-command.ts')).registerServeCommand,
  },
  worker: {
    summary: 'run the job worker and the deadline sweeper',
    load: async () => (await import('./worker-command.ts')).registerWorkerCommand,
  },
  audit: {
    summary: 'verify or export the tamper-evident audit log',
    load: async () => (await import('./audit-command.ts')).registerAuditCommand,
  },
  evidence: {
    summary: 'write or verify a signed evidence pack of a case or a date range',
    load: async () => (await import('./evidence-command.ts')).registerEvidenceCommand,
  },
  user: {
    summary: 'manage staff accounts',
    load: async () => (await import('./user-command.ts')).registerUserCommand,
  },
  bank: {
    summary: 'manage hash banks',
    load: async () => (await import('./bank-command.ts')).registerBankCommand,
  },
  backup: {
    summary: 'copy the embedded database while it serves (PostgreSQL: pg_dump)',
    load: async () => (await import('./backup-command.ts')).registerBackupCommand,
  },
  restore: {
    summary: 'bring a backup back into a new data folder and verify its audit log',
    load: async () => (await import('./backup-command.ts')).registerBackupCommand,
  },
  move: {
    summary: 'copy the whole instance to another database (SQLite <-> PostgreSQL)',
    load: async () => (await import('./move-command.ts')).registerMoveCommand,
  },
  keys: {
    summary: 'rotate the key that seals personal data',
    load: async () => (await import('./keys-command.ts')).registerKeysCommand,
  },
  report: {
    summary: 'the transparency report for a period: html, csv or json (no personal data)',
    load: async () => (await import('./report-command.ts')).registerReportCommand,
  },
  check: {
    summary: 'check files against the hash banks',
    load: async () => (await import('./check-command.ts')).registerCheckCommand,
  },
};

const program = new Command()
  .name('redress')
  .description('Removal requests, the 48-hour clock and copy matching for intimate-image abuse.')
  .showHelpAfterError();

try {
  const [first, second] = process.argv.slice(2);
  const name = first === 'help' ? second : first;
  const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command) (await command.load())(program);
  else for (const [each, { summary }] of Object.entries(COMMANDS)) program.command(each).description(summary);
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`redress: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
