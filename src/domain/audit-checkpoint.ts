/**
 * A checkpoint of the audit chain: the head's sequence number and hash at a time, signed with the
 * instance's Ed25519 checkpoint key. Copies held by witnesses outside the database (a file on
 * another volume, a webhook, another Redress) are what make a dropped tail, a rewritten event or
 * an emptied log visible to `audit verify`: someone who can write the database cannot sign a
 * new checkpoint, nor reach the copies.
 */
import { canonicalJson } from './audit-events.ts';

export const CHECKPOINT_TYPE = 'redress.audit-checkpoint/v1';

export interface Checkpoint {
  seq: number;
  headHash: string;
  /** When it was made, ISO-8601. */
  at: string;
  /** The signing key's label, e.g. `audit-checkpoint/v1`. */
  keyId: string;
  /** Ed25519 signature of `checkpointMessage`, base64url. */
  signature: string;
}

/** The bytes signed: the checkpoint's fields in canonical JSON, with its type. */
export function checkpointMessage(c: Omit<Checkpoint, 'signature'>): string {
  return canonicalJson({ type: CHECKPOINT_TYPE, seq: c.seq, headHash: c.headHash, at: c.at, keyId: c.keyId });
}

/** The form sent to witnesses and written to the witness file, one JSON object per line. */
export function checkpointDocument(c: Checkpoint, publicKey: string): Record<string, unknown> {
  return { type: CHECKPOINT_TYPE, ...c, publicKey };
}

/** A checkpoint document's fields, or null when it is not one (signatures are checked apart). */
export function parseCheckpoint(value: unknown): Checkpoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const ok =
    v.type === CHECKPOINT_TYPE &&
    Number.isSafeInteger(v.seq) &&
    (v.seq as number) > 0 &&
    typeof v.headHash === 'string' &&
    /^[0-9a-f]{64}$/.test(v.headHash) &&
    typeof v.at === 'string' &&
    !Number.isNaN(Date.parse(v.at)) &&
    typeof v.keyId === 'string' &&
    v.keyId.length <= 100 &&
    typeof v.signature === 'string' &&
    /^[\w-]{86}$/.test(v.signature);
  if (!ok) return null;
  return {
    seq: v.seq as number,
    headHash: v.headHash as string,
    at: v.at as string,
    keyId: v.keyId as string,
    signature: v.signature as string,
  };
}

export interface CheckpointPolicy {
  everyMinutes: number;
  everyEvents: number;
}

/** A new checkpoint is due when the head moved, and either enough events or enough time passed. */
export function checkpointDue(
  last: { seq: number; at: string } | undefined,
  headSeq: number,
  now: Date,
  policy: CheckpointPolicy,
): boolean {
  if (headSeq === 0 || (last && headSeq <= last.seq)) return false;
  if (!last) return true;
  return (
    headSeq - last.seq >= policy.everyEvents ||
    now.getTime() - Date.parse(last.at) >= policy.everyMinutes * 60_000
  );
}

/** The newest of the checkpoints, by sequence number. */
export function latestCheckpoint<T extends { seq: number }>(list: readonly T[]): T | undefined {
  return list.reduce<T | undefined>((best, c) => (!best || c.seq > best.seq ? c : best), undefined);
}
