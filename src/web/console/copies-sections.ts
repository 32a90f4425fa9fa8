/**
 * The stay-down layer in the console: on a case, the copies its removal sweeps found (with their
 * Hamming distances), near matches side by side for a reviewer to confirm or dismiss (TIDA-E2),
 * and the re-uploads blocked because of it; on the admin page, the hash banks and the webhook
 * endpoints. Read-only apart from the near-match decision. A near match is shown side by side:
 * both blurred alike (`preview-parts.ts`), with its distance, match kind and matched variant.
 */
import { describeVariant } from '@redress/match';
import type { ItemRow } from '../../db/repositories/requests-repository.ts';
import { html, safeHref } from '../html.ts';
import type { Html } from '../html.ts';
import type { AdminOverview } from '../../use-cases/view-admin-overview.ts';
import type { CaseCopies } from '../../use-cases/view-case-copies.ts';
import { banksTable } from './bank-pages.ts';
import { csrfField } from './layout.ts';
import { NO_PREVIEWS, previewFigure } from './preview-parts.ts';
import type { CasePreviews } from './preview-parts.ts';

const KINDS: Record<string, string> = {
  item: 'the reported item itself',
  sha256: 'exact (SHA-256)',
  md5: 'exact (MD5)',
  pdq: 'perceptual (PDQ)',
  url: 'same URL',
};
const STATUSES: Record<string, string> = {
  auto_removed: 'removed automatically',
  review: 'awaiting review',
  confirmed: 'confirmed: removed',
  dismissed: 'dismissed: left up',
};
const kindOf = (k: string) => KINDS[k] ?? k;
const statusOf = (s: string) => STATUSES[s] ?? s;
const distanceOf = (d: number | null) => (d === null ? '—' : String(Number(d)));

/** The sweep names rotated and mirrored plain hashes `original/<dihedral>`; say so in words. */
export function explainVariant(kind: string, variant: string | null): string {
  if (kind === 'sha256' || kind === 'md5') return 'identical file';
  if (!variant) return '—';
  const turned = /^original\/(\w+)$/.exec(variant);
  if (turned) return `the plain PDQ hash, with the copy ${turned[1]} (rotated or mirrored)`;
  return describeVariant(variant);
}

function link(url: string | null | undefined, platformId: string | null | undefined): Html {
  return html`${url ? html`<a href="${safeHref(url)}" rel="noopener noreferrer nofollow">${url}</a>` : '—'}
    <br /><span class="hint">item id ${platformId ?? '—'}</span>`;
}

function decisionForm(caseNumber: string, findingId: string, csrf: string): Html {
  const base = `/staff/requests/${caseNumber}/copies/${findingId}/decision`;
  return html`<div class="actions">
    <form method="post" action="${base}">
      ${csrfField(csrf)}<input type="hidden" name="outcome" value="confirm" />
      <p><button type="submit">Confirm: same image, remove it</button></p>
    </form>
    <form method="post" action="${base}">
      ${csrfField(csrf)}<input type="hidden" name="outcome" value="dismiss" />
      <p><button type="submit" class="secondary">Dismiss: not the same image</button></p>
    </form>
  </div>`;
}

