/**
 * What the requester sees after sending (TIDA-C4, F3): the confirmation with the case number and
 * the private status link, and the status page with the stage, the deadline, each item's
 * outcome, and the forms to add missing information (D3), withdraw, or appeal a refusal (G1).
 * The status token travels in a hidden field: it is the requester's only credential.
 */
import type { MissingCode } from '../../domain/elements.ts';
import type { ItemRow, RequestRow } from '../../db/repositories/requests-repository.ts';
import { checkbox, field } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import type { MessageKey } from '../i18n/index.ts';
import { publicPage } from '../layout.ts';
import type { PublicContext } from '../layout.ts';
import { localTime } from '../local-time.ts';
import type { RequesterOutcome } from '../../use-cases/requester-outcome.ts';
import { itemList, outcomeSection } from './status-outcome.ts';

const msg = (prefix: string, value: string) => `${prefix}${value}` as MessageKey;

function facts(ctx: PublicContext, row: RequestRow): Html {
  const { t } = ctx.i18n;
  const when = (iso: string) => localTime(ctx.i18n, iso);
  // The deadline is a promise about an open request; once closed, the closing time replaces it.
  return html`<dl class="facts">
    <dt>${t('st_stage')}</dt>
    <dd><strong>${t(msg('stage_', row.status))}</strong></dd>
    <dt>${t('st_received')}</dt>
    <dd>${when(row.received_at)}</dd>
    ${
      row.closed_at
        ? html`<dt>${t('st_closed')}</dt>
            <dd>${when(row.closed_at)}</dd>`
        : row.status === 'appealed'
          ? ''
          : html`<dt>${t('st_deadline')}</dt>
              <dd data-deadline-promise>${when(row.deadline_at)}</dd>`
    }
  </dl>`;
}

const missingOf = (row: RequestRow) => JSON.parse(row.missing ?? '[]') as MissingCode[];

export function confirmationPage(ctx: PublicContext, row: RequestRow, statusUrl: string): Html {
  const { t } = ctx.i18n;
  const missing = missingOf(row);
  const main = html`<h1>${t('conf_title')}</h1>
    <p>${t('conf_case')}</p>
    <p class="case-number" data-case-number>${row.case_number}</p>
    ${facts(ctx, row)}
    <h2>${t('conf_link_h')}</h2>
    <p>${t('conf_link_hint')}</p>
    <p class="copy-link"><a href="${statusUrl}" data-status-link>${statusUrl}</a></p>
    ${
      missing.length > 0
        ? html`<h2>${t('conf_missing_h')}</h2>
            <ul>
              ${missing.map((c) => html`<li>${t(msg('err_', c))}</li>`)}
            </ul>
            <p>${t('conf_missing_hint')}</p>`
        : ''
    }
    <p><a class="button" href="${statusUrl}">${t('conf_open_status')}</a></p>`;
  return publicPage(ctx, t('conf_title'), main);
}

function completeForm(ctx: PublicContext, caseNumber: string, token: string, missing: MissingCode[]): Html {
  const { t } = ctx.i18n;
  const has = (...codes: MissingCode[]) => codes.some((c) => missing.includes(c));
  return html`<h2 id="add-information" tabindex="-1">${t('st_missing_h')}</h2>
    <ul>
      ${missing.map((c) => html`<li>${t(msg('err_', c))}</li>`)}
    </ul>
    <form method="post" action="/requests/${caseNumber}/status/complete" novalidate>
      <input type="hidden" name="token" value="${token}" />
      ${has('item_location', 'exact_url') ? field({ name: 'item_url_0', label: t('item_url_label'), inputmode: 'url' }) : ''}
      ${has('item_location') ? field({ name: 'item_id_0', label: t('item_id_label') }) : ''}
      ${has('good_faith_statement') ? field({ name: 'goodFaithStatement', label: t('good_faith_label'), hint: t('good_faith_hint'), multiline: true }) : ''}
      ${has('name') ? field({ name: 'name', label: t('name_label'), autocomplete: 'name' }) : ''}
      ${has('contact', 'email') ? field({ name: 'email', label: t('email_label'), type: 'email', autocomplete: 'email' }) : ''}
      ${has('contact', 'postal_address_or_phone') ? field({ name: 'phone', label: t('phone_label'), type: 'tel' }) : ''}
      ${has('contact', 'postal_address_or_phone') ? field({ name: 'postalAddress', label: t('postal_label'), multiline: true }) : ''}
      ${has('copyrighted_work') ? field({ name: 'copyrightedWork', label: t('copyright_label'), multiline: true }) : ''}
      ${has('signature') ? field({ name: 'signature', label: t('signature_label'), hint: t('signature_hint'), autocomplete: 'name' }) : ''}
      ${has('bona_fide_statement') ? checkbox({ name: 'bonaFideStatement', label: t('bona_fide_label'), checked: false }) : ''}
      ${has('perjury_statement') ? checkbox({ name: 'perjuryStatement', label: t('perjury_label'), checked: false }) : ''}
      <p><button type="submit">${t('st_missing_send')}</button></p>
    </form>`;
}

