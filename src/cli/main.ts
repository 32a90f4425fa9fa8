/**
 * Entry point of the `redress` command line. Each sub-command lives in its own file and
 * registers itself on the program; this file only wires them together and turns thrown
 * errors into a message on stderr and a non-zero exit status.
 */
import { Command } from 'commander';
import { registerHashCommand } from './hash-command.ts';

const program = new Command()
  .name('redress')
  .description('Removal requests, the 48-hour clock and copy matching for intimate-image abuse.')
  .showHelpAfterError();

registerHashCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`redress: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
