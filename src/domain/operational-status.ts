/**
 * How healthy a node is, judged from plain facts. Readiness (may this node take traffic?) fails
 * only on what this node cannot serve without: its database and its bank index, whose load
 * takes seconds on a large bank. A stalled worker, overdue requests or failing jobs are alerts:
 * they are instance-wide, so failing every node's readiness for them would take the whole
 * service down instead of paging someone. The console shows the same alerts as a banner.
 */
/** What the shared tables say, read in one snapshot by the operations repository. */
export interface OperationsSnapshot {
  lastWorkerBeatAt: string | null;
  dueJobs: number;
  oldestDueJobAt: string | null;
  failedJobs: number;
  emailsWaiting: number;
  /** Minors' cases whose CyberTipline report NCMEC has not yet accepted (A4). */
  cybertiplineWaiting: number;
  openRequests: number;
  overdueRequests: number;
  /** Open requests that have reached each escalation stage (a request counts once per stage). */
  openByStage: Record<string, number>;
  bankChangeSeq: number;
}

export interface IndexFacts {
  loaded: boolean;
  hashes: number;
  /** The change-log sequence the index has applied. */
  appliedSeq: number;
}

export type OperationalAlert =
  'requests_overdue' | 'worker_stalled' | 'jobs_failing' | 'cybertipline_waiting';

export interface OperationalStatus {
  ready: boolean;
  checks: {
    database: 'ok' | 'unreachable';
    bankIndex: { status: 'ok' | 'loading'; hashes: number; behind: number };
    worker: { status: 'ok' | 'stalled' | 'none'; lastBeatAgeSeconds: number | null };
    jobs: { due: number; oldestDueAgeSeconds: number | null; failed: number };
    requests: { open: number; overdue: number; byStage: Record<string, number> };
    emailsWaiting: number;
    cybertiplineWaiting: number;
  };
  alerts: OperationalAlert[];
}

/** A worker beats at every pass (about once a second); a minute of silence is a stall. */
export const WORKER_STALLED_AFTER_MS = 60_000;

const ageSeconds = (iso: string | null, now: Date) =>
  iso === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));

export function judgeOperationalStatus(
  facts: { database: OperationsSnapshot | null; index: IndexFacts },
  now: Date,
): OperationalStatus {
  const ops = facts.database;
  const beatAge = ageSeconds(ops?.lastWorkerBeatAt ?? null, now);
  const worker = beatAge === null ? 'none' : beatAge * 1000 > WORKER_STALLED_AFTER_MS ? 'stalled' : 'ok';
  const alerts: OperationalAlert[] = [];
  if (ops && ops.overdueRequests > 0) alerts.push('requests_overdue');
  if (worker !== 'ok' && ops && (ops.dueJobs > 0 || worker === 'stalled')) alerts.push('worker_stalled');
  if (ops && ops.failedJobs > 0) alerts.push('jobs_failing');
  if (ops && ops.cybertiplineWaiting > 0) alerts.push('cybertipline_waiting');
  return {
    ready: ops !== null && facts.index.loaded,
    checks: {
      database: ops ? 'ok' : 'unreachable',
      bankIndex: {
        status: facts.index.loaded ? 'ok' : 'loading',
        hashes: facts.index.hashes,
        behind: ops && facts.index.loaded ? Math.max(0, ops.bankChangeSeq - facts.index.appliedSeq) : 0,
      },
      worker: { status: worker, lastBeatAgeSeconds: beatAge },
      jobs: {
        due: ops?.dueJobs ?? 0,
        oldestDueAgeSeconds: ageSeconds(ops?.oldestDueJobAt ?? null, now),
        failed: ops?.failedJobs ?? 0,
      },
      requests: {
        open: ops?.openRequests ?? 0,
        overdue: ops?.overdueRequests ?? 0,
        byStage: ops?.openByStage ?? {},
      },
      emailsWaiting: ops?.emailsWaiting ?? 0,
      cybertiplineWaiting: ops?.cybertiplineWaiting ?? 0,
    },
    alerts,
  };
}
