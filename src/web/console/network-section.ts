/**
 * The admin page's hash-network section: each feed this instance follows (StopNCII, NCMEC,
 * federation subscriptions) with its schedule, checkpoint, last success and errors, as
 * `GET /api/v1/networks` reports them, in words.
 */
import { html } from '../html.ts';
import type { Html } from '../html.ts';

export interface FeedView {
  name: string;
  configured: boolean;
  intervalS: number | null;
  checkpoint: unknown;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  errorsSinceSuccess: number;
  refusedPages: number;
}

const NAMES: Record<string, string> = { stopncii: 'StopNCII.org', ncmec: 'NCMEC hash sharing' };
const feedLabel = (name: string) =>
  NAMES[name] ?? (name.startsWith('federation:') ? `Redress feed “${name.slice(11)}”` : name);

/** Where the feed stands, in words: no partner's raw answer is shown. */
function checkpointText(c: unknown): string {
  if (c === null || typeof c !== 'object') return 'not fetched yet';
  const at = c as {
    startTimestamp?: number;
    nextPageToken?: string;
    from?: number;
    next?: string;
    after?: string;
  };
  if (at.startTimestamp !== undefined)
    return at.nextPageToken
      ? 'part-way through a fetch'
      : `changes since ${new Date(at.startTimestamp * 1000).toISOString()}`;
  if (at.from !== undefined)
    return at.next ? 'part-way through a fetch' : `entries since ${new Date(at.from * 1000).toISOString()}`;
  return `after entry log position ${at.after ?? '0'}`;
}

const plainError = (message: string) => message.replace(/:?\s*[{<][\s\S]*$/, '').slice(0, 200);

export function networksSection(feeds: readonly FeedView[]): Html {
  return html`<h2 id="networks">Hash networks</h2>
    <p class="hint">
      Partner feeds fetched by the worker into banks of their own. Configured with the
      <code>REDRESS_STOPNCII_*</code>, <code>REDRESS_NCMEC_*</code> settings and federation subscriptions.
    </p>
    ${
      feeds.length === 0
        ? html`<p>No network feeds are configured.</p>`
        : html`<table data-networks>
            <thead>
              <tr>
                <th scope="col">Feed</th>
                <th scope="col">Every</th>
                <th scope="col">Position</th>
                <th scope="col">Last success</th>
                <th scope="col">Errors since</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              ${feeds.map(
                (f) =>
                  html`<tr>
                    <td>${feedLabel(f.name)}${f.configured ? '' : ' (no longer configured)'}</td>
                    <td>${f.intervalS === null ? '—' : `${f.intervalS} s`}</td>
                    <td>${checkpointText(f.checkpoint)}</td>
                    <td>${f.lastSuccessAt ?? 'never'}</td>
                    <td>
                      ${String(f.errorsSinceSuccess)}${f.refusedPages > 0 ? ` (${f.refusedPages} pages refused in all)` : ''}
                    </td>
                    <td>${f.lastError ? `${plainError(f.lastError)} (${f.lastErrorAt ?? ''})` : 'none'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
