/**
 * The public notice of the removal process (TIDA-B1): what the platform does, who may ask, what
 * a request needs, the 48-hour promise, what happens next, and where else to find help.
 */
import { html, safeHref } from '../html.ts';
import type { Html } from '../html.ts';
import { platformNameStart, publicPage } from '../layout.ts';
import type { PublicContext } from '../layout.ts';

const HELP = [
  { href: 'https://stopncii.org/', key: 'help_stopncii' },
  { href: 'https://takeitdown.ncmec.org/', key: 'help_takeitdown' },
  { href: 'https://reportfraud.ftc.gov/', key: 'help_ftc' },
] as const;

function contactLine(ctx: PublicContext): Html {
  const c = ctx.web.contact;
  if (!c) return html``;
  const href = c.includes('@') && !c.includes('/') ? `mailto:${c}` : safeHref(c);
  const link = html`<a href="${href}">${c}</a>`;
  const [before, after] = ctx.i18n.t('notice_contact', { contact: '\u0000' }).split('\u0000');
  return html`<p>${before}${link}${after}</p>`;
}

export function noticePage(ctx: PublicContext, requestHref: string): Html {
  const { t } = ctx.i18n;
  const main = html`<h1>${t('notice_title')}</h1>
    <p class="lead">${t('notice_lead', { platform: platformNameStart(ctx) })}</p>
    <p><a class="button" href="${requestHref}">${t('notice_cta')}</a></p>
    <section class="promise" aria-labelledby="promise-h">
      <h2 id="promise-h">${t('notice_promise_h')}</h2>
      <p>${t('notice_promise')}</p>
    </section>
    ${ctx.web.noticeExtra ? html`<p>${ctx.web.noticeExtra}</p>` : ''}
    <h2>${t('notice_who_h')}</h2>
    <ul>
      <li>${t('notice_who_self')}</li>
      <li>${t('notice_who_rep')}</li>
    </ul>
    <h2>${t('notice_need_h')}</h2>
    <ol>
      <li>${t('notice_need_sig')}</li>
      <li>${t('notice_need_loc')}</li>
      <li>${t('notice_need_stmt')}</li>
      <li>${t('notice_need_contact')}</li>
    </ol>
    <p>${t('notice_need_opt')}</p>
    <h2>${t('notice_privacy_h')}</h2>
    <p>${t('notice_privacy')}</p>
    <h2>${t('notice_next_h')}</h2>
    <ol>
      <li>${t('notice_next_1')}</li>
      <li>${t('notice_next_2')}</li>
      <li>${t('notice_next_3')}</li>
      <li>${t('notice_next_4')}</li>
    </ol>
    <p><a class="button" href="${requestHref}">${t('notice_cta')}</a></p>
    <h2>${t('notice_help_h')}</h2>
    <ul>
      ${HELP.map((h) => html`<li><a href="${h.href}" rel="noopener noreferrer">${t(h.key)}</a></li>`)}
      <li>${t('help_emergency')}</li>
    </ul>
    ${contactLine(ctx)}
    <p>${t('notice_status')} <a href="/requests/lost-link">${t('nav_lost')}</a></p>`;
  return publicPage(ctx, t('notice_title'), main);
}
