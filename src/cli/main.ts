/**
 * Entry point of the `redress` command line. Each sub-command lives in its own file and
 * registers itself on the program; this file only wires them together and turns thrown
 * errors into a message on stderr and a non-zero exit status.
 */
import { Command } from 'commander';
import { registerAuditCommand } from './audit-command.ts';
import { registerBankCommand } from './bank-command.ts';
import { registerCheckCommand } from './check-command.ts';
import { registerHashCommand } from './hash-command.ts';
import { registerHashVideoCommand } from './hash-video-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerUserCommand } from './user-command.ts';
import { registerWorkerCommand } from './worker-command.ts';

const program = new Command()
  .name('redress')
  .description('Removal requests, the 48-hour clock and copy matching for intimate-image abuse.')
  .showHelpAfterError();

registerHashCommand(program);
registerHashVideoCommand(program);
registerServeCommand(program);
registerWorkerCommand(program);
registerAuditCommand(program);
registerUserCommand(program);
registerBankCommand(program);
registerCheckCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`redress: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
