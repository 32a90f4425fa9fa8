/**
 * What someone with write access to the database but without the instance key can do to the
 * audit chain: recompute every hash from an event on with the unkeyed SHA-256 and move the head.
 */
import crypto from 'node:crypto';
import type { Executor } from '../../src/db/database.ts';
import { chainPayload, GENESIS_HASH } from '../../src/domain/audit-events.ts';
import type { Runtime } from '../../src/runtime.ts';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export async function recomputeUnkeyed(rt: Runtime, db: Executor, fromSeq: number): Promise<void> {
  const events = await rt.repos.audit.list(db);
  let prev = events.find((e) => e.seq === fromSeq - 1)?.hash ?? GENESIS_HASH;
  for (const e of events.filter((x) => x.seq >= fromSeq)) {
    const hash = sha256(chainPayload({ ...e, prevHash: prev }));
    await db.updateTable('audit_events').set({ prev_hash: prev, hash }).where('seq', '=', e.seq).execute();
    prev = hash;
  }
  await db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}
