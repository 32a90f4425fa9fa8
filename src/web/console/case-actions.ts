/**
 * The forms a reviewer acts with on a case: assign, decide (remove / reject with reason /
 * escalate to legal), flag a minor, record each item's outcome, decide appeals. Each carries the
 * session's CSRF token; auditors see the case but none of these forms. Removing and refusing ask
 * for the facts relied on (recorded with the decision: the good-faith defence rests on them) and
 * then for confirmation on a page of their own, so both work without JavaScript.
 */
import { ITEM_OUTCOMES, REJECTION_REASONS } from '../../domain/request.ts';
import type { ItemRow, RequestRow } from '../../db/repositories/requests-repository.ts';
import { select } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { csrfField } from './layout.ts';
import { label } from './queue-page.ts';

const post = (csrf: string, action: string, body: Html, button: string, cls = '') =>
  html`<form method="post" action="${action}">
    ${csrfField(csrf)}${body}
    <p><button type="submit" ${cls ? html` class="${cls}"` : ''}>${button}</button></p>
  </form>`;

/** The decision a form posts to `/decision`. */
const decisionField = (decision: string): Html =>
  html`<input type="hidden" name="decision" value="${decision}" />`;

export function decisionForms(row: RequestRow, csrf: string, userId: string | null): Html {
  const base = `/staff/requests/${row.case_number}`;
  const s = row.status;
  const parts: Html[] = [];
  if (row.assigned_to !== userId && s !== 'removed' && s !== 'rejected' && s !== 'withdrawn') {
    parts.push(post(csrf, `${base}/assign`, html``, 'Assign to me', 'secondary'));
  }
  if (s === 'in_review' || s === 'legal_review') {
    parts.push(
      post(
        csrf,
        `${base}/decision`,
        html`${decisionField('remove')}${factsField('remove-facts', 'why the material is what the request says it is')}`,
        'Remove…',
      ),
    );
    parts.push(
      post(
        csrf,
        `${base}/decision`,
        html`${decisionField('reject')}${select({ name: 'reasonCode', label: 'Reason for refusal', value: '', options: REJECTION_REASONS.map((r) => ({ value: r, label: label(r) })) })}${factsField('reject-facts', 'why the request cannot be granted')}`,
        'Reject…',
        'danger',
      ),
    );
  }
  if (s === 'in_review') {
    parts.push(
      post(
        csrf,
        `${base}/decision`,
        decisionField('escalate_legal'),
        'Escalate to legal review',
        'secondary',
      ),
    );
  }
  if (
    !row.minor_involved &&
    ['received', 'incomplete', 'in_review', 'legal_review', 'approved'].includes(s)
  ) {
    parts.push(
      post(
        csrf,
        `${base}/minor`,
        html`<p class="hint">Starts the NCMEC report and keeps the material for one year.</p>`,
        'Flag: minor involved',
        'secondary',
      ),
    );
  }
  if (parts.length === 0) return html`<p>No decision is open at this stage (${label(s)}).</p>`;
  return html`${parts}`;
}

/** The facts relied on: required, and recorded in the decision's audit event. */
function factsField(id: string, what: string): Html {
  return html`<div class="field">
    <label for="${id}">Facts relied on</label>
    <p class="hint" id="${id}-hint">Recorded with the decision: ${what}.</p>
    <textarea id="${id}" name="facts" rows="4" required aria-describedby="${id}-hint"></textarea>
  </div>`;
}

/** The second step of Remove and Reject: what is about to happen, with the facts as written. */
export function confirmDecisionPage(
  row: RequestRow,
  itemCount: number,
  decision: 'remove' | 'reject',
  reasonCode: string,
  facts: string,
  csrf: string,
): Html {
  const base = `/staff/requests/${row.case_number}`;
  const what =
    decision === 'remove'
      ? `Remove ${itemCount} item${itemCount === 1 ? '' : 's'} of case ${row.case_number} and block re-uploads.`
      : `Refuse case ${row.case_number} (${label(reasonCode)}). The requester is told and may appeal.`;
  return html`<h1>Confirm: ${decision === 'remove' ? 'remove' : 'refuse'}</h1>
    <p>${what}</p>
    <h2>Facts relied on</h2>
    <p class="pre" data-facts>${facts}</p>
    <form method="post" action="${base}/decision">
      ${csrfField(csrf)}${decisionField(decision)}
      <input type="hidden" name="reasonCode" value="${reasonCode}" />
      <input type="hidden" name="facts" value="${facts}" />
      <input type="hidden" name="confirm" value="1" />
      <p class="actions-row">
        <button type="submit" ${decision === 'reject' ? html`class="danger"` : ''}>
          ${decision === 'remove' ? 'Yes, remove' : 'Yes, refuse'}
        </button>
        <a href="${base}">Cancel, back to the case</a>
      </p>
    </form>`;
}

export function itemOutcomeForm(row: RequestRow, item: ItemRow, csrf: string): Html {
  if (row.status !== 'approved' || item.status !== 'pending') return html``;
  const id = `outcome-${item.position}`;
  return html`<form
    method="post"
    action="/staff/requests/${row.case_number}/items/${item.id}/outcome"
    class="actions"
  >
    ${csrfField(csrf)}
    <label for="${id}">Outcome of item ${Number(item.position) + 1}</label>
    <select id="${id}" name="outcome">
      ${ITEM_OUTCOMES.map((o) => html`<option value="${o}">${label(o)}</option>`)}
    </select>
    <p><button type="submit">Record outcome</button></p>
  </form>`;
}

export function appealForm(appealId: string, csrf: string): Html {
  return html`<form method="post" action="/staff/appeals/${appealId}/decision">
    ${csrfField(csrf)}
    <fieldset>
      <legend>Decide this appeal</legend>
      <div class="radio">
        <input type="radio" id="uphold-${appealId}" name="outcome" value="uphold" checked /><label
          for="uphold-${appealId}"
          >Uphold the decision</label
        >
      </div>
      <div class="radio">
        <input type="radio" id="overturn-${appealId}" name="outcome" value="overturn" /><label
          for="overturn-${appealId}"
          >Overturn it</label
        >
      </div>
    </fieldset>
    <p><button type="submit">Record appeal decision</button></p>
  </form>`;
}
