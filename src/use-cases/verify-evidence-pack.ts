/**
 * `redress evidence verify FILE`, offline: the file must be byte for byte the form its content
 * serialises to, the Ed25519 signature must verify against the public key in the pack (and,
 * when the verifier names one, that key must be the one it trusts), the chain proof must link
 * every audit event of the case to the head it names, and a checkpoint in it must be signed.
 */
import { checkpointMessage } from '../domain/audit-checkpoint.ts';
import {
  EVIDENCE_PACK_TYPE,
  chainProofProblems,
  packMessage,
  serialisePack,
} from '../domain/evidence-pack.ts';
import type { EvidencePack } from '../domain/evidence-pack.ts';
import type { StoredAuditEvent } from '../domain/audit-events.ts';
import { verifySignature } from '../security/derived-keys.ts';

export interface PackVerification {
  ok: boolean;
  problems: string[];
  pack?: EvidencePack;
}

export function verifyEvidencePack(text: string, trustedPublicKey?: string): PackVerification {
  let pack: EvidencePack;
  try {
    pack = JSON.parse(text) as EvidencePack;
  } catch {
    return { ok: false, problems: ['the file is not valid JSON (altered or truncated)'] };
  }
  if (pack?.type !== EVIDENCE_PACK_TYPE || typeof pack.signature !== 'string' || !pack.signer)
    return { ok: false, problems: [`the file is not an evidence pack (${EVIDENCE_PACK_TYPE})`] };
  const problems: string[] = [];
  const expected = serialisePack(pack);
  if (expected !== text) {
    let at = 0;
    while (at < text.length && text[at] === expected[at]) at++;
    problems.push(`the file differs from its signed form at byte ${at} (altered or re-saved)`);
  }
  if (!verifySignature(pack.signer.publicKey, packMessage(pack), pack.signature))
    problems.push('the signature does not match the content (altered, or not signed by the key in the pack)');
  if (trustedPublicKey !== undefined && trustedPublicKey !== pack.signer.publicKey)
    problems.push('the pack is signed by a different key than the one you trust (--public-key)');
  const proof = pack.chainProof;
  if (proof) {
    const events = ((pack.content as { auditEvents?: StoredAuditEvent[] }).auditEvents ?? []).filter(
      (e) => typeof e === 'object' && e !== null,
    );
    try {
      problems.push(...chainProofProblems(events, proof));
    } catch {
      problems.push('the chain proof is malformed');
    }
    const c = proof.checkpoint;
    if (c && !verifySignature(c.publicKey, checkpointMessage(c), c.signature))
      problems.push(`the checkpoint of #${c.seq} is not validly signed`);
  }
  return { ok: problems.length === 0, problems, pack };
}
