/**
 * A moment on a public page: written server-side in UTC with the zone named (so it is right
 * without JavaScript), inside a `<time data-local>` that the browser bundle rewrites in the
 * reader's own time zone.
 */
import { html } from './html.ts';
import type { Html } from './html.ts';
import type { I18n } from './i18n/index.ts';

export function localTime(i18n: I18n, iso: string): Html {
  return html`<time datetime="${iso}" data-local>${i18n.dateTime(iso)}</time>`;
}

/** The browser side: the same moment in the reader's zone and the page's language. */
export function localiseTimes(root: ParentNode, lang: string): void {
  const format = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  root.querySelectorAll<HTMLTimeElement>('time[data-local]').forEach((node) => {
    const when = Date.parse(node.dateTime);
    if (!Number.isNaN(when)) node.textContent = format.format(when);
  });
}
