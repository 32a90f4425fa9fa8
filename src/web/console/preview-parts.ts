/**
 * The safe previews on console pages: a blurred image per case item or copy, with links to reveal
 * one at a time (colour, still blurred; then sharp) and to blur it again; the break suggestion
 * once a reviewer's reveals today pass the operator's number. Auditors see no media: a preview
 * is the content itself, and reading the record does not need it.
 */
import { isPreviewLevel } from '../../domain/preview.ts';
import type { PreviewLevel } from '../../domain/preview.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';

export interface RevealTarget {
  target: 'item' | 'copy';
  id: string;
  level: PreviewLevel;
}

/** What a case page shows of previews: whether this reviewer may, and which one is revealed. */
export interface CasePreviews {
  enabled: boolean;
  caseNumber: string;
  reveal: RevealTarget | null;
  notice: Html | string;
}

export const NO_PREVIEWS: CasePreviews = { enabled: false, caseNumber: '', reveal: null, notice: '' };

/** `?reveal=item:<id>:colour` names the one preview shown beyond the blurred default. */
export function parseReveal(raw: string | undefined): RevealTarget | null {
  const match = /^(item|copy):([\w-]{1,64}):(\w+)$/.exec(raw ?? '');
  if (!match || !isPreviewLevel(match[3]) || match[3] === 'blur') return null;
  return { target: match[1] as 'item' | 'copy', id: match[2], level: match[3] };
}

const LEVEL_WORDS: Record<PreviewLevel, string> = {
  blur: 'Blurred',
  colour: 'In colour, still blurred',
  sharp: 'Sharp',
};

/** One preview with its reveal links; `name` says what it shows ("item 1", "the possible copy"). */
export function previewFigure(
  p: CasePreviews,
  target: 'item' | 'copy',
  id: string,
  name: string,
  /** Where on the page, when the same media is shown twice (an item next to its near copy). */
  place = 'preview',
): Html {
  if (!p.enabled) return html``;
  const revealed = p.reveal && p.reveal.target === target && p.reveal.id === id ? p.reveal.level : 'blur';
  const anchor = `${place}-${target}-${id}`;
  const link = (level: PreviewLevel) =>
    `/staff/requests/${p.caseNumber}${level === 'blur' ? '' : `?reveal=${target}:${id}:${level}`}#${anchor}`;
  const next =
    revealed === 'blur'
      ? html`<a href="${link('colour')}">Reveal ${name} in colour (still blurred)</a>`
      : revealed === 'colour'
        ? html`<a href="${link('sharp')}">Reveal ${name} sharp</a> · <a href="${link('blur')}">Blur again</a>`
        : html`<a href="${link('blur')}">Blur ${name} again</a>`;
  return html`<figure
    class="safe-preview"
    id="${anchor}"
    data-preview="${target}:${id}"
    data-level="${revealed}"
  >
    <img
      src="/staff/previews/${target}/${id}?level=${revealed}"
      alt="${LEVEL_WORDS[revealed]} preview of ${name}"
      loading="lazy"
      data-preview-img
    />
    <figcaption>${LEVEL_WORDS[revealed]}. ${next}</figcaption>
  </figure>`;
}

/** The suggestion to pause, once today's reveals reach the operator's number. */
export function breakNotice(revealsToday: number, threshold: number): Html | string {
  if (revealsToday < threshold) return '';
  return html`<div class="summary" role="status" data-break>
    <p>
      You have revealed ${revealsToday} previews today. Consider taking a break: step away from the screen for
      a while, or ask a colleague to take the next cases.
    </p>
  </div>`;
}
