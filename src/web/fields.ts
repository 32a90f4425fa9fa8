/**
 * Form controls with their label, hint and error wired together (`aria-describedby`,
 * `aria-invalid`), so a screen reader announces the message next to the field it belongs to.
 */
import { html } from './html.ts';
import type { Html } from './html.ts';

export interface FieldOptions {
  name: string;
  /** Defaults to `name`; set it when one page holds two fields of the same name. */
  id?: string;
  label: string;
  value?: string;
  error?: string | null;
  hint?: string | null;
  tag?: string | null;
  type?: 'text' | 'email' | 'tel' | 'password' | 'url';
  inputmode?: string;
  autocomplete?: string;
  multiline?: boolean;
  required?: boolean;
}

export function describedBy(name: string, hint: unknown, error: unknown): string | null {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : null;
}

const attr = (name: string, value: string | null | undefined) => (value ? html` ${name}="${value}"` : html``);

export function field(o: FieldOptions): Html {
  const id = o.id ?? o.name;
  const desc = describedBy(id, o.hint, o.error);
  const common = html`id="${id}"
  name="${o.name}"${attr('aria-describedby', desc)}${o.error ? html` aria-invalid="true"` : ''}${o.required ? html` aria-required="true"` : ''}${attr('autocomplete', o.autocomplete)}`;
  const control = o.multiline
    ? html`<textarea ${common} rows="4">${o.value ?? ''}</textarea>`
    : html`<input
        type="${o.type ?? 'text'}"
        ${common}${attr('inputmode', o.inputmode)}
        value="${o.value ?? ''}"
      />`;
  return html`<div class="field${o.error ? ' invalid' : ''}">
    <label for="${id}">${o.label}${o.tag ? html` <span class="tag">(${o.tag})</span>` : ''}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${o.error ? html`<p class="error" id="${id}-error">${o.error}</p>` : ''} ${control}
  </div>`;
}

export function checkbox(o: { name: string; label: string; checked: boolean; error?: string | null }): Html {
  return html`<div class="field${o.error ? ' invalid' : ''}">
    ${o.error ? html`<p class="error" id="${o.name}-error">${o.error}</p>` : ''}
    <div class="check">
      <input
        type="checkbox"
        id="${o.name}"
        name="${o.name}"
        value="1"
        ${o.checked ? html` checked` : ''}${o.error ? html` aria-invalid="true" aria-describedby="${o.name}-error"` : ''}
      /><label for="${o.name}">${o.label}</label>
    </div>
  </div>`;
}

export function radios(o: {
  name: string;
  legend: string;
  value: string;
  options: readonly { value: string; label: string }[];
  hint?: string;
}): Html {
  return html`<fieldset${o.hint ? html` aria-describedby="${o.name}-hint"` : ''}>
    <legend>${o.legend}</legend>
    ${o.hint ? html`<p class="hint" id="${o.name}-hint">${o.hint}</p>` : ''}
    ${o.options.map(
      (opt) =>
        html`<div class="radio">
          <input
            type="radio"
            id="${o.name}-${opt.value}"
            name="${o.name}"
            value="${opt.value}"
            ${opt.value === o.value ? html` checked` : ''}
          /><label for="${o.name}-${opt.value}">${opt.label}</label>
        </div>`,
    )}
  </fieldset>`;
}

export function select(o: {
  name: string;
  id?: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  hint?: string;
}): Html {
  const id = o.id ?? o.name;
  return html`<div class="field">
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    <select id="${id}" name="${o.name}" ${o.hint ? html` aria-describedby="${id}-hint"` : ''}>
      ${o.options.map(
        (opt) =>
          html`<option value="${opt.value}" ${opt.value === o.value ? html` selected` : ''}>
            ${opt.label}
          </option>`,
      )}
    </select>
  </div>`;
}
