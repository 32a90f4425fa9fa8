/**
 * Creates a staff account with a role (admin, moderator, auditor; TIDA-I1). No password is ever
 * set by someone else: the account gets a one-time setup token, valid 24 hours, that the person
 * uses to choose their own password.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { digest, newToken, randomId } from '../security/tokens.ts';

export const STAFF_ROLES = ['admin', 'moderator', 'auditor', 'platform'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** The roles of people; `platform` is for integrations and is only ever an API key's role. */
export const PERSON_ROLES = ['admin', 'moderator', 'auditor'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** With these, the setup link is also emailed to the person (when a mail transport exists). */
export interface InviteMail {
  jobs: JobsRepository;
  cipher: Cipher;
}

export async function createStaffUser(
  deps: { transact: Transact; staff: StaffRepository; clock: Clock; inviteMail?: InviteMail },
  input: { email: string; role: StaffRole },
): Promise<{ userId: string; setupToken: string }> {
  if (!(PERSON_ROLES as readonly string[]).includes(input.role)) {
    throw new AppError(
      'invalid_input',
      'staff accounts are admin, moderator or auditor; platforms use an API key',
    );
  }
  const setupToken = newToken('setup_');
  const now = deps.clock.now();
  const userId = randomId();
  const expiresAt = new Date(now.getTime() + 86_400_000).toISOString();
  await deps.transact(async (trx) => {
    const email = input.email.trim().toLowerCase();
    if (await deps.staff.userByEmail(trx, email))
      throw new AppError('conflict', `a staff account for ${email} already exists`);
    await deps.staff.insertUser(trx, {
      id: userId,
      email,
      role: input.role,
      password_hash: null,
      setup_token_hash: digest(setupToken),
      setup_expires_at: expiresAt,
      created_at: now.toISOString(),
      disabled: 0,
    });
    const mail = deps.inviteMail;
    if (mail) {
      // Sealed: the job row holds a credential and an address until the email goes.
      const payload = {
        email: mail.cipher.seal(email),
        token: mail.cipher.seal(setupToken),
        role: input.role,
        expiresAt,
      };
      await mail.jobs.enqueue(trx, { type: 'email.staff_invite', payload, runAt: now, maxAttempts: 5 }, now);
    }
  });
  return { userId, setupToken };
}
