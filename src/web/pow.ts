/**
 * A self-hosted proof-of-work against floods of anonymous submissions (TIDA-G3), with no third
 * party: the server hands out a sealed challenge (AES-GCM through the service's cipher, so it
 * cannot be forged and needs no storage), the browser finds a nonce whose SHA-256 with the
 * challenge starts with `bits` zero bits, and each solved challenge is accepted once.
 * Submissions without a solution (no JavaScript) are still accepted, under a tighter per-address
 * limit, so a victim is never locked out for lacking a script.
 */
import crypto from 'node:crypto';
import type { Cipher } from '../security/cipher.ts';

const TTL_MS = 2 * 3_600_000;

export function leadingZeroBits(hashHex: string): number {
  let bits = 0;
  for (const ch of hashHex) {
    const n = parseInt(ch, 16);
    if (n === 0) {
      bits += 4;
      continue;
    }
    return bits + Math.clz32(n) - 28;
  }
  return bits;
}

export function createProofOfWork(cipher: Cipher, bits: number, now: () => Date) {
  const used = new Map<string, number>();
  return {
    bits,
    challenge(): string {
      const body = { id: crypto.randomUUID(), exp: now().getTime() + TTL_MS, bits };
      return cipher.seal(JSON.stringify(body));
    },
    /** True once per challenge when the nonce solves it in time. */
    verify(challenge: string, nonce: string): boolean {
      if (!challenge || !nonce || nonce.length > 32) return false;
      let body: { id: string; exp: number; bits: number };
      try {
        body = JSON.parse(cipher.open(challenge)) as typeof body;
      } catch {
        return false;
      }
      const t = now().getTime();
      if (body.exp < t || used.has(body.id)) return false;
      const hash = crypto.createHash('sha256').update(`${challenge}:${nonce}`).digest('hex');
      if (leadingZeroBits(hash) < body.bits) return false;
      for (const [id, exp] of used) if (exp < t) used.delete(id);
      used.set(body.id, body.exp);
      return true;
    },
  };
}

/** Counts unproven submissions per address in a sliding ten-minute window. */
export function createUnprovenLimiter(max: number, now: () => Date) {
  const WINDOW = 10 * 60_000;
  const seen = new Map<string, number[]>();
  return {
    allow(address: string): boolean {
      if (max === 0) return true;
      const t = now().getTime();
      const recent = (seen.get(address) ?? []).filter((at) => at > t - WINDOW);
      if (recent.length >= max) {
        seen.set(address, recent);
        return false;
      }
      recent.push(t);
      seen.set(address, recent);
      if (seen.size > 10_000)
        for (const [k, v] of seen) if (v.every((at) => at <= t - WINDOW)) seen.delete(k);
      return true;
    },
  };
}
