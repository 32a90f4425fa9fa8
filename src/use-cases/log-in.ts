/**
 * Staff log in with email and password and receive a session token (stored hashed, valid 12
 * hours). The same answer is given for an unknown email and a wrong password.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';
import { digest, newToken, verifyPassword } from '../security/tokens.ts';

export const SESSION_HOURS = 12;

export async function logIn(
  deps: { transact: Transact; staff: StaffRepository; clock: Clock },
  input: { email: string; password: string },
): Promise<{ sessionToken: string; userId: string; role: string; expiresAt: Date }> {
  const user = await deps.transact((trx) => deps.staff.userByEmail(trx, input.email.trim().toLowerCase()));
  const ok =
    user?.password_hash && !user.disabled && (await verifyPassword(input.password, user.password_hash));
  if (!user || !ok) throw new AppError('unauthenticated', 'wrong email or password');
  const sessionToken = newToken('sess_');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await deps.transact((trx) => deps.staff.insertSession(trx, digest(sessionToken), user.id, now, expiresAt));
  return { sessionToken, userId: user.id, role: user.role, expiresAt };
}
