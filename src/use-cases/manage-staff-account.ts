/**
 * An admin disables a staff account, or resets its password. Disabling ends the account's sessions
 * at once and voids any unused set-up link; a reset clears the password, ends the sessions and
 * issues a new one-time set-up link (valid 24 hours) for the admin to pass on. Both are audited.
 * An admin cannot disable their own account, so there is always someone left to undo a mistake.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { StaffRepository, UserRow } from '../db/repositories/staff-repository.ts';
import type { Executor } from '../db/database.ts';
import { digest, newToken } from '../security/tokens.ts';
import type { Actor } from './common.ts';

export interface ManageStaffDeps {
  transact: Transact;
  staff: StaffRepository;
  audit: AuditRepository;
  clock: Clock;
}

async function userOf(ex: Executor, staff: StaffRepository, userId: string): Promise<UserRow> {
  const user = await staff.userById(ex, userId);
  if (!user) throw new AppError('not_found', 'no such staff account');
  return user;
}

export async function disableStaffUser(
  deps: ManageStaffDeps,
  input: { userId: string; actor: Actor; actorUserId: string | null },
): Promise<{ email: string }> {
  if (input.userId === input.actorUserId)
    throw new AppError('conflict', 'you cannot disable your own account');
  return deps.transact(async (trx) => {
    const user = await userOf(trx, deps.staff, input.userId);
    if (user.disabled) throw new AppError('conflict', `${user.email} is already disabled`);
    await deps.staff.updateUser(trx, user.id, {
      disabled: 1,
      setup_token_hash: null,
      setup_expires_at: null,
    });
    await deps.staff.deleteSessionsOf(trx, user.id);
    await deps.audit.append(trx, {
      requestId: null,
      actor: input.actor,
      occurredAt: deps.clock.now(),
      event: { type: 'staff.disabled', version: 1, data: { userId: user.id } },
    });
    return { email: user.email };
  });
}

export async function resetStaffPassword(
  deps: ManageStaffDeps,
  input: { userId: string; actor: Actor },
): Promise<{ email: string; setupToken: string }> {
  const setupToken = newToken('setup_');
  return deps.transact(async (trx) => {
    const user = await userOf(trx, deps.staff, input.userId);
    if (user.disabled) throw new AppError('conflict', `${user.email} is disabled`);
    const now = deps.clock.now();
    await deps.staff.updateUser(trx, user.id, {
      password_hash: null,
      setup_token_hash: digest(setupToken),
      setup_expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
    });
    await deps.staff.deleteSessionsOf(trx, user.id);
    await deps.audit.append(trx, {
      requestId: null,
      actor: input.actor,
      occurredAt: now,
      event: { type: 'staff.password_reset', version: 1, data: { userId: user.id } },
    });
    return { email: user.email, setupToken };
  });
}
