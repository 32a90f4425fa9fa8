/**
 * The queue (TIDA-D1, D2, D4): open requests, suspected minors first, then by time left, each
 * with a live countdown whose colour and words change at the escalation stages. Filters by stage,
 * legal basis, minor involved and "assigned to me" are a plain GET form.
 */
import type { EscalationHours } from '../../config.ts';
import { LEGAL_BASES, OPEN_STATUSES } from '../../domain/request.ts';
import type { RequestRow } from '../../db/repositories/requests-repository.ts';
import { countdown } from '../countdown.ts';
import { checkbox, select } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { consolePage } from './layout.ts';
import type { StaffSession } from './session.ts';

export interface QueueFilters {
  status: string;
  basis: string;
  minor: boolean;
  mine: boolean;
}

export const label = (code: string) => code.replace(/_/g, ' ');

export function countdownBadge(row: RequestRow, now: Date, hours: EscalationHours): Html {
  const closed = !(OPEN_STATUSES as readonly string[]).includes(row.status);
  if (closed) return html`<span class="badge t-none">closed</span>`;
  const c = countdown(
    Date.parse(row.received_at),
    Date.parse(row.deadline_at),
    now.getTime(),
    hours.decision,
    hours.alarm,
  );
  return html`<span
    class="badge t-${c.band}"
    data-deadline="${row.deadline_at}"
    data-received="${row.received_at}"
    data-decision="${hours.decision}"
    data-alarm="${hours.alarm}"
    >${c.text}</span
  >`;
}

export function queuePage(
  who: StaffSession,
  rows: RequestRow[],
  filters: QueueFilters,
  now: Date,
  hours: EscalationHours,
): Html {
  const main = html`<h1>Queue</h1>
    <form method="get" action="/staff" class="filters" aria-label="Filters">
      ${select({ name: 'status', label: 'Stage', value: filters.status, options: [{ value: '', label: 'All open' }, ...OPEN_STATUSES.map((s) => ({ value: s, label: label(s) }))] })}
      ${select({ name: 'basis', label: 'Legal basis', value: filters.basis, options: [{ value: '', label: 'All' }, ...LEGAL_BASES.map((b) => ({ value: b, label: label(b) }))] })}
      ${checkbox({ name: 'minor', label: 'Minor involved', checked: filters.minor })}
      ${checkbox({ name: 'mine', label: 'Assigned to me', checked: filters.mine })}
      <p><button type="submit" class="secondary">Filter</button></p>
    </form>
    <p>${rows.length} open request${rows.length === 1 ? '' : 's'}, most urgent first.</p>
    ${
      rows.length === 0
        ? html`<div class="empty"><p>Nothing waiting. New requests appear here as they arrive.</p></div>`
        : html`<table class="queue">
            <caption class="hint">
              Suspected minors first (TIDA-D4), then by time left on the 48-hour clock.
            </caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Time left</th>
                <th scope="col">Stage</th>
                <th scope="col">Legal basis</th>
                <th scope="col">Flags</th>
                <th scope="col">Assigned</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr data-case="${r.case_number}">
                    <td><a href="/staff/requests/${r.case_number}">${r.case_number}</a></td>
                    <td>${countdownBadge(r, now, hours)}</td>
                    <td data-label="Stage">${label(r.status)}</td>
                    <td data-label="Legal basis">${label(r.legal_basis)}</td>
                    <td>
                      ${r.minor_involved ? html`<span class="badge minor">minor</span>` : ''}
                      ${r.ai_generated ? html`<span class="badge t-none">AI (claimed)</span>` : ''}
                    </td>
                    <td data-label="Assigned">
                      ${r.assigned_to ? (r.assigned_to === who.principal.userId ? 'me' : 'someone else') : 'nobody'}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
  return consolePage('Queue', who, main);
}
