/**
 * Keys derived from the instance's secret key, one per purpose, so the operator keeps a single
 * secret outside the database while each use (keying the audit chain, digests of submissions,
 * signing checkpoints and published feeds) gets a key of its own: learning one never reveals
 * another, and none of them can decrypt personal data.
 *
 * Derivation is HKDF-SHA-256 with a purpose label; the label carries a version, so a purpose's key
 * can be rotated by bumping it while the old version stays derivable for verification.
 */
import crypto from 'node:crypto';

/** A 32-byte key for one named purpose, e.g. `deriveKey(secret, 'audit-chain/v1')`. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), `redress:${purpose}`, 32));
}

export interface SigningKey {
  /** The label the key was derived for, e.g. `instance-signing/v1`; published with signatures. */
  readonly keyId: string;
  /** The public key as raw 32 bytes in base64url, the form shared with witnesses and subscribers. */
  readonly publicKey: string;
  sign(message: Buffer | string): string;
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
// SPKI DER prefix of an Ed25519 public key; the 32 raw bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The instance's Ed25519 key for a purpose and version, deterministic from the secret. */
export function deriveSigningKey(secret: Buffer, keyId = 'instance-signing/v1'): SigningKey {
  const seed = deriveKey(secret, keyId);
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = spki.subarray(ED25519_SPKI_PREFIX.length).toString('base64url');
  return {
    keyId,
    publicKey,
    sign: (message) => crypto.sign(null, Buffer.from(message), privateKey).toString('base64url'),
  };
}

/** Checks an Ed25519 signature made by `SigningKey.sign` against a base64url public key. */
export function verifySignature(publicKey: string, message: Buffer | string, signature: string): boolean {
  try {
    const raw = Buffer.from(publicKey, 'base64url');
    if (raw.length !== 32) return false;
    const key = crypto.createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
      format: 'der',
      type: 'spki',
    });
    return crypto.verify(null, Buffer.from(message), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
