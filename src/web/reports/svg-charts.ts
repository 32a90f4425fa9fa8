/**
 * Small charts drawn as inline SVG, so a report needs no script, prints as it shows and keeps its
 * numbers in the page (each bar has a title and a text label; the table beside it has them all).
 */
import { html } from '../html.ts';
import type { Html } from '../html.ts';

export interface Bar {
  label: string;
  value: number;
  /** Text shown at the bar's end; defaults to the value. */
  text?: string;
}

const WIDTH = 640;

/** Horizontal bars, one per row, scaled to `max` (default: the largest value). */
export function barChart(title: string, bars: readonly Bar[], max?: number): Html {
  const rowHeight = 28;
  const labelWidth = 230;
  const plot = WIDTH - labelWidth - 70;
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const height = Math.max(1, bars.length) * rowHeight + 8;
  return html`<svg
    class="chart"
    viewBox="0 0 ${WIDTH} ${height}"
    width="100%"
    role="img"
    aria-label="${title}"
  >
    <title>${title}</title>
    ${bars.map((bar, i) => {
      const y = 4 + i * rowHeight;
      const w = Math.round((bar.value / top) * plot);
      return html`<g>
        <title>${bar.label}: ${bar.text ?? String(bar.value)}</title>
        <text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end" class="chart-label">${bar.label}</text>
        <rect
          x="${labelWidth}"
          y="${y + 4}"
          width="${Math.max(w, bar.value > 0 ? 2 : 0)}"
          height="${rowHeight - 10}"
          class="chart-bar"
        ></rect>
        <text x="${labelWidth + w + 6}" y="${y + 18}" class="chart-value"
          >${bar.text ?? String(bar.value)}</text
        >
      </g>`;
    })}
  </svg>`;
}

/** Vertical columns over time (e.g. weeks), values 0..max, with the axis labelled at 0 and max. */
export function columnChart(title: string, columns: readonly Bar[], max: number, unit = ''): Html {
  const height = 200;
  const left = 40;
  const bottom = 40;
  const plotHeight = height - bottom - 10;
  const step = (WIDTH - left - 10) / Math.max(1, columns.length);
  const barWidth = Math.max(4, step * 0.6);
  return html`<svg
    class="chart"
    viewBox="0 0 ${WIDTH} ${height}"
    width="100%"
    role="img"
    aria-label="${title}"
  >
    <title>${title}</title>
    <line x1="${left}" y1="10" x2="${left}" y2="${10 + plotHeight}" class="chart-axis"></line>
    <line
      x1="${left}"
      y1="${10 + plotHeight}"
      x2="${WIDTH - 10}"
      y2="${10 + plotHeight}"
      class="chart-axis"
    ></line>
    <text x="${left - 6}" y="16" text-anchor="end" class="chart-label">${max}${unit}</text>
    <text x="${left - 6}" y="${10 + plotHeight}" text-anchor="end" class="chart-label">0${unit}</text>
    ${columns.map((c, i) => {
      const h = Math.round((Math.min(c.value, max) / max) * plotHeight);
      const x = left + i * step + (step - barWidth) / 2;
      return html`<g>
        <title>${c.label}: ${c.text ?? String(c.value)}</title>
        <rect x="${x}" y="${10 + plotHeight - h}" width="${barWidth}" height="${h}" class="chart-bar"></rect>
        <text x="${x + barWidth / 2}" y="${height - 22}" text-anchor="middle" class="chart-label"
          >${c.label}</text
        >
        <text x="${x + barWidth / 2}" y="${height - 6}" text-anchor="middle" class="chart-value"
          >${c.text ?? String(c.value)}</text
        >
      </g>`;
    })}
  </svg>`;
}