export function caseCopiesSection(
  caseNumber: string,
  items: ItemRow[],
  copies: CaseCopies,
  csrf: string,
  canAct: boolean,
  previews: CasePreviews = NO_PREVIEWS,
): Html {
  const byId = new Map(items.map((i) => [i.id, i]));
  const near = copies.findings.filter((f) => f.finding.status === 'review');
  return html`<h2>Copies found</h2>
    ${
      copies.findings.length === 0
        ? html`<p>None. Copies are searched for when an item is removed.</p>`
        : html`<div class="scroll" role="region" aria-label="Copies found" tabindex="0">
            <table data-copies>
              <thead>
                <tr>
                  <th scope="col">Copy</th>
                  <th scope="col">Of</th>
                  <th scope="col">Match</th>
                  <th scope="col">Distance</th>
                  <th scope="col">Matched variant</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                ${copies.findings.map(({ finding: f, copy }) => {
                  const source = byId.get(f.source_item_id);
                  return html`<tr data-finding-id="${f.id}">
                    <td>${link(copy?.url, copy?.platform_item_id)}</td>
                    <td>${source ? `Item ${Number(source.position) + 1}` : '—'}</td>
                    <td>${kindOf(f.match_kind)}</td>
                    <td data-distance>${distanceOf(f.distance)}</td>
                    <td>${explainVariant(f.match_kind, f.variant)}</td>
                    <td>
                      ${statusOf(f.status)}${f.decided_by ? html`<br /><span class="hint">${f.decided_by}, ${f.decided_at}</span>` : ''}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
    }
    <h2>Near matches to review</h2>
    ${
      near.length === 0
        ? html`<p>None waiting.</p>`
        : near.map(({ finding: f, copy }) => {
            const source = byId.get(f.source_item_id);
            return html`<div class="item" data-near="${f.id}">
              <h3>Distance ${distanceOf(f.distance)}: ${kindOf(f.match_kind)}</h3>
              <p>Matched ${explainVariant(f.match_kind, f.variant)}.</p>
              <div class="cols">
                <div>
                  <h4>
                    ${source ? `Item ${Number(source.position) + 1} of this case` : 'Item of this case'}
                  </h4>
                  <p>${link(source?.url, source?.platform_item_id)}</p>
                  ${source && (source.url || source.platform_item_id) ? previewFigure(previews, 'item', source.id, `item ${Number(source.position) + 1}`, `near-${f.id}`) : ''}
                </div>
                <div>
                  <h4>Possible copy</h4>
                  <p>${link(copy?.url, copy?.platform_item_id)}</p>
                  ${copy?.url ? previewFigure(previews, 'copy', f.id, 'the possible copy', `near-${f.id}`) : ''}
                </div>
              </div>
              ${canAct ? decisionForm(caseNumber, f.id, csrf) : ''}
            </div>`;
          })
    }
    <h2>Blocked re-uploads</h2>
    ${
      copies.blocks.length === 0
        ? html`<p>None.</p>`
        : html`<table class="stack" data-blocks>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Upload</th>
                <th scope="col">Match</th>
                <th scope="col">Distance</th>
                <th scope="col">Matched variant</th>
              </tr>
            </thead>
            <tbody>
              ${copies.blocks.map(
                (b) =>
                  html`<tr>
                    <td data-label="When (UTC)">${b.created_at}</td>
                    <td data-label="Upload">${b.platform_item_id ?? '—'}</td>
                    <td data-label="Match">${kindOf(b.match_kind)}</td>
                    <td data-label="Distance">${distanceOf(b.distance)}</td>
                    <td data-label="Matched variant">${explainVariant(b.match_kind, b.variant)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}

/** Banks and webhooks for admins. Managed through the API and the CLI; secrets are never shown. */
export function adminStayDownSections(data: Pick<AdminOverview, 'banks' | 'webhooks'>): Html {
  return html`<h2 id="webhooks">Webhooks</h2>
    <p class="hint">
      Signed notices to the host platform. Registered through <code>POST /api/v1/webhooks</code>; the signing
      secret is shown once, there.
    </p>
    ${
      data.webhooks.length === 0
        ? html`<p>No endpoints yet.</p>`
        : html`<table class="stack" data-webhooks>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              ${data.webhooks.map(
                (w) =>
                  html`<tr>
                    <td data-label="URL"><code>${w.url}</code></td>
                    <td data-label="Events">${(JSON.parse(w.events) as string[]).join(', ')}</td>
                    <td data-label="State">${Number(w.enabled) ? 'enabled' : 'disabled'}</td>
                    <td data-label="Since">${w.created_at}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h2 id="banks">Hash banks</h2>
    <p class="hint">
      Policies and entries on each bank’s page (moderators), through <code>/api/v1/banks</code> and
      <code>redress bank</code>; each entry keeps its provenance.
    </p>
    ${banksTable(data.banks)}`;
}
