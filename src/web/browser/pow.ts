/**
 * Solves the server's proof-of-work challenge (see src/web/pow.ts) in the background: the
 * smallest nonce whose SHA-256 with the challenge starts with `bits` zero bits.
 */
function zeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const b of bytes) {
    if (b === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

export async function solve(challenge: string, bits: number): Promise<string> {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${nonce}`));
    if (zeroBits(new Uint8Array(digest)) >= bits) return String(nonce);
  }
}
