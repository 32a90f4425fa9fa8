/**
 * Encryption of personal data at rest (TIDA-I1): requester contact details and statements are
 * sealed with AES-256-GCM before they reach the database. The stored form is
 * `v1:<base64 iv|tag|ciphertext>`; the version prefix names the key, so a later key rotation can
 * read old rows while writing new ones.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { deriveKey } from './derived-keys.ts';

export interface Cipher {
  seal(plain: string): string;
  open(sealed: string): string;
  /**
   * A keyed digest of personal data (HMAC-SHA-256 under a key derived from the instance secret):
   * stable for the same input, so records can be compared, but nobody without the secret can
   * confirm a guess (a plain SHA-256 of a submission would confirm a guessed email address).
   */
  fingerprint(plain: string): string;
}

export function parseKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('REDRESS_SECRET_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

export function createCipher(key: Buffer, version = 'v1'): Cipher {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  const fingerprintKey = deriveKey(key, 'submission-digest/v1');
  return {
    fingerprint: (plain) => crypto.createHmac('sha256', fingerprintKey).update(plain).digest('hex'),
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `${version}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const [v, b64] = sealed.split(':', 2);
      if (v !== version || !b64) throw new Error(`unknown key version "${v}"`);
      const raw = Buffer.from(b64, 'base64');
      const d = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/**
 * The key from configuration or, for the embedded database only, a key generated on first run
 * into `<dataDir>/secret.key` with 0600 permissions. PostgreSQL deployments must configure one:
 * a key on one machine's disk would strand the data of a shared database.
 */
export function resolveKey(
  secretKey: string | undefined,
  dataDir: string,
  embedded: boolean,
): { key: Buffer; generatedAt?: string; source: string } {
  if (secretKey) return { key: parseKey(secretKey), source: 'REDRESS_SECRET_KEY' };
  if (!embedded) throw new Error('REDRESS_SECRET_KEY is required when DATABASE_URL is set');
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return { key: parseKey(fs.readFileSync(file, 'utf8')), source: file };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generatedAt: file, source: file };
}
