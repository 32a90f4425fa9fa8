/**
 * Exposure on the admin page: previews revealed per day across all reviewers and how many
 * reviewers reached the break threshold. Aggregates only: an admin never sees another reviewer's
 * per-item history here (which items were revealed is in the audit log, for audits).
 */
import type { RevealDayTotal } from '../../db/repositories/previews-repository.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';

export function exposureSection(days: readonly RevealDayTotal[], threshold: number): Html {
  return html`<h2 id="exposure">Reviewer exposure</h2>
    <p class="hint">
      Previews revealed (in colour or sharp) per day, UTC, over the last 14 days. Reviewers are offered a
      break after ${threshold} in a day (REDRESS_REVEALS_BEFORE_BREAK).
    </p>
    ${
      days.length === 0
        ? html`<p>No previews revealed.</p>`
        : html`<table class="stack" data-exposure>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Reveals</th>
                <th scope="col">Reviewers who revealed</th>
                <th scope="col">Reviewers past the break threshold</th>
              </tr>
            </thead>
            <tbody>
              ${days.map(
                (d) =>
                  html`<tr>
                    <td data-label="Day">${d.day}</td>
                    <td data-label="Reveals" data-total>${String(d.reveals)}</td>
                    <td data-label="Reviewers who revealed">${String(d.reviewers)}</td>
                    <td data-label="Reviewers past the break threshold" data-past>
                      ${String(d.pastThreshold)}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
