/**
 * An API key for a platform integration (e.g. the host platform's moderation backend). Shown
 * once; stored as a SHA-256 digest. Keys carry a staff role like users do.
 */
import type { Clock } from '../domain/clock.ts';
import type { Transact } from '../db/database.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';
import { digest, newToken, randomId } from '../security/tokens.ts';
import type { StaffRole } from './create-staff-user.ts';

export async function createApiKey(
  deps: { transact: Transact; staff: StaffRepository; clock: Clock },
  input: { name: string; role: StaffRole },
): Promise<{ id: string; key: string }> {
  const key = newToken('rk_');
  const id = randomId();
  await deps.transact((trx) =>
    deps.staff.insertApiKey(trx, {
      id,
      name: input.name,
      key_hash: digest(key),
      role: input.role,
      created_at: deps.clock.now().toISOString(),
      revoked_at: null,
    }),
  );
  return { id, key };
}
