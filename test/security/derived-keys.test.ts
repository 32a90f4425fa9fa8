import { describe, expect, it } from 'vitest';
import { deriveKey, deriveSigningKey, verifySignature } from '../../src/security/derived-keys.ts';

const secret = Buffer.alloc(32, 7);

describe('keys derived from the instance secret', () => {
  it('gives each purpose its own key, the same every time', () => {
    expect(deriveKey(secret, 'a/v1').equals(deriveKey(secret, 'a/v1'))).toBe(true);
    expect(deriveKey(secret, 'a/v1').equals(deriveKey(secret, 'b/v1'))).toBe(false);
    expect(deriveKey(Buffer.alloc(32, 8), 'a/v1').equals(deriveKey(secret, 'a/v1'))).toBe(false);
  });

  it('signs with Ed25519 so that only the untouched message verifies', () => {
    const key = deriveSigningKey(secret);
    const signature = key.sign('checkpoint 12');
    expect(verifySignature(key.publicKey, 'checkpoint 12', signature)).toBe(true);
    expect(verifySignature(key.publicKey, 'checkpoint 13', signature)).toBe(false);
    expect(
      verifySignature(deriveSigningKey(secret, 'instance-signing/v2').publicKey, 'checkpoint 12', signature),
    ).toBe(false);
    expect(verifySignature('not-a-key', 'checkpoint 12', signature)).toBe(false);
  });
});
