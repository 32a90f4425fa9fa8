/**
 * A reviewer's own preview settings: how strong the blur is and whether the first view is grey,
 * with today's reveal count and the break suggestion. Only the reviewer sees their own count.
 */
import { BLUR_CHOICES } from '../../domain/preview.ts';
import type { PreviewSettings } from '../../domain/preview.ts';
import { checkbox } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { consolePage, csrfField } from './layout.ts';
import { breakNotice } from './preview-parts.ts';
import type { StaffSession } from './session.ts';

export function previewSettingsPage(
  who: StaffSession,
  settings: PreviewSettings,
  revealsToday: number,
  threshold: number,
  saved: boolean,
): Html {
  const main = html`<h1>Preview settings</h1>
    ${saved ? html`<div class="notice-ok" role="status"><p>Settings saved.</p></div>` : ''}
    ${breakNotice(revealsToday, threshold)}
    <p>
      Reported media is first shown small and blurred. You reveal one preview at a time: first in colour,
      still blurred, then sharp. These settings change only the first, blurred view, and only yours.
    </p>
    <form method="post" action="/staff/settings" class="stack-form">
      ${csrfField(who.csrf)}
      <fieldset>
        <legend>Blur strength</legend>
        ${BLUR_CHOICES.map(
          (c) =>
            html`<p>
              <input
                type="radio"
                id="blur-${String(c.sigma)}"
                name="blur"
                value="${String(c.sigma)}"
                ${c.sigma === settings.blurSigma ? html` checked` : ''}
              />
              <label for="blur-${String(c.sigma)}">${c.name}</label>
            </p>`,
        )}
      </fieldset>
      ${checkbox({ name: 'greyscale', label: 'Show the blurred view in greyscale', checked: settings.greyscale })}
      <p><button type="submit">Save settings</button></p>
    </form>
    <h2>Today</h2>
    <p data-reveals-today>
      You revealed ${revealsToday} ${revealsToday === 1 ? 'preview' : 'previews'} today (UTC). The console
      suggests a break after ${threshold}.
    </p>`;
  return consolePage('Preview settings', who, main);
}
