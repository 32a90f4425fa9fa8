/**
 * The frame of every public page: language switch, landmarks, skip link, footer. Pages pass
 * their `<main>` content; the layout adds nothing that depends on request data except the
 * escaped platform name and the current path for the language links.
 */
import type { WebConfig } from './config.ts';
import { html } from './html.ts';
import type { Html } from './html.ts';
import { LOCALES } from './i18n/index.ts';
import type { I18n } from './i18n/index.ts';

/** Each language named in itself, so a reader finds their own whatever the page's language. */
const LANGUAGE_NAMES: Record<(typeof LOCALES)[number], string> = { en: 'English', es: 'Español' };

export interface PublicContext {
  readonly i18n: I18n;
  readonly web: WebConfig;
  /** Path and query of this page, for the language links (re-rendered with `lang=`). */
  readonly url: string;
}

export function platformName(ctx: PublicContext): string {
  return ctx.web.platformName ?? ctx.i18n.t('this_platform');
}

/** The same, where it starts a sentence ("This platform removes ..."). */
export function platformNameStart(ctx: PublicContext): string {
  return ctx.web.platformName ?? ctx.i18n.t('this_platform_start');
}

function langHref(url: string, locale: string): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', locale);
  return `${u.pathname}${u.search}`;
}

export function publicPage(ctx: PublicContext, title: string, main: Html): Html {
  const { t, locale } = ctx.i18n;
  const name = platformName(ctx);
  const logo = ctx.web.logoUrl;
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · ${name}</title>
        <link rel="stylesheet" href="/assets/redress.css" />
        <script src="/assets/redress.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">${t('skip')}</a>
        <header class="site">
          <div class="wrap bar">
            <a class="brand" href="/notice"
              >${logo ? html`<img src="${logo}" alt="" height="32" />` : ''}<span
                >${ctx.web.platformName ?? 'Redress'}</span
              ></a
            >
            <nav aria-label="${t('lang_label')}" class="langs">
              <ul>
                ${LOCALES.map((l) =>
                  l === locale
                    ? html`<li><span aria-current="true" lang="${l}">${LANGUAGE_NAMES[l]}</span></li>`
                    : html`<li>
                        <a href="${langHref(ctx.url, l)}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a>
                      </li>`,
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">${main}</main>
        <footer class="site">
          <div class="wrap">
            <nav aria-label="Redress">
              <ul class="inline">
                <li><a href="/notice">${t('nav_notice')}</a></li>
                <li><a href="/request">${t('nav_form')}</a></li>
                <li><a href="/requests/lost-link">${t('nav_lost')}</a></li>
              </ul>
            </nav>
            <p>${t('footer', { platform: name })}</p>
          </div>
        </footer>
      </body>
    </html>`;
}
