/**
 * Time left on the 48-hour clock and its escalation band (TIDA-D1, D2), shared by the server
 * (first render) and the browser bundle (live countdown), so both always agree. The band is
 * also spelled out in words: colour is never the only signal.
 */
export type Band = 'ok' | 'warn' | 'late' | 'over' | 'none';

export interface Countdown {
  band: Band;
  text: string;
}

const HOUR = 3_600_000;

function span(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `decisionHours`/`alarmHours` come from REDRESS_ESCALATION_HOURS. */
export function countdown(
  receivedAt: number,
  deadlineAt: number,
  now: number,
  decisionHours: number,
  alarmHours: number,
): Countdown {
  const left = deadlineAt - now;
  if (left <= 0) return { band: 'over', text: `OVERDUE by ${span(-left)}` };
  const elapsed = now - receivedAt;
  const band: Band = elapsed >= alarmHours * HOUR ? 'late' : elapsed >= decisionHours * HOUR ? 'warn' : 'ok';
  const label = band === 'late' ? 'Alarm: ' : band === 'warn' ? 'Due soon: ' : '';
  return { band, text: `${label}${span(left)} left` };
}
