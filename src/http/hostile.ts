/**
 * Rejects strings that no honest form produces but that attack the people and programs reading
 * them later: control characters (log and terminal injection), NUL, unpaired surrogates (broken
 * UTF-16 that crashes encoders), and bidirectional overrides (text that reads differently from
 * what it says). Newlines and tabs in free text stay allowed.
 */
import { AppError } from '../domain/errors.ts';

const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function assertNoHostileStrings(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (FORBIDDEN.test(value) || LONE_SURROGATE.test(value)) {
      throw new AppError('hostile_input', `field ${path || '(body)'} contains forbidden characters`, {
        path,
      });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoHostileStrings(v, `${path}/${i}`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertNoHostileStrings(v, `${path}/${k}`);
  }
}
