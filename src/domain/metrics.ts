/**
 * Service-level figures for the 48-hour duty (TIDA-H2) and the counts a transparency report
 * needs (H3): time to acknowledge, decide and remove (median and p95, in hours), the share of
 * removals within 48 hours, and requests by legal basis and status. Pure: it takes plain
 * request facts and never sees a URL or personal data.
 */
export interface RequestFacts {
  legalBasis: string;
  status: string;
  receivedAt: string;
  validatedAt: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  deadlineAt: string;
  minorInvolved: boolean;
}

export interface Distribution {
  count: number;
  medianHours: number | null;
  p95Hours: number | null;
}

export interface SlaMetrics {
  requests: number;
  byLegalBasis: Record<string, number>;
  byStatus: Record<string, number>;
  acknowledge: Distribution;
  decide: Distribution;
  remove: Distribution;
  removedWithin48h: { removed: number; inTime: number; share: number | null };
  openPastDeadline: number;
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, idx)] * 100) / 100;
}

function distribution(hours: number[]): Distribution {
  const sorted = [...hours].sort((a, b) => a - b);
  return { count: sorted.length, medianHours: quantile(sorted, 0.5), p95Hours: quantile(sorted, 0.95) };
}

const hoursBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const CLOSED_BY_REMOVAL = ['removed', 'partially_removed'];
const OPEN = ['received', 'incomplete', 'in_review', 'legal_review', 'approved'];

export function slaMetrics(facts: readonly RequestFacts[], now: Date): SlaMetrics {
  const tally = (key: (f: RequestFacts) => string) =>
    facts.reduce<Record<string, number>>((acc, f) => ({ ...acc, [key(f)]: (acc[key(f)] ?? 0) + 1 }), {});
  const removed = facts.filter((f) => CLOSED_BY_REMOVAL.includes(f.status) && f.closedAt);
  const inTime = removed.filter((f) => (f.closedAt as string) <= f.deadlineAt).length;
  return {
    requests: facts.length,
    byLegalBasis: tally((f) => f.legalBasis),
    byStatus: tally((f) => f.status),
    acknowledge: distribution(
      facts.filter((f) => f.validatedAt).map((f) => hoursBetween(f.receivedAt, f.validatedAt!)),
    ),
    decide: distribution(
      facts.filter((f) => f.decidedAt).map((f) => hoursBetween(f.receivedAt, f.decidedAt!)),
    ),
    remove: distribution(removed.map((f) => hoursBetween(f.receivedAt, f.closedAt!))),
    removedWithin48h: {
      removed: removed.length,
      inTime,
      share: removed.length ? Math.round((inTime / removed.length) * 1000) / 1000 : null,
    },
    openPastDeadline: facts.filter((f) => OPEN.includes(f.status) && f.deadlineAt < now.toISOString()).length,
  };
}
