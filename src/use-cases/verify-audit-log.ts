/**
 * Verifies the audit log (TIDA-H1): the keyed hash chain, then the chain against the latest
 * signed checkpoint it can obtain (the witness files it is given, and the database's own record).
 * A checkpoint counts only if its signature verifies under this instance's checkpoint key, so a
 * forged one changes nothing. Names the gap: an altered or rewritten event, a missing tail (the
 * head is behind a witnessed checkpoint), or everything deleted.
 */
import { checkpointMessage, latestCheckpoint } from '../domain/audit-checkpoint.ts';
import type { Checkpoint } from '../domain/audit-checkpoint.ts';
import type { Executor } from '../db/database.ts';
import type { AuditCheckpointsRepository } from '../db/repositories/audit-checkpoints-repository.ts';
import type { AuditRepository, VerifyResult } from '../db/repositories/audit-repository.ts';
import { verifySignature } from '../security/derived-keys.ts';

export interface WitnessedSource {
  /** Where these came from, for the report (a file name, `database`). */
  source: string;
  checkpoints: readonly Checkpoint[];
}

export interface AuditVerification extends VerifyResult {
  /** The checkpoint the chain was held against, if any. */
  checkpoint: { seq: number; at: string; source: string } | null;
  /** Checkpoints not signed by this instance's key (forged, or another instance's): ignored. */
  ignored: number;
}

export async function verifyAuditLog(
  deps: { db: Executor; audit: AuditRepository; checkpoints: AuditCheckpointsRepository; publicKey: string },
  witnessed: readonly WitnessedSource[],
): Promise<AuditVerification> {
  const own = await deps.checkpoints.latest(deps.db);
  const sources = [...witnessed, { source: 'database', checkpoints: own ? [own] : [] }];
  const all = sources.flatMap((s) => s.checkpoints.map((c) => ({ ...c, source: s.source })));
  const genuine = all.filter((c) => verifySignature(deps.publicKey, checkpointMessage(c), c.signature));
  const latest = latestCheckpoint(genuine);
  const ignored = all.length - genuine.length;
  const checkpoint = latest ? { seq: latest.seq, at: latest.at, source: latest.source } : null;
  const label = latest && `checkpoint of #${latest.seq} made ${latest.at} (${latest.source})`;
  const result = await deps.audit.verify(
    deps.db,
    latest && label ? { seq: latest.seq, hash: latest.headHash, label } : undefined,
  );
  if (!result.ok || !latest || result.checked >= latest.seq) return { ...result, checkpoint, ignored };
  const end = result.checked;
  const problem =
    end === 0
      ? `everything deleted: the log holds no events, but the ${label} witnessed #${latest.seq}`
      : `missing tail: the log ends at #${end}, but the ${label} witnessed #${latest.seq}; events #${end + 1} to #${latest.seq} were removed`;
  return {
    ...result,
    ok: false,
    checkpoint,
    ignored,
    firstBad: { seq: end + 1, id: '(missing)', problem },
  };
}
