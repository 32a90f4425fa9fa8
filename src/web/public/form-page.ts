/**
 * The removal-request form (TIDA-C1, C2, C5, C6). Works as a plain form post; the browser bundle
 * adds in-page fingerprinting of the requester's own copy (only the PDQ and SHA-256 codes are
 * posted, the file input has no name so its bytes can never be sent) and the proof-of-work.
 */
import { CAPACITIES, LEGAL_BASES } from '../../domain/request.ts';
import { checkbox, field, radios, select } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import type { MessageKey } from '../i18n/index.ts';
import { platformName, publicPage } from '../layout.ts';
import type { PublicContext } from '../layout.ts';
import type { FieldErrors, FormValues, ItemValues } from './form-model.ts';

export interface FormPageOptions {
  values: FormValues;
  errors: FieldErrors;
  powChallenge: string;
  powBits: number;
  offerSendAnyway: boolean;
  banner?: MessageKey;
}

function itemBlock(
  ctx: PublicContext,
  item: ItemValues,
  i: number,
  count: number,
  errors: FieldErrors,
): Html {
  const { t } = ctx.i18n;
  const err = (name: string) => (errors.has(name) ? t(errors.get(name)!) : null);
  const fileErr = err(`item_file_${i}`);
  return html`<div class="item" data-item="${i}">
    <h2 class="item-h" id="item-${i}-h">${t('item_n', { n: i + 1 })}</h2>
    ${field({ name: `item_url_${i}`, label: t('item_url_label'), value: item.url, error: err(`item_url_${i}`), inputmode: 'url', type: 'text', autocomplete: 'off' })}
    ${field({ name: `item_id_${i}`, label: t('item_id_label'), value: item.platformItemId, error: err(`item_id_${i}`) })}
    ${field({ name: `item_desc_${i}`, label: t('item_desc_label'), value: item.description, error: err(`item_desc_${i}`) })}
    <fieldset class="evidence js-only" hidden>
      <legend>${t('evidence_legend')}</legend>
      <div class="radio">
        <input
          type="radio"
          id="evidence_${i}-none"
          name="evidence_${i}"
          value="none"
          ${item.pdq ? '' : html` checked`}
        /><label for="evidence_${i}-none">${t('evidence_none')}</label>
      </div>
      <div class="radio">
        <input
          type="radio"
          id="evidence_${i}-hash"
          name="evidence_${i}"
          value="hash"
          ${item.pdq ? html` checked` : ''}
        /><label for="evidence_${i}-hash">${t('evidence_hash')}</label>
      </div>
      <div class="field hash-field" ${item.pdq ? '' : html` hidden`}>
        <label for="item_file_${i}">${t('file_label')}</label>
        <p class="hint" id="item_file_${i}-hint">${t('hash_explain')}</p>
        ${fileErr ? html`<p class="error" id="item_file_${i}-error">${fileErr}</p>` : ''}
        <input
          type="file"
          id="item_file_${i}"
          accept="image/*"
          aria-describedby="item_file_${i}-hint item_file_${i}-status"
        />
        <p class="status-line" id="item_file_${i}-status" role="status" aria-live="polite">
          ${item.pdq ? t('hash_done') : ''}
        </p>
        <p class="hashed" data-hash-view>${item.pdq ? `PDQ ${item.pdq}` : ''}</p>
      </div>
    </fieldset>
    <input type="hidden" name="item_pdq_${i}" value="${item.pdq}" />
    <input type="hidden" name="item_sha256_${i}" value="${item.sha256}" />
    <input type="hidden" name="item_variants_${i}" value="${item.variants}" />
    ${count > 1 ? html`<button type="submit" class="link" name="action" value="remove_${i}" formnovalidate>${t('remove_item', { n: i + 1 })}</button>` : ''}
  </div>`;
}

function errorSummary(ctx: PublicContext, errors: FieldErrors): Html {
  if (errors.size === 0) return html``;
  const { t } = ctx.i18n;
  // autofocus (and the page script, for older browsers) moves focus here, so a screen reader
  // reads what is wrong first and keyboard users start from the list of fields to fix.
  return html`<div class="summary" role="alert" tabindex="-1" id="error-summary" autofocus>
    <h2>${t('errors_h')}</h2>
    <p>${t('errors_hint')}</p>
    <ul>
      ${[...errors].map(([name, key]) => html`<li><a href="#${name}">${t(key)}</a></li>`)}
    </ul>
  </div>`;
}

