/**
 * The console's Reports page: the transparency report for a period chosen in a small form
 * (default: the last 30 days), the same body `redress report --format html` prints, with links to
 * the CSV and JSON of the same period.
 */
import type { TransparencyReport } from '../../domain/transparency.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { REPORT_CSS, transparencyBody } from '../reports/transparency-html.ts';
import { consolePage } from './layout.ts';
import type { StaffSession } from './session.ts';

export function reportsPage(
  who: StaffSession,
  period: { from: string; to: string },
  report: TransparencyReport | null,
  problem?: string,
): Html {
  const query = `from=${period.from}&to=${period.to}`;
  return consolePage(
    'Reports',
    who,
    html`<style>
        ${REPORT_CSS}
      </style>
      <form method="get" action="/staff/reports" class="actions-row" aria-label="Report period">
        <label>From <input type="date" name="from" value="${period.from}" required /></label>
        <label>To <input type="date" name="to" value="${period.to}" required /></label>
        <button type="submit">Show</button>
        ${
          report
            ? html`<a href="/staff/reports.csv?${query}">Download CSV</a>
                <a href="/staff/reports.json?${query}">Download JSON</a>`
            : ''
        }
      </form>
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
      ${report ? transparencyBody(report) : ''}`,
  );
}
