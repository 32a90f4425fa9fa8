/**
 * The signature of a federation feed page: Ed25519 over the canonical JSON of the page without its
 * `signature` field (so key order and whitespace in transit do not matter, and any changed value
 * does). The page names the key that signed it; a subscriber accepts only the keys it listed,
 * which is how a publisher rotates: it publishes the new key id, subscribers add it, then the
 * publisher signs with it while the old one stays listed for verification.
 */
import { canonicalJson } from '../domain/audit-events.ts';
import type { SigningKey } from './derived-keys.ts';
import { verifySignature } from './derived-keys.ts';

export interface SignedPage {
  keyId: string;
  signature: string;
  [field: string]: unknown;
}

export function signPage<T extends Record<string, unknown>>(page: T, key: SigningKey): T & SignedPage {
  const unsigned = { ...page, keyId: key.keyId };
  return { ...unsigned, signature: key.sign(canonicalJson(unsigned)) };
}

/** Why a page is refused, or null when one of `keys` signed exactly this content. */
export function pageRefusal(
  page: unknown,
  keys: ReadonlyArray<{ keyId: string; publicKey: string }>,
): string | null {
  if (page === null || typeof page !== 'object' || Array.isArray(page))
    return 'the page is not a JSON object';
  const { signature, ...unsigned } = page as Record<string, unknown>;
  if (typeof signature !== 'string' || signature === '') return 'the page is not signed';
  const key = keys.find((k) => k.keyId === unsigned.keyId);
  if (!key) return `the page is signed with key "${String(unsigned.keyId)}", which is not accepted`;
  return verifySignature(key.publicKey, canonicalJson(unsigned), signature)
    ? null
    : 'the signature does not match the page (altered in transit, or another key)';
}
