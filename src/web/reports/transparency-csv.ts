/**
 * The transparency report as CSV, one figure per row (`section,metric,key,value`), for
 * spreadsheets and for the templates regulators supply. Keys are the stable codes.
 */
import type { TransparencyReport } from '../../domain/transparency.ts';

const cell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function transparencyCsv(r: TransparencyReport): string {
  const rows: Array<[string, string, string, string | number | null]> = [
    ['period', 'from', '', r.from],
    ['period', 'to', '', r.to],
    ['requests', 'total', '', r.requests.total],
    ['requests', 'minor_involved', '', r.requests.minorInvolved],
  ];
  const counts = (section: string, metric: string, record: Record<string, number>) => {
    for (const [key, n] of Object.entries(record)) rows.push([section, metric, key, n]);
  };
  counts('requests', 'legal_basis', r.requests.byLegalBasis);
  counts('requests', 'channel', r.requests.byChannel);
  counts('requests', 'outcome', r.requests.byOutcome);
  counts('requests', 'rejection_reason', r.requests.rejectionReasons);
  for (const step of ['acknowledge', 'decide', 'remove'] as const) {
    const d = r.timing[step];
    rows.push(['timing', step, 'count', d.count], ['timing', step, 'median_hours', d.medianHours]);
    rows.push(['timing', step, 'p95_hours', d.p95Hours]);
  }
  rows.push(['timing', 'removed_within_48h', 'removed', r.timing.removedWithin48h.removed]);
  rows.push(['timing', 'removed_within_48h', 'in_time', r.timing.removedWithin48h.inTime]);
  rows.push(['timing', 'removed_within_48h', 'share', r.timing.removedWithin48h.share]);
  for (const w of r.weeks) {
    const week = w.weekStart.slice(0, 10);
    rows.push(['week', week, 'received', w.received], ['week', week, 'removed', w.removed]);
    rows.push(['week', week, 'removed_within_48h', w.removedWithin48h], ['week', week, 'share', w.share]);
  }
  for (const [key, n] of Object.entries(r.copies)) rows.push(['copies', key, '', n]);
  rows.push(['upload_blocks', 'total', '', r.uploadBlocks.total]);
  rows.push(['upload_blocks', 'exact', '', r.uploadBlocks.exact]);
  rows.push(['upload_blocks', 'perceptual', '', r.uploadBlocks.perceptual]);
  counts('upload_blocks', 'bank', r.uploadBlocks.byBank);
  for (const [key, n] of Object.entries(r.appeals)) rows.push(['appeals', key, '', n]);
  rows.push([
    'automated_means',
    'removed_without_human_review',
    '',
    r.automatedMeans.removedWithoutHumanReview,
  ]);
  rows.push(['automated_means', 'near_copies_reviewed', '', r.automatedMeans.nearCopiesReviewed]);
  rows.push(['automated_means', 'near_copy_precision', '', r.automatedMeans.nearCopyPrecision]);
  for (const h of r.removalsByHost) rows.push(['removals_by_site', 'host', h.host, h.removed]);
  return ['section,metric,key,value', ...rows.map((row) => row.map(cell).join(','))].join('\n') + '\n';
}
