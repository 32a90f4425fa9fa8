/**
 * Signed checkpoints of the audit chain's head: those this instance made (its own record; the
 * copies that count sit with witnesses outside the database) and those peers sent here to keep.
 * Writes are idempotent: a checkpoint is keyed by its sequence number (and peer).
 */
import type { Checkpoint } from '../../domain/audit-checkpoint.ts';
import type { Executor } from '../database.ts';
import type { AuditCheckpointsTable } from '../schema-audit-witness.ts';

const toCheckpoint = (r: AuditCheckpointsTable): Checkpoint => ({
  seq: Number(r.seq),
  headHash: r.head_hash,
  at: r.made_at,
  keyId: r.key_id,
  signature: r.signature,
});

const toRow = (c: Checkpoint): AuditCheckpointsTable => ({
  seq: c.seq,
  head_hash: c.headHash,
  made_at: c.at,
  key_id: c.keyId,
  signature: c.signature,
});

export const auditCheckpointsRepository = {
  /** The chain's head as last committed. */
  async head(ex: Executor): Promise<{ seq: number; hash: string }> {
    const h = await ex
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(h.seq), hash: h.hash };
  },

  async latest(ex: Executor): Promise<Checkpoint | undefined> {
    const r = await ex
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && toCheckpoint(r);
  },

  /** True when this checkpoint is new (another worker may have made the same one). */
  async insert(ex: Executor, c: Checkpoint): Promise<boolean> {
    const result = await ex
      .insertInto('audit_checkpoints')
      .values(toRow(c))
      .onConflict((oc) => oc.column('seq').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  async insertWitnessed(ex: Executor, peer: string, c: Checkpoint, receivedAt: Date): Promise<void> {
    await ex
      .insertInto('audit_witnessed')
      .values({ ...toRow(c), peer, received_at: receivedAt.toISOString() })
      .onConflict((oc) => oc.columns(['peer', 'seq']).doNothing())
      .execute();
  },

  /** A peer's checkpoints, newest first. */
  async witnessed(ex: Executor, peer: string, limit: number): Promise<Checkpoint[]> {
    const rows = await ex
      .selectFrom('audit_witnessed')
      .selectAll()
      .where('peer', '=', peer)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toCheckpoint);
  },
};

export type AuditCheckpointsRepository = typeof auditCheckpointsRepository;
