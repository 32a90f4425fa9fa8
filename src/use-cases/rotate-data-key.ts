/**
 * Rotates the data-encryption key while the service runs: adds a new key to the ring, waits
 * until every process has read it (they re-read the ring every few seconds), then re-seals every
 * sealed value under it, a page per transaction, until no value under an older key remains.
 * Until then the old keys still open what they sealed, so nothing is unreadable at any moment.
 * Each value is replaced only if it is unchanged since it was read, so a concurrent edit wins.
 */
import { sql } from 'kysely';
import type { Clock } from '../domain/clock.ts';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import type { KeyRing } from '../security/key-ring.ts';

/** Sealed columns, by table and primary key. */
const SEALED = [
  { table: 'requests', key: 'id', column: 'submission_enc' },
  { table: 'appeals', key: 'id', column: 'statement_enc' },
  { table: 'webhook_endpoints', key: 'id', column: 'secret_enc' },
] as const;

const PAGE = 200;

export interface RotateDeps {
  database: DatabaseHandle;
  ring: KeyRing;
  clock: Clock;
  /** Resolves once every process has had time to read the ring. */
  settle: () => Promise<void>;
}

export async function rotateDataKey(
  deps: RotateDeps,
): Promise<{ version: number; resealed: Record<string, number> }> {
  const { database, ring } = deps;
  const version = await database.transact((trx) => ring.addKey(trx, deps.clock.now()));
  await deps.settle();
  const prefix = `v${version}:`;
  const resealed: Record<string, number> = {};
  for (const { table, key, column } of SEALED) {
    resealed[`${table}.${column}`] = await resealAll(database, async (trx) => {
      const { rows } = await sql<{ id: string; value: string }>`
        select ${sql.ref(key)} as id, ${sql.ref(column)} as value from ${sql.table(table)}
        where ${sql.ref(column)} not like ${`${prefix}%`} limit ${PAGE}`.execute(trx);
      for (const row of rows) {
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${ring.seal(ring.open(row.value))}
          where ${sql.ref(key)} = ${row.id} and ${sql.ref(column)} = ${row.value}`.execute(trx);
      }
      return rows.length;
    });
  }
  resealed['jobs.payload'] = await resealAll(database, (trx) => resealJobTokens(trx, ring, prefix));
  return { version, resealed };
}

async function resealAll(
  database: DatabaseHandle,
  page: (trx: Executor) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await database.transact(page);
    total += count;
    if (count < PAGE) return total;
  }
}

/** Email jobs carry a sealed status token in their JSON payload. */
async function resealJobTokens(trx: Executor, ring: KeyRing, prefix: string): Promise<number> {
  const rows = await trx
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('payload', 'like', '%"token":"v%')
    .where('payload', 'not like', `%"token":"${prefix}%`)
    .limit(PAGE)
    .execute();
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { token: string };
    const next = JSON.stringify({ ...payload, token: ring.seal(ring.open(payload.token)) });
    await trx
      .updateTable('jobs')
      .set({ payload: next })
      .where('id', '=', row.id)
      .where('payload', '=', row.payload)
      .execute();
  }
  return rows.length;
}
