/**
 * Tells "the database cannot be reached right now" (a dropped connection, a PostgreSQL restart or
 * shutdown, a refused or timed-out connect) from every other failure. Such a failure is nobody's
 * fault and passes: requests answer 503 with Retry-After, and background loops back off and try
 * again, instead of the process treating it as a bug.
 */

/** SQLSTATEs of a connection lost or refused: class 08, and the server shutting down or starting. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** What node-postgres says when a socket ends or a connect times out (these carry no code). */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

/** How long a client should wait before trying again, in seconds (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true;
    if (UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code)) return true;
  }
  if (typeof message === 'string' && DRIVER_MESSAGES.test(message)) return true;
  // A refused connect to a name with two addresses is an AggregateError of both attempts.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/**
 * The delay before a background loop's next attempt after `failures` failed ones in a row:
 * doubling from `baseMs`, capped at `maxMs`.
 */
export function retryDelayMs(failures: number, baseMs: number, maxMs = 30_000): number {
  if (failures <= 0) return baseMs;
  return Math.min(baseMs * 2 ** Math.min(failures, 16), maxMs);
}