export interface StatusPageOptions {
  row: RequestRow;
  items: ItemRow[];
  token: string;
  outcome: RequesterOutcome;
  done?: 'saved' | 'withdrawn' | 'appealed' | 'failed';
}

const DONE: Record<NonNullable<StatusPageOptions['done']>, MessageKey> = {
  saved: 'st_saved',
  withdrawn: 'st_withdrawn_done',
  appealed: 'st_appealed_done',
  failed: 'st_action_failed',
};

export function statusPage(ctx: PublicContext, o: StatusPageOptions): Html {
  const { t } = ctx.i18n;
  const { row, token } = o;
  const open = ['received', 'incomplete', 'in_review', 'legal_review', 'approved'].includes(row.status);
  const main = html`<h1>${t('status_title', { case: row.case_number })}</h1>
    ${o.done ? html`<div class="${o.done === 'failed' ? 'summary' : 'notice-ok'}" role="status"><p>${t(DONE[o.done])}</p></div>` : ''}
    ${facts(ctx, row)}
    ${row.reason_code ? html`<p><strong>${t('st_reason')}:</strong> ${t(msg('reason_', row.reason_code))}</p>` : ''}
    <h2>${t('st_items_h')}</h2>
    ${itemList(ctx, row, o.items)} ${outcomeSection(ctx, row, o.outcome)}
    ${row.status === 'incomplete' ? completeForm(ctx, row.case_number, token, missingOf(row)) : ''}
    ${
      row.status === 'rejected'
        ? html`<h2 id="appeal" tabindex="-1">${t('st_appeal_h')}</h2>
            <p>${t('st_appeal_hint')}</p>
            <form method="post" action="/requests/${row.case_number}/status/appeal" novalidate>
              <input type="hidden" name="token" value="${token}" />
              ${field({ name: 'statement', label: t('st_appeal_label'), multiline: true, required: true })}
              <p><button type="submit">${t('st_appeal_btn')}</button></p>
            </form>`
        : ''
    }
    ${
      open
        ? html`<h2>${t('st_withdraw_h')}</h2>
            <p>${t('st_withdraw_hint')}</p>
            <form method="post" action="/requests/${row.case_number}/status/withdraw" novalidate>
              <input type="hidden" name="token" value="${token}" />
              ${checkbox({ name: 'confirm', label: t('st_withdraw_confirm'), checked: false })}
              <p><button type="submit" class="secondary">${t('st_withdraw_btn')}</button></p>
            </form>`
        : ''
    }`;
  return publicPage(ctx, t('status_title', { case: row.case_number }), main);
}

export function notFoundStatusPage(ctx: PublicContext): Html {
  const { t } = ctx.i18n;
  return publicPage(
    ctx,
    t('st_not_found_h'),
    html`<h1>${t('st_not_found_h')}</h1>
      <p>${t('st_not_found')}</p>
      <p><a href="/requests/lost-link">${t('lost_title')}</a></p>`,
  );
}

export function lostLinkPage(ctx: PublicContext, done: boolean): Html {
  const { t } = ctx.i18n;
  const main = html`<h1>${t('lost_title')}</h1>
    ${done ? html`<div class="notice-ok" role="status"><p>${t('lost_done')}</p></div>` : ''}
    <p>${t('lost_hint')}</p>
    <form method="post" action="/requests/lost-link" novalidate>
      ${field({ name: 'caseNumber', label: t('case_label'), hint: t('case_hint'), autocomplete: 'off' })}
      ${field({ name: 'email', label: t('email_label'), type: 'email', autocomplete: 'email' })}
      <p><button type="submit">${t('lost_submit')}</button></p>
    </form>`;
  return publicPage(ctx, t('lost_title'), main);
}

export function errorPage(ctx: PublicContext, key: MessageKey, id?: string): Html {
  const { t } = ctx.i18n;
  return publicPage(
    ctx,
    t('error_title'),
    html`<h1>${t('error_title')}</h1>
      <p>${t(key, { id: id ?? '' })}</p>
      <p><a href="/notice">${t('back_home')}</a></p>`,
  );
}
