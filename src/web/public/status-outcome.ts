/**
 * The status page once a request is decided: each item's outcome with its time, the copies found
 * and removed, the uploads blocked since, and where else to turn. Times are in the reader's own
 * zone (see local-time.ts). Nothing here says who uploaded a copy.
 */
import type { ItemRow, RequestRow } from '../../db/repositories/requests-repository.ts';
import type { RequesterOutcome } from '../../use-cases/requester-outcome.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import type { MessageKey } from '../i18n/index.ts';
import { platformName } from '../layout.ts';
import type { PublicContext } from '../layout.ts';
import { localTime } from '../local-time.ts';

const STOPNCII = 'https://stopncii.org/';
const FTC = 'https://reportfraud.ftc.gov/';
const OPEN = ['received', 'incomplete', 'in_review', 'legal_review', 'approved', 'appealed'];

/** An item still "pending" on a closed request was never acted on: say so, not "Waiting". */
export function itemOutcomeKey(row: RequestRow, item: ItemRow): MessageKey {
  if (item.status !== 'pending' || OPEN.includes(row.status)) return `item_${item.status}` as MessageKey;
  return row.status === 'rejected' ? 'item_not_removed' : 'item_no_action';
}

export function itemList(ctx: PublicContext, row: RequestRow, items: ItemRow[]): Html {
  const { t } = ctx.i18n;
  return html`<ul class="items">
    ${items.map((i) => {
      // The requester's own description of where it was, as text: never a link to the content.
      const where = i.url ?? i.platform_item_id;
      return html`<li data-item-status="${i.status}">
        <strong>${t('item_n', { n: Number(i.position) + 1 })}</strong
        >${where ? html` <span class="item-ref">${where}</span>` : ''}:
        ${t(itemOutcomeKey(row, i))}${i.resolved_at ? html`, ${localTime(ctx.i18n, i.resolved_at)}` : ''}
      </li>`;
    })}
  </ul>`;
}

function count(ctx: PublicContext, n: number, latest: string | null): Html {
  return latest && n > 0
    ? html`${n} (${ctx.i18n.t('st_latest')}: ${localTime(ctx.i18n, latest)})`
    : html`${n}`;
}

export function outcomeSection(ctx: PublicContext, row: RequestRow, o: RequesterOutcome): Html {
  const { t } = ctx.i18n;
  const removed = row.status === 'removed' || row.status === 'partially_removed';
  if (!removed) return html``;
  return html`<section aria-labelledby="outcome-h" data-outcome>
      <h2 id="outcome-h">${t('st_outcome_h')}</h2>
      <p>${t('st_staydown')}</p>
      <ul class="outcome">
        <li>
          <strong>${t('st_copies_found', { platform: platformName(ctx) })}:</strong>
          <span data-copies-found>${o.copiesFound}</span>
        </li>
        <li>
          <strong>${t('st_copies_removed')}:</strong>
          <span data-copies-removed>${count(ctx, o.copiesRemoved, o.lastCopyRemovedAt)}</span>
        </li>
        ${
          o.copiesInReview > 0
            ? html`<li><strong>${t('st_copies_review')}:</strong> ${o.copiesInReview}</li>`
            : ''
        }
        <li>
          <strong>${t('st_blocked')}:</strong>
          <span data-uploads-blocked>${count(ctx, o.uploadsBlocked, o.lastBlockedAt)}</span>
        </li>
      </ul>
    </section>
    <section aria-labelledby="next-h">
      <h2 id="next-h">${t('st_next_h')}</h2>
      <ul>
        <li>${t('st_next_keep')}</li>
        <li>${t('st_next_stopncii')} <a href="${STOPNCII}">StopNCII.org</a></li>
        ${
          row.legal_basis === 'take_it_down'
            ? html`<li>${t('st_next_ftc')} <a href="${FTC}">${t('st_next_ftc_link')}</a></li>`
            : ''
        }
      </ul>
    </section>`;
}
