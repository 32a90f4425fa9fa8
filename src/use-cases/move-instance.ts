/**
 * Moves a whole instance from one database to another (SQLite to PostgreSQL or back): every
 * table copied as it is, so sealed personal data stays sealed under the same key and the audit
 * chain keeps its hashes. The target must hold no instance yet; its audit chain is verified
 * after the copy, and the move reports both.
 */
import { copyDatabase } from '../db/copy-database.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import type { DatabaseHandle, DatabaseOptions } from '../db/database.ts';
import { createAuditRepository } from '../db/repositories/audit-repository.ts';
import type { VerifyResult } from '../db/repositories/audit-repository.ts';
import { AppError } from '../domain/errors.ts';
import { resolveKey } from '../security/cipher.ts';
import { instanceKeys } from '../security/instance-keys.ts';

export interface MoveResult {
  rows: Record<string, number>;
  audit: VerifyResult;
}

export async function moveInstance(
  source: DatabaseHandle,
  target: DatabaseHandle,
  auditChainKey: Buffer,
): Promise<MoveResult> {
  const held = await target.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(held.n) > 0) {
    throw new AppError('conflict', `the target (${target.description}) holds an instance already`);
  }
  const rows = await copyDatabase(source, target);
  const audit = await createAuditRepository(target.dialect, auditChainKey).verify(target.db);
  return { rows, audit };
}

/** Opens both databases (migrating each to the current schema), moves the instance, closes them. */
export async function moveInstanceBetween(
  from: DatabaseOptions & { secretKey: string | undefined },
  to: DatabaseOptions,
): Promise<MoveResult & { target: string }> {
  const { key } = resolveKey(from.secretKey, from.dataDir, !from.databaseUrl);
  const source = openDatabase(from);
  const target = openDatabase(to);
  try {
    await migrateToLatest(source, from.databaseSchema);
    await migrateToLatest(target, to.databaseSchema);
    return {
      ...(await moveInstance(source, target, instanceKeys(key).auditChain)),
      target: target.description,
    };
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}
