/**
 * The transparency report over a period (TIDA-H2, H3, H4; DSA Art. 15 and 24): requests by legal
 * basis, channel and outcome; how fast they were acknowledged, decided and acted on, per week;
 * copies found and removed, automatically or by staff; upload blocks; appeals; the use of
 * automated means with an indicator of its accuracy; and removals per site. Pure: it takes plain
 * facts, never personal data, and keeps only the host of a removed item's address.
 */
import { slaMetrics } from './metrics.ts';
import type { Distribution, RequestFacts } from './metrics.ts';

export interface TransparencyFacts {
  requests: ReadonlyArray<RequestFacts & { channel: string; reasonCode: string | null }>;
  /** Addresses of the items removed in the period (only their hosts are kept). */
  removedItemUrls: readonly string[];
  findings: ReadonlyArray<{ status: string; matchKind: string }>;
  blocks: ReadonlyArray<{ matchKind: string; bank: string }>;
  appeals: ReadonlyArray<{ status: string }>;
}

export interface WeekFigures {
  /** Monday 00:00 UTC of the week. */
  weekStart: string;
  received: number;
  removed: number;
  removedWithin48h: number;
  share: number | null;
}

export interface TransparencyReport {
  from: string;
  to: string;
  requests: {
    total: number;
    byLegalBasis: Record<string, number>;
    byChannel: Record<string, number>;
    byOutcome: Record<string, number>;
    rejectionReasons: Record<string, number>;
    minorInvolved: number;
  };
  timing: {
    acknowledge: Distribution;
    decide: Distribution;
    remove: Distribution;
    removedWithin48h: { removed: number; inTime: number; share: number | null };
  };
  weeks: WeekFigures[];
  copies: {
    found: number;
    removedAutomatically: number;
    confirmedByStaff: number;
    dismissed: number;
    awaitingReview: number;
  };
  uploadBlocks: { total: number; exact: number; perceptual: number; byBank: Record<string, number> };
  appeals: { filed: number; upheld: number; overturned: number; open: number };
  automatedMeans: {
    description: string;
    /** Copies acted on without a person looking first: exact (cryptographic hash) matches only. */
    removedWithoutHumanReview: number;
    /** Near copies a person reviewed, and the share confirmed: the matcher's precision in use. */
    nearCopiesReviewed: number;
    nearCopyPrecision: number | null;
  };
  removalsByHost: Array<{ host: string; removed: number }>;
}

const EXACT_KINDS = new Set(['sha256', 'md5']);
const DAY = 86_400_000;

export const AUTOMATED_MEANS_DESCRIPTION =
  'Copies of removed images and videos are found by hash matching: exact copies (SHA-256 or MD5 of the ' +
  'file) are removed without review; perceptual matches (PDQ for images, vPDQ for videos) are sent to a ' +
  'person, who confirms or dismisses each one. Uploads are checked against the same hashes before they ' +
  'are published. Requests themselves are always decided by a person.';

const tally = <T>(items: readonly T[], key: (item: T) => string | null) =>
  items.reduce<Record<string, number>>((acc, item) => {
    const k = key(item);
    if (k !== null) acc[k] = (acc[k] ?? 0) + 1;
    return acc;
  }, {});

function weekStart(iso: string): string {
  const t = Date.parse(iso);
  const day = new Date(t).getUTCDay(); // 0 = Sunday
  const monday = Math.floor(t / DAY) * DAY - ((day + 6) % 7) * DAY;
  return new Date(monday).toISOString();
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase() || null;
  } catch {
    return null;
  }
}

export function transparencyReport(
  facts: TransparencyFacts,
  period: { from: Date; to: Date },
  now: Date,
): TransparencyReport {
  const sla = slaMetrics(facts.requests, now);
  const weeks = new Map<string, WeekFigures>();
  for (let t = Date.parse(weekStart(period.from.toISOString())); t <= period.to.getTime(); t += 7 * DAY) {
    const key = new Date(t).toISOString();
    weeks.set(key, { weekStart: key, received: 0, removed: 0, removedWithin48h: 0, share: null });
  }
  for (const r of facts.requests) {
    const week = weeks.get(weekStart(r.receivedAt));
    if (!week) continue;
    week.received++;
    if ((r.status === 'removed' || r.status === 'partially_removed') && r.closedAt) {
      week.removed++;
      if (r.closedAt <= r.deadlineAt) week.removedWithin48h++;
    }
  }
  for (const week of weeks.values()) {
    week.share = week.removed ? Math.round((week.removedWithin48h / week.removed) * 1000) / 1000 : null;
  }
  const findingsBy = tally(facts.findings, (f) => f.status);
  const confirmed = findingsBy.confirmed ?? 0;
  const dismissed = findingsBy.dismissed ?? 0;
  const exactBlocks = facts.blocks.filter((b) => EXACT_KINDS.has(b.matchKind)).length;
  const hosts = tally(facts.removedItemUrls, hostOf);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    requests: {
      total: facts.requests.length,
      byLegalBasis: sla.byLegalBasis,
      byChannel: tally(facts.requests, (r) => r.channel),
      byOutcome: sla.byStatus,
      rejectionReasons: tally(facts.requests, (r) => r.reasonCode),
      minorInvolved: facts.requests.filter((r) => r.minorInvolved).length,
    },
    timing: {
      acknowledge: sla.acknowledge,
      decide: sla.decide,
      remove: sla.remove,
      removedWithin48h: sla.removedWithin48h,
    },
    weeks: [...weeks.values()],
    copies: {
      found: facts.findings.length,
      removedAutomatically: findingsBy.auto_removed ?? 0,
      confirmedByStaff: confirmed,
      dismissed,
      awaitingReview: findingsBy.review ?? 0,
    },
    uploadBlocks: {
      total: facts.blocks.length,
      exact: exactBlocks,
      perceptual: facts.blocks.length - exactBlocks,
      byBank: tally(facts.blocks, (b) => b.bank),
    },
    appeals: {
      filed: facts.appeals.length,
      upheld: facts.appeals.filter((a) => a.status === 'upheld').length,
      overturned: facts.appeals.filter((a) => a.status === 'overturned').length,
      open: facts.appeals.filter((a) => a.status === 'open').length,
    },
    automatedMeans: {
      description: AUTOMATED_MEANS_DESCRIPTION,
      removedWithoutHumanReview: findingsBy.auto_removed ?? 0,
      nearCopiesReviewed: confirmed + dismissed,
      nearCopyPrecision:
        confirmed + dismissed ? Math.round((confirmed / (confirmed + dismissed)) * 1000) / 1000 : null,
    },
    removalsByHost: Object.entries(hosts)
      .map(([host, removed]) => ({ host, removed }))
      .sort((a, b) => b.removed - a.removed || a.host.localeCompare(b.host)),
  };
}
