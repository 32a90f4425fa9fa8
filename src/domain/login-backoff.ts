/**
 * Lockouts after failed sign-ins, counted separately per account and per address: guessing one
 * account's password locks that account (whatever address the guesses come from), and a flood
 * of failures from one address locks that address, without locking everyone else behind the
 * same proxy after a few typos. Each failure past the threshold doubles the lock, up to a cap;
 * a quiet spell forgets the count.
 */

export interface FailureRecord {
  failures: number;
  lastFailedAt: string;
  lockedUntil: string | null;
}

export interface BackoffPolicy {
  /** Failures in a row before the first lock. */
  threshold: number;
  baseMs: number;
  maxMs: number;
  /** A failure this long after the previous one starts the count again. */
  forgetAfterMs: number;
}

export const ACCOUNT_BACKOFF: BackoffPolicy = {
  threshold: 5,
  baseMs: 60_000,
  maxMs: 3_600_000,
  forgetAfterMs: 24 * 3_600_000,
};

export const ADDRESS_BACKOFF: BackoffPolicy = {
  threshold: 30,
  baseMs: 60_000,
  maxMs: 3_600_000,
  forgetAfterMs: 3_600_000,
};

/** When the lock ends, or null when there is none now. */
export function lockedUntil(record: FailureRecord | undefined, now: Date): Date | null {
  if (!record?.lockedUntil) return null;
  const until = new Date(record.lockedUntil);
  return until > now ? until : null;
}

export function afterFailure(
  record: FailureRecord | undefined,
  now: Date,
  policy: BackoffPolicy,
): FailureRecord {
  const fresh = !record || now.getTime() - Date.parse(record.lastFailedAt) > policy.forgetAfterMs;
  const failures = fresh ? 1 : record.failures + 1;
  const over = failures - policy.threshold;
  const lockMs = over >= 0 ? Math.min(policy.baseMs * 2 ** over, policy.maxMs) : 0;
  return {
    failures,
    lastFailedAt: now.toISOString(),
    lockedUntil: lockMs ? new Date(now.getTime() + lockMs).toISOString() : null,
  };
}
