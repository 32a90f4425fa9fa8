/**
 * Case numbers people can read aloud: `RD-` and eight characters of Crockford base32 (no I, L,
 * O, U), from random bytes so numbers reveal neither volume nor order. The caller supplies the
 * bytes because the domain has no source of randomness of its own.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function formatCaseNumber(random: Uint8Array): string {
  if (random.length < 8) throw new Error('need 8 random bytes');
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[random[i] & 31];
  return `RD-${code.slice(0, 4)}-${code.slice(4)}`;
}

export const CASE_NUMBER_PATTERN = '^RD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$';
