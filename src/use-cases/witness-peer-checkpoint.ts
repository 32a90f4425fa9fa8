/**
 * Keeps a checkpoint another Redress sent here to witness. The sender is authenticated by the
 * checkpoint's own signature: it must verify under the public key of a peer the operator listed
 * (REDRESS_AUDIT_WITNESS_FOR), so nobody else can fill this store, and a peer whose database
 * was rewritten cannot forge a new checkpoint without its instance secret.
 */
import { checkpointMessage, parseCheckpoint } from '../domain/audit-checkpoint.ts';
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { AuditCheckpointsRepository } from '../db/repositories/audit-checkpoints-repository.ts';
import type { TrustedPeer } from '../platform/audit-witness-config.ts';
import { verifySignature } from '../security/derived-keys.ts';

export async function witnessPeerCheckpoint(
  deps: {
    transact: Transact;
    checkpoints: AuditCheckpointsRepository;
    clock: Clock;
    peers: readonly TrustedPeer[];
  },
  document: unknown,
): Promise<{ peer: string; seq: number }> {
  const checkpoint = parseCheckpoint(document);
  if (!checkpoint) throw new AppError('invalid_input', 'the body is not an audit checkpoint');
  const message = checkpointMessage(checkpoint);
  const peer = deps.peers.find((p) => verifySignature(p.publicKey, message, checkpoint.signature));
  if (!peer)
    throw new AppError(
      'unauthenticated',
      'the checkpoint is not signed by a peer this instance witnesses for',
    );
  await deps.transact((trx) =>
    deps.checkpoints.insertWitnessed(trx, peer.name, checkpoint, deps.clock.now()),
  );
  return { peer: peer.name, seq: checkpoint.seq };
}
