/**
 * `redress user create --email E --role R`: a staff account with a one-time setup link, for
 * when nobody can log in yet or as an alternative to the admin API.
 */
import type { Command } from 'commander';
import { PERSON_ROLES, createStaffUser } from '../use-cases/create-staff-user.ts';
import type { PersonRole } from '../use-cases/create-staff-user.ts';
import { openCommandRuntime, withDataDir } from './options.ts';

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('manage staff accounts');
  withDataDir(user.command('create'))
    .description('create a staff account and print its one-time setup link')
    .requiredOption('--email <email>', "the person's email address")
    .option('--role <role>', `one of ${PERSON_ROLES.join(', ')}`, 'moderator')
    .action(async (options: { dataDir?: string; email: string; role: string }) => {
      if (!PERSON_ROLES.includes(options.role as PersonRole))
        throw new Error(`--role must be one of ${PERSON_ROLES.join(', ')} (platforms use an API key)`);
      const rt = await openCommandRuntime(options);
      try {
        const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
        const { setupToken } = await createStaffUser(deps, {
          email: options.email,
          role: options.role as PersonRole,
        });
        process.stdout.write(`created ${options.email} (${options.role}); setup link, valid 24 hours:\n`);
        process.stdout.write(`  ${rt.config.publicUrl}/setup?token=${setupToken}\n`);
      } finally {
        await rt.close();
      }
    });
}
