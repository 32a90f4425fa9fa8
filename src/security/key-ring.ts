/**
 * The data-encryption key ring. Personal data is sealed with the newest key; a value names its
 * key by its `vN:` prefix, so values sealed with any key of the ring open, and a rotation can
 * re-seal rows while the service runs.
 *
 * Version 1 is the instance secret itself (the key every instance started with). Later versions
 * are random keys kept in the database's `data_keys` table, each sealed with a key derived from
 * the instance secret (`data-keys/v1`): every node and every backup holds the same ring, and the
 * ring is useless without the secret. The instance secret never changes in a rotation, so the
 * keys derived from it for other purposes (the audit chain's, the signing key) stay as they are.
 * Each process re-reads the table every KEY_RING_REFRESH_MS, which is how a rotation run by
 * another process reaches it.
 */
import crypto from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { createCipher } from './cipher.ts';
import type { Cipher } from './cipher.ts';
import { deriveKey } from './derived-keys.ts';

export const KEY_RING_REFRESH_MS = 2000;

export interface KeyRing extends Cipher {
  /** The version new values are sealed with. */
  readonly current: number;
  /** Re-reads the ring from the database. */
  refresh(ex: Executor): Promise<void>;
  /** Adds a new random key as the next version and makes it current here; returns its version. */
  addKey(ex: Executor, now: Date): Promise<number>;
}

export function createKeyRing(secret: Buffer): KeyRing {
  const wrap = createCipher(deriveKey(secret, 'data-keys/v1'), 'w1');
  const ciphers = new Map<string, Cipher>([['v1', createCipher(secret, 'v1')]]);
  let current = 1;
  const load = (rows: { version: number; key_sealed: string }[]) => {
    for (const row of rows) {
      const version = Number(row.version);
      if (!ciphers.has(`v${version}`)) {
        ciphers.set(
          `v${version}`,
          createCipher(Buffer.from(wrap.open(row.key_sealed), 'hex'), `v${version}`),
        );
      }
      current = Math.max(current, version);
    }
  };
  return {
    get current() {
      return current;
    },
    seal: (plain) => ciphers.get(`v${current}`)!.seal(plain),
    // Digests stay under the instance secret, so they compare across rotations.
    fingerprint: (plain) => ciphers.get('v1')!.fingerprint(plain),
    open(sealed) {
      const cipher = ciphers.get(sealed.slice(0, sealed.indexOf(':')));
      if (!cipher) throw new Error(`unknown key version "${sealed.split(':', 1)[0]}"`);
      return cipher.open(sealed);
    },
    async refresh(ex) {
      load(await ex.selectFrom('data_keys').select(['version', 'key_sealed']).execute());
    },
    async addKey(ex, now) {
      const newest = await ex
        .selectFrom('data_keys')
        .select((eb) => eb.fn.max('version').as('v'))
        .executeTakeFirst();
      const version = Math.max(1, Number(newest?.v ?? 1)) + 1;
      const key = crypto.randomBytes(32).toString('hex');
      await ex
        .insertInto('data_keys')
        .values({ version, key_sealed: wrap.seal(key), created_at: now.toISOString() })
        .execute();
      load([{ version, key_sealed: wrap.seal(key) }]);
      return version;
    },
  };
}
