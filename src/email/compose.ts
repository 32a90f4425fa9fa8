/**
 * An email as a short list of blocks (paragraphs, lists, links), written out twice: as plain
 * text, where a link is its label and the address on the next line, and as a simple HTML part in
 * which every value is escaped by the pages' `html` template.
 */
import { html } from '../web/html.ts';
import type { Html } from '../web/html.ts';
import type { Language } from '../domain/language.ts';

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'link'; label: string; url: string };

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export const p = (text: string): Block => ({ kind: 'p', text });
export const link = (label: string, url: string): Block => ({ kind: 'link', label, url });
export const list = (items: string[]): Block => ({ kind: 'list', items });

function textOf(block: Block): string {
  if (block.kind === 'p') return block.text;
  if (block.kind === 'list') return block.items.map((i) => `- ${i}`).join('\n');
  return `${block.label}:\n${block.url}`;
}

function htmlOf(block: Block): Html {
  if (block.kind === 'p') return html`<p>${block.text}</p>`;
  if (block.kind === 'list')
    return html`<ul>
      ${block.items.map((i) => html`<li>${i}</li>`)}
    </ul>`;
  return html`<p><a href="${block.url}">${block.label}</a></p>`;
}

export function compose(language: Language, subject: string, blocks: Block[], footer: string): Rendered {
  const text = [...blocks.map(textOf), '--', footer].join('\n\n') + '\n';
  const body = html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <title>${subject}</title>
      </head>
      <body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
        ${blocks.map(htmlOf)}
        <hr />
        <p style="color: #555; font-size: 0.9em">${footer}</p>
      </body>
    </html>`;
  return { subject, text, html: body.value };
}

/** "Friday 4 December 2026 at 15:10 UTC" / "viernes, 4 de diciembre de 2026, 15:10 UTC". */
export function humanDate(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-ES' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(new Date(iso));
}
