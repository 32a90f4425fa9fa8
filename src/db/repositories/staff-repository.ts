/**
 * Staff accounts, their sessions and the API keys of platform integrations. Secrets arrive here
 * already hashed (see src/security/tokens.ts); this module only stores and finds digests.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { ApiKeysTable, UsersTable } from '../schema.ts';

export type UserRow = Selectable<UsersTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;

export const staffRepository = {
  async countUsers(ex: Executor): Promise<number> {
    const r = await ex
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async insertUser(ex: Executor, row: UserRow): Promise<void> {
    await ex.insertInto('users').values(row).execute();
  },
  async userByEmail(ex: Executor, email: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  },
  async userById(ex: Executor, id: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async userBySetupToken(ex: Executor, tokenHash: string): Promise<UserRow | undefined> {
    return ex.selectFrom('users').selectAll().where('setup_token_hash', '=', tokenHash).executeTakeFirst();
  },
  async updateUser(ex: Executor, id: string, changes: Partial<UserRow>): Promise<void> {
    await ex.updateTable('users').set(changes).where('id', '=', id).execute();
  },
  async insertSession(
    ex: Executor,
    tokenHash: string,
    userId: string,
    now: Date,
    expires: Date,
  ): Promise<void> {
    await ex
      .insertInto('sessions')
      .values({
        token_hash: tokenHash,
        user_id: userId,
        created_at: now.toISOString(),
        expires_at: expires.toISOString(),
      })
      .execute();
  },
  async userBySession(ex: Executor, tokenHash: string, now: Date): Promise<UserRow | undefined> {
    return ex
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now.toISOString())
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
  },
  async deleteSessionsOf(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('sessions').where('user_id', '=', userId).execute();
  },
  async deleteSession(ex: Executor, tokenHash: string): Promise<void> {
    await ex.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  },
  async insertApiKey(ex: Executor, row: ApiKeyRow): Promise<void> {
    await ex.insertInto('api_keys').values(row).execute();
  },
  /** True when the key was active and is now revoked. */
  async revokeApiKey(ex: Executor, id: string, at: Date): Promise<boolean> {
    const result = await ex
      .updateTable('api_keys')
      .set({ revoked_at: at.toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  async apiKeyByHash(ex: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
    return ex
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  },
};

export type StaffRepository = typeof staffRepository;
