/**
 * The frame of console pages: who is signed in, the navigation their role allows, and sign-out
 * (a POST with the CSRF token). Console text is English for now; the public pages are the ones
 * translated.
 */
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import type { StaffSession } from './session.ts';

export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

export function consolePage(title: string, who: StaffSession | null, main: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>${title} · Redress console</title>
        <link rel="stylesheet" href="/assets/redress.css" />
        <script src="/assets/redress.js" defer></script>
      </head>
      <body class="wide">
        <a class="skip" href="#main">Skip to main content</a>
        <header class="site">
          <div class="wrap bar">
            <a class="brand" href="/staff">Redress console</a>
            ${
              who
                ? html`<nav aria-label="Console">
                    <ul class="inline">
                      <li><a href="/staff">Queue</a></li>
                      <li><a href="/staff/banks">Banks</a></li>
                      ${who.principal.role !== 'auditor' ? html`<li><a href="/staff/settings">Previews</a></li>` : ''}
                      ${who.principal.role === 'admin' ? html`<li><a href="/staff/admin">Admin</a></li>` : ''}
                      <li><span>${who.email} (${who.principal.role})</span></li>
                      <li>
                        <form method="post" action="/staff/logout">
                          ${csrfField(who.csrf)}<button type="submit" class="link">Sign out</button>
                        </form>
                      </li>
                    </ul>
                  </nav>`
                : ''
            }
          </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">${main}</main>
      </body>
    </html>`;
}

export function emptyState(title: string, text: string): Html {
  return html`<div class="empty">
    <p><strong>${title}</strong></p>
    <p>${text}</p>
  </div>`;
}
