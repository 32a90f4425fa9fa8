/**
 * Evidence packs: one signed JSON file answering a regulator about a case (or, without personal
 * data, about the process over a date range). The rules here are pure: the file's one exact form
 * (canonical key order, two-space indentation), the bytes the signature covers, and the check of
 * the chain proof that links the case's audit events to the log's head.
 *
 * Why the exact form matters: a signature over the parsed content alone would let whitespace be
 * changed unnoticed; requiring the file to be byte-for-byte the form its content serialises to
 * means any altered byte fails verification.
 *
 * What the chain proof can show offline: event hashes are keyed (HMAC under the instance's chain
 * key), so a verifier without the key cannot recompute them. It can check that each event of the
 * case sits at its place in one unbroken run of links (seq, previous hash, hash) up to the head the
 * pack names, and that a signed checkpoint's hash appears at its place in that run. The pack's
 * signature binds each event's content to its hash; the exporter verified the keyed chain first.
 */
import { canonicalJson } from './audit-events.ts';
import { AppError } from './errors.ts';

export const EVIDENCE_PACK_TYPE = 'redress.evidence-pack/v1';

export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface PackCheckpoint {
  seq: number;
  headHash: string;
  at: string;
  keyId: string;
  signature: string;
  publicKey: string;
}

export interface ChainProof {
  head: { seq: number; hash: string };
  /** Every link from the earliest event (or checkpoint) the pack relies on up to the head. */
  links: ChainLink[];
  /** The latest signed checkpoint of the chain, when one was made. */
  checkpoint: PackCheckpoint | null;
}

export interface EvidencePack {
  type: typeof EVIDENCE_PACK_TYPE;
  generatedAt: string;
  scope: { caseNumber: string } | { from: string; to: string };
  personalData: boolean;
  content: Record<string, unknown>;
  chainProof: ChainProof | null;
  signer: { keyId: string; publicKey: string };
  signature: string;
}

/** Rebuilds a value with its object keys sorted (undefined dropped), at every depth. */
function sorted(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sorted);
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => [k, sorted(obj[k])]),
  );
}

/** The one form an evidence pack is written in. */
export function serialisePack(pack: unknown): string {
  return `${JSON.stringify(sorted(pack), null, 2)}\n`;
}

/** The bytes the signature covers: everything but the signature, in canonical JSON. */
export function packMessage(pack: Omit<EvidencePack, 'signature'> | EvidencePack): string {
  const { signature: _omit, ...rest } = pack as EvidencePack;
  return canonicalJson(rest);
}

/** The links the proof needs: from the lowest seq among the events and the checkpoint, to the head. */
export function proofStart(eventSeqs: readonly number[], checkpointSeq: number | undefined): number {
  const all = [...eventSeqs, ...(checkpointSeq === undefined ? [] : [checkpointSeq])];
  return all.length === 0 ? Infinity : Math.min(...all);
}

/** What is wrong with the chain proof for these events; empty when it holds. */
export function chainProofProblems(
  events: ReadonlyArray<{ seq: number; prevHash: string; hash: string }>,
  proof: ChainProof,
): string[] {
  const problems: string[] = [];
  const bySeq = new Map<number, ChainLink>();
  proof.links.forEach((link, i) => {
    bySeq.set(link.seq, link);
    const before = proof.links[i - 1];
    if (before && link.seq !== before.seq + 1)
      problems.push(`the chain proof skips from event #${before.seq} to #${link.seq}`);
    else if (before && link.prevHash !== before.hash)
      problems.push(`event #${link.seq} does not link to event #${before.seq} in the chain proof`);
  });
  const last = proof.links.at(-1);
  if (events.length > 0 || proof.links.length > 0) {
    if (!last || last.seq !== proof.head.seq || last.hash !== proof.head.hash)
      problems.push(`the chain proof does not end at the head it names (#${proof.head.seq})`);
  }
  for (const e of events) {
    const link = bySeq.get(e.seq);
    if (!link) problems.push(`audit event #${e.seq} is not in the chain proof`);
    else if (link.hash !== e.hash || link.prevHash !== e.prevHash)
      problems.push(`audit event #${e.seq} does not match its place in the chain (altered)`);
  }
  const c = proof.checkpoint;
  if (c) {
    const link = bySeq.get(c.seq);
    if (!link) problems.push(`the checkpoint of #${c.seq} is not covered by the chain proof`);
    else if (link.hash !== c.headHash)
      problems.push(`the chain proof differs from the signed checkpoint of #${c.seq} made ${c.at}`);
  }
  return problems;
}

/** A date range from `YYYY-MM-DD` or ISO-8601 bounds; a bare end date includes its whole day. */
export function evidenceRange(from: string, to: string): { from: string; to: string } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const start = Date.parse(day.test(from) ? `${from}T00:00:00.000Z` : from);
  const end = Date.parse(day.test(to) ? `${to}T23:59:59.999Z` : to);
  if (Number.isNaN(start) || Number.isNaN(end))
    throw new AppError('invalid_input', 'dates must be YYYY-MM-DD or ISO-8601');
  if (end < start) throw new AppError('invalid_input', 'the range ends before it starts');
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}
