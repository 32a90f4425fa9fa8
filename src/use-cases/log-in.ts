/**
 * Staff log in with email and password and receive a session token (stored hashed, valid 12
 * hours). The same answer is given for an unknown email and a wrong password, after the same
 * work: an unknown email's password is checked against a dummy scrypt hash, so the time taken
 * does not tell which accounts exist. Failures are counted per account and per address (keyed
 * digests, for unknown emails too); a locked account or address is refused before any check.
 */
import crypto from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { ACCOUNT_BACKOFF, ADDRESS_BACKOFF, afterFailure, lockedUntil } from '../domain/login-backoff.ts';
import type { Transact } from '../db/database.ts';
import type { LoginFailuresRepository } from '../db/repositories/login-failures-repository.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';
import { digest, newToken, verifyPassword } from '../security/tokens.ts';

export const SESSION_HOURS = 12;

/** A scrypt hash of a random secret nobody knows, with the parameters of real ones. */
const DUMMY_PASSWORD_HASH =
  'scrypt$16384$8$1$IFuF9Xgt9j/3KbnKEZoEKw==$7DBU/1xN5XpyOZC/d0qBF7Aqu8Lxf5csrDyxeaxh8v0=';

export interface LogInDeps {
  transact: Transact;
  staff: StaffRepository;
  loginFailures: LoginFailuresRepository;
  clock: Clock;
  /** Keys the failure counters' subjects (see InstanceKeys.loginThrottle). */
  throttleKey: Buffer;
}

export async function logIn(
  deps: LogInDeps,
  input: { email: string; password: string; address: string },
): Promise<{ sessionToken: string; userId: string; role: string; expiresAt: Date }> {
  const email = input.email.trim().toLowerCase();
  const subject = (kind: string, value: string) =>
    `${kind}:${crypto.createHmac('sha256', deps.throttleKey).update(value).digest('hex')}`;
  const account = subject('account', email);
  const address = subject('address', input.address);
  const { user, locked } = await deps.transact(async (trx) => {
    const now = deps.clock.now();
    const until = [
      lockedUntil(await deps.loginFailures.get(trx, account), now),
      lockedUntil(await deps.loginFailures.get(trx, address), now),
    ].filter((d): d is Date => d !== null);
    return { user: await deps.staff.userByEmail(trx, email), locked: until };
  });
  if (locked.length > 0) {
    const minutes = Math.ceil((Math.max(...locked.map(Number)) - deps.clock.now().getTime()) / 60_000);
    throw new AppError(
      'rate_limited',
      `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    );
  }
  const usable = user?.password_hash && !user.disabled ? user.password_hash : null;
  const matches = await verifyPassword(input.password, usable ?? DUMMY_PASSWORD_HASH);
  if (!user || !usable || !matches) {
    await deps.transact(async (trx) => {
      const now = deps.clock.now();
      await deps.loginFailures.put(
        trx,
        account,
        afterFailure(await deps.loginFailures.get(trx, account), now, ACCOUNT_BACKOFF),
      );
      await deps.loginFailures.put(
        trx,
        address,
        afterFailure(await deps.loginFailures.get(trx, address), now, ADDRESS_BACKOFF),
      );
    });
    throw new AppError('unauthenticated', 'wrong email or password');
  }
  const sessionToken = newToken('sess_');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await deps.transact(async (trx) => {
    await deps.loginFailures.clear(trx, account);
    await deps.staff.insertSession(trx, digest(sessionToken), user.id, now, expiresAt);
  });
  return { sessionToken, userId: user.id, role: user.role, expiresAt };
}
