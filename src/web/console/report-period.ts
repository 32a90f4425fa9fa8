/** The period of the Reports page from its query: two UTC days, the last 30 days by default. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface ReportPeriod {
  from: string;
  to: string;
  /** The instants covered (`to` inclusive), or none when the query is not a period. */
  range?: { from: Date; to: Date };
  problem?: string;
}

export function reportPeriod(query: Record<string, string>, now: Date): ReportPeriod {
  const to = query.to ?? now.toISOString().slice(0, 10);
  const from = query.from ?? new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    return { from: '', to: '', problem: 'Choose the first and the last day of the period.' };
  }
  const range = { from: new Date(`${from}T00:00:00.000Z`), to: new Date(`${to}T23:59:59.999Z`) };
  if (range.from > range.to) return { from, to, problem: 'The period must start before it ends.' };
  return { from, to, range };
}
