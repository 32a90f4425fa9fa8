/**
 * The transparency report as HTML: numbers in tables, the main ones also as inline SVG charts,
 * readable on screen and on paper. The same body serves the console's Reports page and
 * `redress report --format html` (a whole document around it). No personal data and no address of
 * an item is in the report: sites appear by host name only.
 */
import type { Distribution } from '../../domain/metrics.ts';
import type { TransparencyReport } from '../../domain/transparency.ts';
import { html, raw } from '../html.ts';
import type { Html } from '../html.ts';
import { barChart, columnChart } from './svg-charts.ts';
import { CHANNEL, LEGAL_BASIS, OUTCOME, REASON, label } from './transparency-labels.ts';

const day = (iso: string) => iso.slice(0, 10);
const percent = (share: number | null) => (share === null ? 'none' : `${Math.round(share * 100)}%`);
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const hours = (h: number | null) => (h === null ? 'none' : `${h} h`);

function countTable(caption: string, counts: Record<string, number>, words: Record<string, string>): Html {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Category</th>
        <th scope="col">Count</th>
      </tr>
    </thead>
    <tbody>
      ${
        rows.length
          ? rows.map(
              ([code, n]) =>
                html`<tr>
                  <th scope="row">${label(words, code)}</th>
                  <td>${n}</td>
                </tr>`,
            )
          : html`<tr>
              <td colspan="2">None in this period</td>
            </tr>`
      }
    </tbody>
  </table>`;
}

function timingRow(name: string, d: Distribution): Html {
  return html`<tr>
    <th scope="row">${name}</th>
    <td>${d.count}</td>
    <td>${hours(d.medianHours)}</td>
    <td>${hours(d.p95Hours)}</td>
  </tr>`;
}

export function transparencyBody(r: TransparencyReport): Html {
  const weeks = r.weeks.map((w) => ({
    label: day(w.weekStart).slice(5),
    value: w.share === null ? 0 : Math.round(w.share * 100),
    text: percent(w.share),
  }));
  return html`<section class="report" aria-labelledby="report-title">
    <h1 id="report-title">Transparency report, ${day(r.from)} to ${day(r.to)}</h1>
    <p class="report-summary">
      ${count(r.requests.total, 'removal request')} received; ${r.timing.removedWithin48h.removed} acted on by
      removal, ${percent(r.timing.removedWithin48h.share)} of them within 48 hours.
      ${count(r.copies.found, 'copy', 'copies')} found, ${count(r.uploadBlocks.total, 're-upload')} blocked,
      ${count(r.appeals.filed, 'appeal')}.
    </p>

    <h2>Requests</h2>
    ${barChart(
      'Requests by legal basis',
      Object.entries(r.requests.byLegalBasis).map(([code, value]) => ({
        label: label(LEGAL_BASIS, code),
        value,
      })),
    )}
    <div class="report-tables">
      ${countTable('Requests by legal basis', r.requests.byLegalBasis, LEGAL_BASIS)}
      ${countTable('Requests by channel', r.requests.byChannel, CHANNEL)}
      ${countTable('Requests by outcome', r.requests.byOutcome, OUTCOME)}
      ${countTable('Reasons for refusal', r.requests.rejectionReasons, REASON)}
    </div>
    <p>Requests involving a suspected minor: ${r.requests.minorInvolved}.</p>

    <h2>Time to act</h2>
    ${columnChart('Share of removals within 48 hours, by week received', weeks, 100, '%')}
    <table>
      <caption>
        Hours from receipt
      </caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Count</th>
          <th scope="col">Median</th>
          <th scope="col">95% within</th>
        </tr>
      </thead>
      <tbody>
        ${timingRow('Acknowledged', r.timing.acknowledge)} ${timingRow('Decided', r.timing.decide)}
        ${timingRow('Removed', r.timing.remove)}
      </tbody>
    </table>
    <p>Acknowledged: checked for the elements the law requires, with the requester told what is missing.</p>
    <table>
      <caption>
        By week received
      </caption>
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col">Received</th>
          <th scope="col">Removed</th>
          <th scope="col">Within 48 hours</th>
        </tr>
      </thead>
      <tbody>
        ${r.weeks.map(
          (w) =>
            html`<tr>
              <th scope="row">${day(w.weekStart)}</th>
              <td>${w.received}</td>
              <td>${w.removed}</td>
              <td>${w.removedWithin48h} (${percent(w.share)})</td>
            </tr>`,
        )}
      </tbody>
    </table>

    <h2>Copies and re-uploads</h2>
    <table>
      <caption>
        Copies of removed content found on the platform
      </caption>
      <tbody>
        <tr>
          <th scope="row">Found</th>
          <td>${r.copies.found}</td>
        </tr>
        <tr>
          <th scope="row">Removed automatically (exact copies)</th>
          <td>${r.copies.removedAutomatically}</td>
        </tr>
        <tr>
          <th scope="row">Confirmed by staff and removed</th>
          <td>${r.copies.confirmedByStaff}</td>
        </tr>
        <tr>
          <th scope="row">Dismissed by staff</th>
          <td>${r.copies.dismissed}</td>
        </tr>
        <tr>
          <th scope="row">Waiting for review</th>
          <td>${r.copies.awaitingReview}</td>
        </tr>
      </tbody>
    </table>
    <table>
      <caption>
        Uploads blocked before publication
      </caption>
      <tbody>
        <tr>
          <th scope="row">Blocked</th>
          <td>${r.uploadBlocks.total}</td>
        </tr>
        <tr>
          <th scope="row">By exact match</th>
          <td>${r.uploadBlocks.exact}</td>
        </tr>
        <tr>
          <th scope="row">By perceptual match</th>
          <td>${r.uploadBlocks.perceptual}</td>
        </tr>
      </tbody>
    </table>

    <h2>Appeals</h2>
    <table>
      <caption>
        Appeals filed in the period
      </caption>
      <tbody>
        <tr>
          <th scope="row">Filed</th>
          <td>${r.appeals.filed}</td>
        </tr>
        <tr>
          <th scope="row">Decision upheld</th>
          <td>${r.appeals.upheld}</td>
        </tr>
        <tr>
          <th scope="row">Decision overturned</th>
          <td>${r.appeals.overturned}</td>
        </tr>
        <tr>
          <th scope="row">Open</th>
          <td>${r.appeals.open}</td>
        </tr>
      </tbody>
    </table>

    <h2>Use of automated means</h2>
    <p>${r.automatedMeans.description}</p>
    <table>
      <caption>
        Automated means and their accuracy
      </caption>
      <tbody>
        <tr>
          <th scope="row">Copies removed without human review</th>
          <td>${r.automatedMeans.removedWithoutHumanReview}</td>
        </tr>
        <tr>
          <th scope="row">Perceptual matches reviewed by staff</th>
          <td>${r.automatedMeans.nearCopiesReviewed}</td>
        </tr>
        <tr>
          <th scope="row">Share of reviewed matches confirmed</th>
          <td>${percent(r.automatedMeans.nearCopyPrecision)}</td>
        </tr>
      </tbody>
    </table>

    <h2>Removals by site</h2>
    ${
      r.removalsByHost.length
        ? barChart(
            'Removed items by site',
            r.removalsByHost.slice(0, 15).map((h) => ({ label: h.host, value: h.removed })),
          )
        : html`<p>No removed item had a web address in this period.</p>`
    }
  </section>`;
}

export const REPORT_CSS = raw(`
.report table { border-collapse: collapse; margin: 0 0 1.5rem; min-width: 18rem; }
.report caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.report th, .report td { border-bottom: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; }
.report td { text-align: right; font-variant-numeric: tabular-nums; }
.report-tables { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.chart { max-width: 44rem; display: block; margin: 0.5rem 0 1rem; }
.chart-bar { fill: #2f5d8a; }
.chart-axis { stroke: #555; }
.chart-label, .chart-value { font: 15px system-ui, sans-serif; fill: #222; }
@media (max-width: 40rem) {
  .report table { min-width: 0; width: 100%; }
  .report th, .report td { padding: 0.25rem 0.3rem; }
  .report-tables { display: block; }
}
@media print { .chart-bar { fill: #444; } a { color: inherit; } }
`);

/** A whole printable document, as `redress report --format html` writes it. */
export function transparencyDocument(r: TransparencyReport): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Transparency report ${day(r.from)} to ${day(r.to)}</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; margin: 1rem auto; max-width: 60rem; padding: 0 1rem; color: #111; }${REPORT_CSS}
        </style>
      </head>
      <body>
        <main>${transparencyBody(r)}</main>
      </body>
    </html> `.value;
}
