/**
 * One case for a reviewer: the four statutory elements exactly as received (TIDA-C2, H1), the
 * items with their links, hashes and outcomes, the actions, appeals, escalations and the audit
 * trail, and what the stay-down layer found for it (`copies-sections.ts`). Requester history,
 * previews and the exposure counter need data the service does not keep yet; they show labelled
 * empty states.
 * Everything the requester wrote is escaped; links are only ever http(s).
 */
import type { EscalationHours } from '../../config.ts';
import type { StoredAuditEvent } from '../../domain/audit-events.ts';
import type { MissingCode } from '../../domain/elements.ts';
import type { Submission } from '../../domain/request.ts';
import type { ItemRow, RequestRow } from '../../db/repositories/requests-repository.ts';
import { html, safeHref } from '../html.ts';
import type { Html } from '../html.ts';
import { appealForm, decisionForms, itemOutcomeForm } from './case-actions.ts';
import type { CaseCopies } from './copies-data.ts';
import { caseCopiesSection } from './copies-sections.ts';
import { consolePage, emptyState } from './layout.ts';
import { countdownBadge, label } from './queue-page.ts';
import type { StaffSession } from './session.ts';

export interface CaseView {
  request: RequestRow;
  submission: Submission;
  items: ItemRow[];
  escalations: { stage: string; due_at: string; fired_at: string }[];
  appeals: { id: string; appellant: string; status: string; created_at: string; statement: string }[];
  events: StoredAuditEvent[];
}

const yes = (b: boolean | undefined) => (b ? 'yes' : 'no');
const dash = (s: string | undefined | null) => (s && s.length > 0 ? s : '—');

function elements(sub: Submission): Html {
  const s = sub.submitter;
  return html`<h2>The request as received</h2>
    <dl class="facts">
      <dt>1. Signature</dt>
      <dd>
        ${sub.signature ? html`${sub.signature.fullName} <span class="hint">(signed ${dash(sub.signature.signedAt)})</span>` : html`<strong class="error">missing</strong>`}
      </dd>
      <dt>2. Location</dt>
      <dd>${sub.items.length} item(s), listed below</dd>
      <dt>3. Good-faith statement</dt>
      <dd>
        ${sub.goodFaithStatement ? html`<span class="pre">${sub.goodFaithStatement}</span>` : html`<strong class="error">missing</strong>`}
      </dd>
      <dt>Context</dt>
      <dd>${dash(sub.context)}</dd>
      <dt>4. Contact</dt>
      <dd>${dash(s.name)}<br />${dash(s.email)}<br />${dash(s.phone)}<br />${dash(s.postalAddress)}</dd>
      <dt>Submitted by</dt>
      <dd>${label(s.role)}${s.capacity ? html` (${label(s.capacity)})` : ''}</dd>
      <dt>Authority</dt>
      <dd>${dash(s.authorityEvidence)}</dd>
      <dt>Under penalty of perjury</dt>
      <dd>${yes(sub.perjuryStatement)}</dd>
      <dt>Accurate and complete</dt>
      <dd>${yes(sub.bonaFideStatement)}</dd>
      <dt>Believed AI-generated</dt>
      <dd>${yes(sub.aiGeneratedBelief)}</dd>
      <dt>Minor (as stated)</dt>
      <dd>${yes(sub.minorInvolved)}</dd>
      ${
        sub.copyrightedWork
          ? html`<dt>Copyrighted work</dt>
              <dd>${sub.copyrightedWork}</dd>`
          : ''
      }
    </dl>`;
}

function items(view: CaseView, who: StaffSession, canAct: boolean): Html {
  const r = view.request;
  return html`<h2>Items</h2>
    ${view.items.map((item) => {
      const sub = view.submission.items[Number(item.position)];
      return html`<div class="item" data-item-id="${item.id}">
        <h3>Item ${Number(item.position) + 1}: ${label(item.status)}</h3>
        <dl class="facts">
          <dt>Link</dt>
          <dd>
            ${item.url ? html`<a href="${safeHref(item.url)}" rel="noopener noreferrer nofollow">${item.url}</a>` : '—'}
          </dd>
          <dt>Item id</dt>
          <dd>${dash(item.platform_item_id)}</dd>
          <dt>Description</dt>
          <dd>${dash(sub?.description)}</dd>
          <dt>PDQ</dt>
          <dd class="hashed" data-pdq>${dash(item.pdq)}</dd>
          <dt>SHA-256</dt>
          <dd class="hashed" data-sha256>${dash(item.sha256)}</dd>
        </dl>
        ${emptyState('Preview', 'No preview: the platform adapter does not expose media yet. When it does, previews show here blurred and in greyscale, revealed only on request.')}
        ${canAct ? itemOutcomeForm(r, item, who.csrf) : ''}
      </div>`;
    })}`;
}

