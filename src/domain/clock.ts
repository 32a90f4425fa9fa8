/**
 * Time for the 48-hour duty (TIDA-D1) and its staged escalation (TIDA-D2). The clock is injected
 * everywhere so tests can run a simulated week in milliseconds; the stage rules are pure.
 * Hours are calendar hours: the statute counts 48 hours, not business hours.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to, for tests and simulations. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advanceMs(ms: number): void {
    this.current += ms;
  }
  advanceHours(hours: number): void {
    this.advanceMs(hours * 3_600_000);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}

export const DEADLINE_HOURS = 48;
const HOUR = 3_600_000;

export type EscalationStage = 'triage' | 'decision' | 'removal' | 'alarm' | 'overdue';
export const ESCALATION_STAGES: readonly EscalationStage[] = [
  'triage',
  'decision',
  'removal',
  'alarm',
  'overdue',
];

export interface StageHours {
  readonly triage: number;
  readonly decision: number;
  readonly removal: number;
  readonly alarm: number;
}

export function deadlineOf(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + DEADLINE_HOURS * HOUR);
}

export function stageDueAt(receivedAt: Date, stage: EscalationStage, hours: StageHours): Date {
  const h = stage === 'overdue' ? DEADLINE_HOURS : hours[stage];
  return new Date(receivedAt.getTime() + h * HOUR);
}

/** When a request reached each milestone (null = not yet). A stage fires if its milestone was
 * not reached by the stage's due time, so a late assignment does not hide a missed triage. */
export interface Progress {
  readonly assignedAt: Date | null;
  readonly decidedAt: Date | null;
  readonly closedAt: Date | null;
}

function metBy(at: Date | null, due: Date): boolean {
  return at !== null && at.getTime() <= due.getTime();
}

function milestoneMet(stage: EscalationStage, progress: Progress, due: Date): boolean {
  if (metBy(progress.closedAt, due)) return true;
  if (stage === 'triage') return metBy(progress.assignedAt, due) || metBy(progress.decidedAt, due);
  if (stage === 'decision') return metBy(progress.decidedAt, due);
  return false;
}

/** The stages due at `now` whose milestone was not met in time, in order. */
export function dueStages(
  receivedAt: Date,
  now: Date,
  progress: Progress,
  hours: StageHours,
): EscalationStage[] {
  return ESCALATION_STAGES.filter((stage) => {
    const due = stageDueAt(receivedAt, stage, hours);
    return due.getTime() <= now.getTime() && !milestoneMet(stage, progress, due);
  });
}
