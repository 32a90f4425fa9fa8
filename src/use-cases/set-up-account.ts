/**
 * A new staff member redeems their one-time setup token and chooses a password (hashed with
 * scrypt) that the password policy accepts. The token is spent in the same transaction, so a
 * link works exactly once.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { passwordProblem } from '../domain/password-policy.ts';
import type { Transact } from '../db/database.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';
import { digest, hashPassword } from '../security/tokens.ts';

export async function setUpAccount(
  deps: { transact: Transact; staff: StaffRepository; clock: Clock },
  input: { setupToken: string; password: string },
): Promise<{ userId: string }> {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('weak_password', problem);
  const passwordHash = await hashPassword(input.password);
  return deps.transact(async (trx) => {
    const user = await deps.staff.userBySetupToken(trx, digest(input.setupToken));
    const now = deps.clock.now().toISOString();
    if (!user || !user.setup_expires_at || user.setup_expires_at < now) {
      throw new AppError('unauthenticated', 'this setup link is invalid or has expired');
    }
    await deps.staff.updateUser(trx, user.id, {
      password_hash: passwordHash,
      setup_token_hash: null,
      setup_expires_at: null,
    });
    return { userId: user.id };
  });
}
