/**
 * Lists of staff accounts and API keys for the admin console. Only what the admin page shows:
 * no password hashes, setup tokens or key digests leave this module.
 */
import type { Executor } from '../database.ts';

export const staffDirectory = {
  async users(ex: Executor) {
    return ex
      .selectFrom('users')
      .select(['id', 'email', 'role', 'created_at', 'disabled'])
      .select((eb) => eb('password_hash', 'is not', null).as('active'))
      .orderBy('email')
      .execute();
  },
  /** Names for audit actors: user id -> address, `apikey:<id>` -> 'API key "<name>"'. */
  async names(ex: Executor): Promise<Map<string, string>> {
    const users = await ex.selectFrom('users').select(['id', 'email']).execute();
    const keys = await ex.selectFrom('api_keys').select(['id', 'name']).execute();
    return new Map([
      ...users.map((u) => [u.id, u.email] as const),
      ...keys.map((k) => [`apikey:${k.id}`, `API key "${k.name}"`] as const),
    ]);
  },
  async apiKeys(ex: Executor) {
    return ex
      .selectFrom('api_keys')
      .select(['id', 'name', 'role', 'created_at', 'revoked_at'])
      .orderBy('created_at', 'desc')
      .execute();
  },
};
