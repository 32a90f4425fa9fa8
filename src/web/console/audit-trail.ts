/**
 * The case's audit trail for people: one sentence per event, staff by their address rather than
 * an id, items by their number, times in words; the facts relied on for a decision shown as
 * written. Every case view is itself an audited event, so views are folded into one line ("viewed
 * 14 times, last by ... at ...") instead of burying the events that matter; preview reveals are
 * only counted, so the console shows no reviewer's per-item history. The raw, hash-chained
 * record stays available through `redress audit` and the audit API.
 */
import type { StoredAuditEvent } from '../../domain/audit-events.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { label } from './queue-page.ts';
import { staffName, when } from './when.ts';

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export interface TrailContext {
  names: ReadonlyMap<string, string>;
  me: string | null;
  /** Item id -> "item 2". */
  items: ReadonlyMap<string, string>;
}

const STAGES: Record<string, string> = {
  triage: 'nobody was assigned',
  decision: 'no decision was recorded',
  removal: 'the items were not all resolved',
  alarm: 'four hours were left',
  overdue: 'the 48-hour deadline passed',
};

/** What happened, as a sentence (without who and when). */
export function describeEvent(e: StoredAuditEvent, ctx: TrailContext): string {
  const d = (e.data ?? {}) as Data;
  const item = (id: unknown) => ctx.items.get(str(id)) ?? 'an item';
  switch (e.type) {
    case 'request.received':
      return `Request received through the ${str(d.channel)} channel with ${plural(num(d.itemCount), 'item')}.`;
    case 'request.validated':
      return d.valid
        ? 'Found complete; review can start.'
        : 'Found incomplete; the requester was asked for what is missing.';
    case 'request.completed':
      return d.valid
        ? 'The requester completed the request.'
        : 'The requester added information; something is still missing.';
    case 'request.assigned':
      return `Assigned to ${staffName(str(d.assigneeId), ctx.names, ctx.me)}.`;
    case 'request.decided':
      if (d.decision === 'remove') return 'Decided: remove the items.';
      if (d.decision === 'reject')
        return `Decided: refuse (${label(str(d.reasonCode) || 'no reason given')}).`;
      return 'Sent to legal review.';
    case 'request.minor_flagged':
      return `Flagged: a minor is involved. Report to NCMEC; keep the material until ${when(str(d.preserveUntil))}.`;
    case 'cybertipline.reported':
      return `Reported to NCMEC's CyberTipline: report ${str(d.reportId)}.`;
    case 'preservation.released':
      return 'The one-year preservation ended; the material is no longer held for NCMEC.';
    case 'item.resolved':
      return `${item(d.itemId)[0].toUpperCase()}${item(d.itemId).slice(1)}: ${label(str(d.outcome))}.`;
    case 'request.closed':
      return `Closed as ${label(str(d.status))}: ${num(d.itemsDown)} of ${plural(num(d.itemCount), 'item')} taken down.`;
    case 'request.withdrawn':
      return d.by === 'staff' ? 'Withdrawn by staff.' : 'Withdrawn by the requester.';
    case 'appeal.filed':
      return `The ${str(d.appellant)} appealed the ${label(str(d.priorStatus))} decision.`;
    case 'appeal.decided':
      return d.outcome === 'uphold'
        ? `Appeal decided: the decision stands (${label(str(d.status))}).`
        : `Appeal decided: overturned; the case is now ${label(str(d.status))}.`;
    case 'deadline.stage_reached':
      return `Escalated: ${STAGES[str(d.stage)] ?? label(str(d.stage))} by ${when(str(d.dueAt))}.`;
    case 'email.sent':
      return `Email sent to the ${str(d.recipient)} (${label(str(d.template))}).`;
    case 'bank.entry_added':
      return `Fingerprints added to the "${str(d.bank)}" bank, so re-uploads are blocked.`;
    case 'bank.entry_withdrawn':
      return `Fingerprints withdrawn from the "${str(d.bank)}" bank: ${str(d.reason)}.`;
    case 'copy.found':
      return d.status === 'auto_removed'
        ? `A copy was found on the platform (${str(d.platformItemId)}) and removed automatically.`
        : `A possible copy was found on the platform (${str(d.platformItemId)}); it awaits review.`;
    case 'copy.removed':
      return `Copy ${str(d.platformItemId)} removed${d.automated ? ' automatically' : ''}.`;
    case 'copy.reviewed':
      return `A possible copy was reviewed: ${d.outcome === 'confirmed' ? 'confirmed and removed' : 'dismissed'}.`;
    case 'copy.sweep_finished':
      return `Copy search finished: ${plural(num(d.scanned), 'upload')} checked, ${num(d.exact)} exact and ${num(d.near)} near copies.`;
    case 'upload.blocked':
      return 'A re-upload of this material was blocked.';
    case 'removal.verified':
      return d.removed
        ? 'Checked: the link no longer shows the material.'
        : 'Checked: the link still answers; removal not confirmed.';
    case 'case.evidence_exported':
      return d.personalData
        ? "An evidence pack was exported, with the requester's personal data."
        : 'An evidence pack was exported, without personal data.';
    default:
      return label(e.type.replace('.', ' '));
  }
}

/** The facts relied on, when the event carries them. */
const factsOf = (e: StoredAuditEvent): string => str(((e.data ?? {}) as Data).facts);

export function auditTrail(events: StoredAuditEvent[], ctx: TrailContext): Html {
  const views = events.filter((e) => e.type === 'case.viewed');
  // Reveals are counted, not listed: the console shows no reviewer's per-item history (the
  // audit log keeps it, for audits).
  const reveals = events.filter((e) => e.type === 'media.revealed').length;
  const rest = events.filter((e) => e.type !== 'case.viewed' && e.type !== 'media.revealed');
  const last = views.at(-1);
  return html`<h2>Audit trail</h2>
    <p class="hint">
      Every event on this case, in order. The record is hash-chained and cannot be altered unnoticed.
    </p>
    <ol class="trail">
      ${rest.map(
        (e) =>
          html`<li data-event="${e.type}">
            <span class="when">${when(e.occurredAt)}</span>
            <span class="who">${staffName(e.actor, ctx.names, ctx.me)}</span>
            <span class="what">${describeEvent(e, ctx)}</span>
            ${factsOf(e) ? html`<span class="facts-relied">Facts relied on: <q>${factsOf(e)}</q></span>` : ''}
          </li>`,
      )}
    </ol>
    ${
      last
        ? html`<p data-views>
            Viewed ${plural(views.length, 'time')}, last by ${staffName(last.actor, ctx.names, ctx.me)} at
            ${when(last.occurredAt)}.
          </p>`
        : ''
    }
    ${reveals > 0 ? html`<p data-reveals>Previews revealed ${plural(reveals, 'time')}.</p>` : ''}`;
}
