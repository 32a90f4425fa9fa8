/**
 * The keys the service derives from its instance secret, one per purpose, named in one place so
 * every label is visible (and versioned) together. The secret lives outside the database (the
 * data folder's key file or REDRESS_SECRET_KEY), so someone who can only write the database can
 * neither recompute the audit chain, sign a checkpoint, nor mint a login form token.
 */
import { deriveKey, deriveSigningKey } from './derived-keys.ts';
import type { SigningKey } from './derived-keys.ts';

export interface InstanceKeys {
  /** HMAC key of the audit hash chain. */
  readonly auditChain: Buffer;
  /** Ed25519 key that signs checkpoints of the audit chain's head for witnesses. */
  readonly checkpointSigner: SigningKey;
  /** Ed25519 key that signs evidence packs (`redress evidence`), checked offline by regulators. */
  readonly evidenceSigner: SigningKey;
  /** HMAC key of the login form's anti-forgery token. */
  readonly loginCsrf: Buffer;
  /** HMAC key that names accounts and addresses in the sign-in failure counters. */
  readonly loginThrottle: Buffer;
}

export function instanceKeys(secret: Buffer): InstanceKeys {
  return {
    auditChain: deriveKey(secret, 'audit-chain/v1'),
    checkpointSigner: deriveSigningKey(secret, 'audit-checkpoint/v1'),
    evidenceSigner: deriveSigningKey(secret, 'evidence/v1'),
    loginCsrf: deriveKey(secret, 'login-csrf/v1'),
    loginThrottle: deriveKey(secret, 'login-throttle/v1'),
  };
}
