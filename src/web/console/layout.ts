/**
 * The frame of console pages: who is signed in, the navigation their role allows, and sign-out
 * (a POST with the CSRF token). Console text is English for now; the public pages are the ones
 * translated.
 */
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import type { ConsoleAlerts, StaffSession } from './session.ts';

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
                      <li><a href="/staff/reports">Reports</a></li>
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
        ${who?.alerts ? alertBanner(who.alerts) : ''}
        <main id="main" class="wrap" tabindex="-1">${main}</main>
      </body>
    </html>`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Overdue requests and a stalled worker are impossible to miss: on every console page. */
function alertBanner(a: ConsoleAlerts): Html {
  const minutes = a.workerStalledSeconds === null ? 0 : Math.round(a.workerStalledSeconds / 60);
  return html`<div class="wrap">
    <div class="alert-banner" role="alert">
      <ul>
        ${
          a.overdueRequests > 0
            ? html`<li>
                <strong
                  >${plural(a.overdueRequests, 'removal request is', 'removal requests are')} past the 48-hour
                  deadline.</strong
                >
                <a href="/staff">Open the queue</a>; overdue requests are at the top.
              </li>`
            : ''
        }
        ${
          a.workerStalledSeconds !== null
            ? html`<li>
                <strong>The background worker is not running</strong>${
                  a.workerStalledSeconds >= 0
                    ? ` (its last pass was ${plural(minutes, 'minute', 'minutes')} ago)`
                    : ''
                }:
                deadline reminders, emails and platform notifications are waiting. Tell your operator.
              </li>`
            : ''
        }
        ${
          a.failedJobs > 0
            ? html`<li>
                ${plural(a.failedJobs, 'background job', 'background jobs')} failed after every retry; an
                admin can see which on the admin page.
              </li>`
            : ''
        }
      </ul>
    </div>
  </div>`;
}

export function emptyState(title: string, text: string): Html {
  return html`<div class="empty">
    <p><strong>${title}</strong></p>
    <p>${text}</p>
  </div>`;
}
