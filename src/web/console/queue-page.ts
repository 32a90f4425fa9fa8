/**
 * The queue (TIDA-D1, D2, D4, G1): open requests and open appeals, suspected minors first, then by
 * due time, each with a live countdown whose colour and words change at the escalation stages,
 * when it arrived, how many items it has and who has it. "Claim next" assigns the most urgent
 * unassigned case to the reviewer and opens it. Filters are a plain GET form.
 */
import type { EscalationHours } from '../../config.ts';
import { LEGAL_BASES, OPEN_STATUSES } from '../../domain/request.ts';
import type { RequestRow } from '../../db/repositories/requests-repository.ts';
import type { WorkQueueRow } from '../../db/repositories/work-queue-repository.ts';
import { countdown } from '../countdown.ts';
import { checkbox, select } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { consolePage, csrfField } from './layout.ts';
import type { StaffSession } from './session.ts';
import { when } from './when.ts';

export interface QueueFilters {
  status: string;
  basis: string;
  minor: boolean;
  mine: boolean;
}

export const label = (code: string) => code.replace(/_/g, ' ');

const BASIS_NAMES: Record<string, string> = {
  take_it_down: 'TAKE IT DOWN Act (US)',
  dsa: 'Digital Services Act (EU)',
  uk_osa: 'Online Safety Act (UK)',
  dmca: 'DMCA (US copyright)',
};
export const basisName = (basis: string) => BASIS_NAMES[basis] ?? label(basis);

/** A live countdown to `dueIso`; bands from the escalation hours, or a share of an appeal's time. */
function liveBadge(startIso: string, dueIso: string, now: Date, warnHours: number, alarmHours: number): Html {
  const c = countdown(Date.parse(startIso), Date.parse(dueIso), now.getTime(), warnHours, alarmHours);
  return html`<span
    class="badge t-${c.band}"
    data-deadline="${dueIso}"
    data-received="${startIso}"
    data-decision="${warnHours}"
    data-alarm="${alarmHours}"
    >${c.text}</span
  >`;
}

export function countdownBadge(row: RequestRow, now: Date, hours: EscalationHours): Html {
  const closed = !(OPEN_STATUSES as readonly string[]).includes(row.status);
  if (closed) return html`<span class="badge t-none">closed</span>`;
  return liveBadge(row.received_at, row.deadline_at, now, hours.decision, hours.alarm);
}

/** Time left until the work is due: the 48-hour deadline, or the open appeal's due time (warned at
 *  half of the appeal's time, alarmed at nine tenths). */
export function dueBadge(row: WorkQueueRow, now: Date, hours: EscalationHours): Html {
  if (!row.appeal_id || !row.appeal_filed_at) return countdownBadge(row, now, hours);
  return appealBadge(row.appeal_filed_at, row.due_at, now);
}

export function appealBadge(filedAt: string, dueAt: string, now: Date): Html {
  const span = (Date.parse(dueAt) - Date.parse(filedAt)) / 3_600_000;
  return liveBadge(filedAt, dueAt, now, span / 2, span * 0.9);
}

function assignee(row: WorkQueueRow, who: StaffSession): string {
  if (!row.assigned_to) return 'nobody';
  if (row.assigned_to === who.principal.userId) return 'you';
  return row.assignee_email ?? 'an API key';
}

const NOTICES: Record<string, string> = {
  empty: 'Nothing to claim: every waiting case has someone on it.',
};

function entry(r: WorkQueueRow, who: StaffSession, now: Date, hours: EscalationHours): Html {
  const items = `${r.item_count} item${r.item_count === 1 ? '' : 's'}`;
  return html`<tr data-case="${r.case_number}">
    <td data-label="Case">
      <a href="/staff/requests/${r.case_number}">${r.case_number}</a>
      ${r.minor_involved ? html` <span class="badge minor">minor</span>` : ''}
      ${r.ai_generated ? html` <span class="badge t-none">AI (claimed)</span>` : ''}
    </td>
    <td data-label="Due">
      ${dueBadge(r, now, hours)}<br /><span class="hint" data-due>${when(r.due_at)}</span>
    </td>
    <td data-label="Stage">
      ${r.appeal_id ? html`<strong>appeal</strong> by the ${r.appellant}` : label(r.status)}
    </td>
    <td data-label="Arrived">
      ${when(r.received_at)}${r.appeal_filed_at ? html`<br /><span class="hint">appeal filed ${when(r.appeal_filed_at)}</span>` : ''}
    </td>
    <td data-label="Items">${items}</td>
    <td data-label="Legal basis">${basisName(r.legal_basis)}</td>
    <td data-label="Assigned">${assignee(r, who)}</td>
  </tr>`;
}

export function queuePage(
  who: StaffSession,
  rows: WorkQueueRow[],
  filters: QueueFilters,
  now: Date,
  hours: EscalationHours,
  notice?: string,
  breakSuggestion: Html | string = '',
): Html {
  const canClaim = who.principal.role !== 'auditor';
  const main = html`<h1>Queue</h1>
    ${breakSuggestion}
    ${notice && NOTICES[notice] ? html`<div class="notice-ok" role="status"><p>${NOTICES[notice]}</p></div>` : ''}
    ${
      canClaim
        ? html`<form method="post" action="/staff/queue/claim-next" class="claim">
            ${csrfField(who.csrf)}
            <button type="submit">Claim next case</button>
            <span class="hint">Assigns you the most urgent case nobody has, and opens it.</span>
          </form>`
        : ''
    }
    <form method="get" action="/staff" class="filters" aria-label="Filters">
      ${select({ name: 'status', label: 'Stage', value: filters.status, options: [{ value: '', label: 'All open' }, ...[...OPEN_STATUSES, 'appealed'].map((s) => ({ value: s, label: label(s) }))] })}
      ${select({ name: 'basis', label: 'Legal basis', value: filters.basis, options: [{ value: '', label: 'All' }, ...LEGAL_BASES.map((b) => ({ value: b, label: basisName(b) }))] })}
      ${checkbox({ name: 'minor', label: 'Minor involved', checked: filters.minor })}
      ${checkbox({ name: 'mine', label: 'Assigned to me', checked: filters.mine })}
      <p><button type="submit" class="secondary">Filter</button></p>
    </form>
    <p>${rows.length} case${rows.length === 1 ? '' : 's'} waiting, most urgent first.</p>
    ${
      rows.length === 0
        ? html`<div class="empty">
            <p>Nothing waiting. New requests and appeals appear here as they arrive.</p>
          </div>`
        : html`<table class="queue stack">
            <caption class="hint">
              Suspected minors first, then by due time: the 48-hour deadline of a request, or the decision
              target of an appeal.
            </caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Due</th>
                <th scope="col">Stage</th>
                <th scope="col">Arrived</th>
                <th scope="col">Items</th>
                <th scope="col">Legal basis</th>
                <th scope="col">Assigned</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map((r) => entry(r, who, now, hours))}
            </tbody>
          </table>`
    }`;
  return consolePage('Queue', who, main);
}
