/**
 * Reads behind evidence packs: the audit chain's links (sequence, previous hash, hash, nothing
 * else) from a point to the head, a case's copy findings with the platform's ids, and the
 * requests received in a date range.
 */
import type { Executor } from '../database.ts';
import type { ChainLink } from '../../domain/evidence-pack.ts';

export const evidenceRepository = {
  async chainLinks(ex: Executor, fromSeq: number): Promise<ChainLink[]> {
    const rows = await ex
      .selectFrom('audit_events')
      .select(['seq', 'prev_hash', 'hash'])
      .where('seq', '>=', fromSeq)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash }));
  },

  async findings(ex: Executor, requestId: string) {
    return ex
      .selectFrom('copy_findings as f')
      .leftJoin('content_items as c', 'c.id', 'f.content_item_id')
      .selectAll('f')
      .select('c.platform_item_id')
      .where('f.request_id', '=', requestId)
      .orderBy('f.created_at')
      .orderBy('f.id')
      .execute();
  },

  async receivedBetween(ex: Executor, from: string, to: string) {
    return ex
      .selectFrom('requests')
      .selectAll()
      .where('received_at', '>=', from)
      .where('received_at', '<=', to)
      .orderBy('received_at')
      .orderBy('id')
      .execute();
  },
};

export type EvidenceRepository = typeof evidenceRepository;