function auditTrail(events: StoredAuditEvent[]): Html {
  return html`<h2>Audit trail</h2>
    <div class="scroll" role="region" aria-label="Audit trail" tabindex="0">
      <table class="audit">
        <caption class="hint">
          Every event on this case, hash-chained (TIDA-H1). Your viewing of this page is the last entry.
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">Event</th>
            <th scope="col">Data</th>
          </tr>
        </thead>
        <tbody>
          ${events.map(
            (e) =>
              html`<tr>
                <td>${e.seq}</td>
                <td>${e.occurredAt}</td>
                <td>${e.actor}</td>
                <td>${e.type}</td>
                <td><code>${JSON.stringify(e.data)}</code></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

const DONE: Record<string, string> = {
  assigned: 'Assigned to you.',
  decided: 'Decision recorded.',
  outcome: 'Item outcome recorded.',
  minor: 'Flagged: minor involved. On-call staff are notified to file the NCMEC report.',
  appeal: 'Appeal decision recorded.',
  failed:
    'That action is not possible at this stage; the case may have moved on. The page shows its current state.',
  invalid: 'That action needs more information (for a refusal: a reason).',
  copy: 'Near-match decision recorded.',
};

export function casePage(
  view: CaseView,
  copies: CaseCopies,
  who: StaffSession,
  now: Date,
  hours: EscalationHours,
  done?: string,
): Html {
  const r = view.request;
  const canAct = who.principal.role !== 'auditor';
  const missing = JSON.parse(r.missing ?? '[]') as MissingCode[];
  const main = html`<p><a href="/staff">← Queue</a></p>
    <h1>Case ${r.case_number}</h1>
    ${done && DONE[done] ? html`<div class="${done === 'failed' || done === 'invalid' ? 'summary' : 'notice-ok'}" role="status"><p>${DONE[done]}</p></div>` : ''}
    <p>
      ${countdownBadge(r, now, hours)}
      <span class="badge t-none">${label(r.status)}</span>
      ${r.minor_involved ? html`<span class="badge minor">minor involved: NCMEC report, preserve until ${dash(r.preserve_until)}</span>` : ''}
    </p>
    <dl class="facts">
      <dt>Legal basis</dt>
      <dd>${label(r.legal_basis)}</dd>
      <dt>Channel</dt>
      <dd>${r.channel}</dd>
      <dt>Received</dt>
      <dd>${r.received_at}</dd>
      <dt>Deadline</dt>
      <dd>${r.deadline_at}</dd>
      <dt>Missing</dt>
      <dd>${missing.length ? missing.map(label).join(', ') : 'nothing'}</dd>
      ${
        r.decision
          ? html`<dt>Decision</dt>
              <dd>${label(r.decision)}${r.reason_code ? html` (${label(r.reason_code)})` : ''}</dd>`
          : ''
      }
    </dl>
    <div class="cols">
      <div>
        ${elements(view.submission)} ${items(view, who, canAct)}
        ${caseCopiesSection(r.case_number, view.items, copies, who.csrf, canAct)}
      </div>
      <div>
        <h2>Actions</h2>
        ${
          canAct
            ? html`<div class="actions">${decisionForms(r, who.csrf, who.principal.userId)}</div>`
            : html`<p>Auditors can read cases but not act on them.</p>`
        }
        <h2>Appeals</h2>
        ${
          view.appeals.length === 0
            ? html`<p>None.</p>`
            : view.appeals.map(
                (a) =>
                  html`<div class="item">
                    <p><strong>${label(a.appellant)}</strong>, ${a.created_at}: ${label(a.status)}</p>
                    <p>${a.statement}</p>
                    ${canAct && a.status === 'open' ? appealForm(r.case_number, a.id, who.csrf) : ''}
                  </div>`,
              )
        }
        <h2>Escalations</h2>
        ${
          view.escalations.length === 0
            ? html`<p>None fired.</p>`
            : html`<ul>
                ${view.escalations.map((e) => html`<li>${e.stage}: due ${e.due_at}, fired ${e.fired_at}</li>`)}
              </ul>`
        }
        <h2>Requester history</h2>
        ${emptyState('Not available yet', 'Other requests and unfounded ones from the same requester need a requester fingerprint index, which the service does not keep yet (TIDA-G2).')}
        <h2>Your exposure</h2>
        ${emptyState('Not counted yet', 'A per-reviewer count of media viewed (TIDA-I2) starts when previews are available.')}
      </div>
    </div>
    ${auditTrail(view.events)}`;
  return consolePage(`Case ${r.case_number}`, who, main);
}
