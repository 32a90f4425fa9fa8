/**
 * The append-only, hash-chained audit log (TIDA-H1). `append` locks the chain head, links the new
 * event to the previous hash and moves the head, all inside the caller's transaction. Nothing
 * here updates or deletes an event. `verify` walks the chain and names the first event whose
 * hash, link or position is wrong.
 *
 * Hashes are HMAC-SHA-256 under a key derived from the instance secret, which lives outside the
 * database: someone who can write the database can no longer rewrite an event and recompute the
 * chain. Events written before the chain was keyed (below `audit_head.keyed_from`) keep their
 * unkeyed SHA-256 and still verify; an unkeyed event after a keyed one, or at or past
 * `keyed_from`, is a rewrite. A dropped tail or an emptied log is found against signed
 * checkpoints (see use-cases/verify-audit-log.ts).
 */
import crypto from 'node:crypto';
import type { AuditEvent, StoredAuditEvent } from '../../domain/audit-events.ts';
import { GENESIS_HASH, chainPayload } from '../../domain/audit-events.ts';
import type { Dialect, Executor } from '../database.ts';

export interface AppendInput {
  requestId: string | null;
  actor: string;
  occurredAt: Date;
  event: AuditEvent;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Events from before the chain was keyed, verified by their unkeyed SHA-256. */
  unkeyed: number;
  firstBad?: { seq: number; id: string; problem: string };
}

/** A hash the chain must have at a sequence number (a signed checkpoint's head). */
export interface ExpectedHead {
  seq: number;
  hash: string;
  /** Names it in the problem, e.g. "checkpoint made 2026-12-04T10:00:00Z". */
  label: string;
}

const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

export function createAuditRepository(dialect: Dialect, chainKey: Buffer) {
  const keyed = (s: string): string => crypto.createHmac('sha256', chainKey).update(s).digest('hex');

  async function lockHead(ex: Executor): Promise<{ seq: number; hash: string }> {
    let q = ex.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
    if (dialect === 'postgres') q = q.forUpdate();
    const head = await q.executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }

  return {
    async append(ex: Executor, inputs: AppendInput | AppendInput[]): Promise<StoredAuditEvent[]> {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      let head = await lockHead(ex);
      const stored: StoredAuditEvent[] = [];
      for (const input of list) {
        const base = {
          seq: head.seq + 1,
          id: crypto.randomUUID(),
          requestId: input.requestId,
          type: input.event.type,
          version: input.event.version,
          actor: input.actor,
          occurredAt: input.occurredAt.toISOString(),
          data: input.event.data as unknown,
          prevHash: head.hash,
        };
        const event: StoredAuditEvent = { ...base, hash: keyed(chainPayload(base)) };
        stored.push(event);
        head = { seq: event.seq, hash: event.hash };
      }
      await ex
        .insertInto('audit_events')
        .values(
          stored.map((e) => ({
            seq: e.seq,
            id: e.id,
            request_id: e.requestId,
            type: e.type,
            version: e.version,
            actor: e.actor,
            occurred_at: e.occurredAt,
            data: JSON.stringify(e.data),
            prev_hash: e.prevHash,
            hash: e.hash,
          })),
        )
        .execute();
      await ex
        .updateTable('audit_head')
        .set({ seq: head.seq, hash: head.hash })
        .where('id', '=', 1)
        .execute();
      return stored;
    },

    async list(ex: Executor, filter: { requestId?: string; afterSeq?: number; limit?: number } = {}) {
      let q = ex.selectFrom('audit_events').selectAll().orderBy('seq');
      if (filter.requestId) q = q.where('request_id', '=', filter.requestId);
      if (filter.afterSeq !== undefined) q = q.where('seq', '>', filter.afterSeq);
      if (filter.limit) q = q.limit(filter.limit);
      const rows = await q.execute();
      return rows.map((r): StoredAuditEvent => ({
        seq: Number(r.seq),
        id: r.id,
        requestId: r.request_id,
        type: r.type,
        version: Number(r.version),
        actor: r.actor,
        occurredAt: r.occurred_at,
        data: JSON.parse(r.data) as unknown,
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
    },

    /** Walks the whole chain in pages; stops at the first inconsistency. */
    async verify(ex: Executor, expected?: ExpectedHead): Promise<VerifyResult> {
      const start = await ex
        .selectFrom('audit_head')
        .select('keyed_from')
        .where('id', '=', 1)
        .executeTakeFirst();
      const keyedFrom = Number(start?.keyed_from ?? 1);
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let unkeyed = 0;
      let last: StoredAuditEvent | undefined;
      for (;;) {
        const page = await this.list(ex, { afterSeq: expectedSeq - 1, limit: 1000 });
        if (page.length === 0) break;
        for (const e of page) {
          const bad = (problem: string): VerifyResult => ({
            ok: false,
            checked: e.seq - 1,
            unkeyed,
            firstBad: { seq: e.seq, id: e.id, problem },
          });
          if (e.seq !== expectedSeq) {
            const problem = `missing (removed); the chain continues at #${e.seq}`;
            return {
              ok: false,
              checked: expectedSeq - 1,
              unkeyed,
              firstBad: { seq: expectedSeq, id: '(missing)', problem },
            };
          }
          if (e.prevHash !== prevHash)
            return bad('does not link to the previous event (removed or reordered)');
          const { hash, ...rest } = e;
          const payload = chainPayload(rest);
          if (keyed(payload) !== hash) {
            const plain = sha256(payload) === hash;
            if (!plain) return bad('content does not match its keyed hash (altered)');
            if (e.seq >= keyedFrom || unkeyed !== e.seq - 1)
              return bad(
                `rewritten: hashed without the instance key, but the chain is keyed from #${keyedFrom}`,
              );
            unkeyed++;
          }
          if (expected && e.seq === expected.seq && hash !== expected.hash)
            return bad(`rewritten: its hash differs from the one in the ${expected.label}`);
          prevHash = hash;
          expectedSeq++;
          last = e;
        }
      }
      const head = await ex
        .selectFrom('audit_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .executeTakeFirst();
      if (!head || Number(head.seq) !== (last?.seq ?? 0) || head.hash !== prevHash) {
        const seq = (last?.seq ?? 0) + 1;
        return {
          ok: false,
          checked: last?.seq ?? 0,
          unkeyed,
          firstBad: {
            seq,
            id: '(missing)',
            problem: `chain ends at #${seq - 1} but head says #${head?.seq}`,
          },
        };
      }
      return { ok: true, checked: last?.seq ?? 0, unkeyed };
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
