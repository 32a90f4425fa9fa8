/**
 * One case for a reviewer: the items first (links, hashes, outcomes), the actions, the statutory
 * elements exactly as received (TIDA-C2, H1), appeals with their due times, escalations, what the
 * stay-down layer found (`copies-sections.ts`) and the audit trail in sentences
 * (`audit-trail.ts`). Only what exists is shown: no placeholders, no internal codes.
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
import type { CaseCopies } from '../../use-cases/view-case-copies.ts';
import { caseCopiesSection } from './copies-sections.ts';
import { NO_PREVIEWS, previewFigure } from './preview-parts.ts';
import type { CasePreviews } from './preview-parts.ts';
import { auditTrail } from './audit-trail.ts';
import { consolePage } from './layout.ts';
import { appealBadge, basisName, countdownBadge, label } from './queue-page.ts';
import type { StaffSession } from './session.ts';
import { staffName, when } from './when.ts';

export interface CaseView {
  request: RequestRow;
  submission: Submission;
  items: ItemRow[];
  escalations: { stage: string; due_at: string; fired_at: string }[];
  appeals: {
    id: string;
    appellant: string;
    status: string;
    created_at: string;
    statement: string;
    due_at?: string | null;
  }[];
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
      <dd>${sub.items.length} item(s), under Items</dd>
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

function items(view: CaseView, who: StaffSession, canAct: boolean, previews: CasePreviews): Html {
  const r = view.request;
  return html`<h2>Items</h2>
    ${view.items.map((item) => {
      const sub = view.submission.items[Number(item.position)];
      return html`<div class="item" data-item-id="${item.id}">
        <h3>Item ${Number(item.position) + 1}: ${label(item.status)}</h3>
        ${item.url || item.platform_item_id ? previewFigure(previews, 'item', item.id, `item ${Number(item.position) + 1}`) : ''}
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
        ${canAct ? itemOutcomeForm(r, item, who.csrf) : ''}
      </div>`;
    })}`;
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
  facts: 'Write the facts you relied on before removing or refusing: they are recorded with the decision.',
  claimed: 'Assigned to you: this was the most urgent case nobody had.',
  copy: 'Near-match decision recorded.',
};

export function casePage(
  view: CaseView,
  copies: CaseCopies,
  who: StaffSession,
  now: Date,
  hours: EscalationHours,
  done: string | undefined,
  names: ReadonlyMap<string, string>,
  previews: CasePreviews = NO_PREVIEWS,
): Html {
  const r = view.request;
  const openAppeal = view.appeals.find((a) => a.status === 'open');
  const trail = {
    names,
    me: who.principal.userId,
    items: new Map(view.items.map((i) => [i.id, `item ${Number(i.position) + 1}`])),
  };
  const canAct = who.principal.role !== 'auditor';
  const missing = JSON.parse(r.missing ?? '[]') as MissingCode[];
  const main = html`<p><a href="/staff">← Queue</a></p>
    <h1>Case ${r.case_number}</h1>
    ${previews.notice}
    ${done && DONE[done] ? html`<div class="${done === 'failed' || done === 'invalid' ? 'summary' : 'notice-ok'}" role="status"><p>${DONE[done]}</p></div>` : ''}
    <p>
      ${openAppeal?.due_at ? html`<span class="badge t-none">appeal</span> ${appealBadge(openAppeal.created_at, openAppeal.due_at, now)}` : countdownBadge(r, now, hours)}
      <span class="badge t-none">${label(r.status)}</span>
      ${r.minor_involved ? html`<span class="badge minor">minor involved: NCMEC report, preserve until ${dash(r.preserve_until)}</span>` : ''}
    </p>
    <dl class="facts">
      <dt>Legal basis</dt>
      <dd>${basisName(r.legal_basis)}</dd>
      <dt>Channel</dt>
      <dd>${r.channel}</dd>
      <dt>Received</dt>
      <dd>${when(r.received_at)}</dd>
      <dt>Deadline</dt>
      <dd>${when(r.deadline_at)}</dd>
      <dt>Assigned to</dt>
      <dd>${staffName(r.assigned_to, names, who.principal.userId)}</dd>
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
      <div>${items(view, who, canAct, previews)}</div>
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
                    <p>
                      By the <strong>${a.appellant}</strong>, filed ${when(a.created_at)}:
                      ${label(a.status)}${a.status === 'open' && a.due_at ? html`, due ${when(a.due_at)}` : ''}
                    </p>
                    <p class="pre">${a.statement}</p>
                    ${canAct && a.status === 'open' ? appealForm(a.id, who.csrf) : ''}
                  </div>`,
              )
        }
        <h2>Escalations</h2>
        ${
          view.escalations.length === 0
            ? html`<p>None fired.</p>`
            : html`<ul>
                ${view.escalations.map((e) => html`<li>${label(e.stage)}: due ${when(e.due_at)}, raised ${when(e.fired_at)}</li>`)}
              </ul>`
        }
      </div>
    </div>
    ${caseCopiesSection(r.case_number, view.items, copies, who.csrf, canAct, previews)}
    ${elements(view.submission)} ${auditTrail(view.events, trail)}`;
  return consolePage(`Case ${r.case_number}`, who, main);
}
