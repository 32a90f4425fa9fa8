/**
 * Revokes an API key (a leaked key, an integration retired). Every process stops honouring it
 * within the authenticator's trust window (5 s, src/http/auth.ts).
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';

export async function revokeApiKey(
  deps: { transact: Transact; staff: StaffRepository; clock: Clock },
  input: { id: string },
): Promise<void> {
  const revoked = await deps.transact((trx) => deps.staff.revokeApiKey(trx, input.id, deps.clock.now()));
  if (!revoked) throw new AppError('not_found', 'no active API key has that id');
}