export function formPage(ctx: PublicContext, o: FormPageOptions): Html {
  const { t } = ctx.i18n;
  const v = o.values;
  const err = (name: string) => (o.errors.has(name) ? t(o.errors.get(name)!) : null);
  const showCopyright = v.legalBasis === 'dmca' || o.errors.has('copyrightedWork');
  const main = html`<h1>${t('form_title')}</h1>
    <p>${t('form_intro')}</p>
    ${o.banner ? html`<div class="summary" role="alert"><p>${t(o.banner)}</p></div>` : ''}
    ${errorSummary(ctx, o.errors)}
    <form
      method="post"
      action="/request"
      id="request-form"
      novalidate
      data-pow-bits="${o.powBits}"
      data-msg-working="${t('hash_working')}"
      data-msg-done="${t('hash_done')}"
      data-msg-failed="${t('hash_failed')}"
    >
      <button type="submit" hidden tabindex="-1">${t('submit')}</button>
      <input type="hidden" name="pow_challenge" value="${o.powChallenge}" />
      <input type="hidden" name="pow_nonce" value="" />
      ${radios({ name: 'role', legend: t('who_legend'), value: v.role, options: (['depicted_person', 'authorised_representative'] as const).map((r) => ({ value: r, label: t(`role_${r}`) })) })}
      <div class="rep-only">
        ${select({ name: 'capacity', label: `${t('capacity_label')} (${t('optional')})`, value: v.capacity, options: [{ value: '', label: '—' }, ...CAPACITIES.map((c) => ({ value: c, label: t(`capacity_${c}`) }))] })}
        ${field({ name: 'authorityEvidence', label: t('authority_label'), value: v.authorityEvidence, error: err('authorityEvidence'), multiline: true })}
      </div>
      <fieldset>
        <legend>${t('items_legend')} <span class="tag">(${t('required')})</span></legend>
        <p class="hint">${t('items_hint', { platform: platformName(ctx) })}</p>
        <noscript><p class="hint">${t('hash_nojs')}</p></noscript>
        <div id="items">${v.items.map((item, i) => itemBlock(ctx, item, i, v.items.length, o.errors))}</div>
        <button type="submit" class="secondary" name="action" value="add_item" formnovalidate id="add-item">
          ${t('add_item')}
        </button>
      </fieldset>
      <fieldset>
        <legend>${t('statement_legend')}</legend>
        ${field({ name: 'goodFaithStatement', label: t('good_faith_label'), tag: t('required'), hint: t('good_faith_hint'), value: v.goodFaithStatement, error: err('goodFaithStatement'), multiline: true, required: true })}
        ${field({ name: 'context', label: t('context_label'), value: v.context, error: err('context'), multiline: true })}
        ${checkbox({ name: 'aiGeneratedBelief', label: t('ai_label'), checked: v.aiGeneratedBelief })}
        ${checkbox({ name: 'minorInvolved', label: t('minor_label'), checked: v.minorInvolved })}
      </fieldset>
      <fieldset>
        <legend>${t('contact_legend')} <span class="tag">(${t('required')})</span></legend>
        <p class="hint">${t('contact_hint')}</p>
        ${field({ name: 'email', label: t('email_label'), value: v.email, error: err('email'), type: 'email', autocomplete: 'email' })}
        ${field({ name: 'phone', label: t('phone_label'), value: v.phone, error: err('phone'), type: 'tel', autocomplete: 'tel' })}
        ${field({ name: 'postalAddress', label: t('postal_label'), value: v.postalAddress, error: err('postalAddress'), multiline: true, autocomplete: 'street-address' })}
      </fieldset>
      ${radios({ name: 'legalBasis', legend: t('basis_label'), hint: t('basis_hint'), value: v.legalBasis, options: LEGAL_BASES.map((b) => ({ value: b, label: t(`basis_${b}`) })) })}
      <fieldset>
        <legend>${t('signature_legend')}</legend>
        ${field({ name: 'signature', label: t('signature_label'), tag: t('required'), hint: t('signature_hint'), value: v.signature, error: err('signature'), autocomplete: 'name', required: true })}
        ${checkbox({ name: 'bonaFideStatement', label: t('bona_fide_label'), checked: v.bonaFideStatement, error: err('bonaFideStatement') })}
        ${checkbox({ name: 'perjuryStatement', label: t('perjury_label'), checked: v.perjuryStatement, error: err('perjuryStatement') })}
        ${showCopyright ? field({ name: 'copyrightedWork', label: t('copyright_label'), value: v.copyrightedWork, error: err('copyrightedWork'), multiline: true }) : ''}
      </fieldset>
      <p class="hint">${t('pow_note')}</p>
      <p><button type="submit" id="submit">${t('submit')}</button></p>
      ${
        o.offerSendAnyway
          ? html`<p class="hint" id="anyway-hint">${t('submit_anyway_hint')}</p>
              <p>
                <button type="submit" class="secondary" name="force" value="1" aria-describedby="anyway-hint">
                  ${t('submit_anyway')}
                </button>
              </p>`
          : ''
      }
    </form>`;
  return publicPage(ctx, t('form_title'), main);
}
