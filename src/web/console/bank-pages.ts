/**
 * Hash banks in the console (G4, E3): the list of banks, and a bank's page with its policy and
 * its entries, newest first, each with where it came from (a case, a partner's list, the command
 * line, the API), who added it and whether it still matches. Moderators change the policy and
 * withdraw an entry with a reason (a mistaken or poisoned hash, an appeal upheld elsewhere);
 * auditors read. No hash or media is shown: an entry is known by its id and provenance.
 */
import { searchRadius } from '@redress/match';
import type { BankRow, EntryListing } from '../../db/repositories/banks-repository.ts';
import { checkbox, field, select } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import { consolePage, csrfField, emptyState } from './layout.ts';
import type { StaffSession } from './session.ts';

export interface BankView {
  bank: BankRow;
  entries: EntryListing[];
  /** The `before` of the next (older) page, or null on the last. */
  older: string | null;
  /** The entry id searched for, if any. */
  entryId: string;
  /** Moderators and admins see the forms; auditors read. */
  canAct: boolean;
}

const FLASH: Record<string, string> = {
  saved: 'The bank’s policy is saved. Checks use it from now on.',
  withdrawn: 'The entry is withdrawn: its hashes no longer match anywhere.',
  invalid: 'That was not saved: give a threshold within range, and a reason for a withdrawal.',
};

export const bankPath = (name: string) => `/staff/banks/${encodeURIComponent(name)}`;

export function banksPage(who: StaffSession, banks: Array<BankRow & { entries: number }>): Html {
  const main = html`<h1>Hash banks</h1>
    <p class="hint">
      Hashes of removed content (the takedown bank), partners’ lists and what staff banked, checked against
      every upload. Partners’ lists come in through <code>redress bank import</code> or
      <code>POST /api/v1/banks/{name}/import</code>.
    </p>
    ${banksTable(banks)}`;
  return consolePage('Hash banks', who, main);
}

/** The banks with their policy and size, each name linking to the bank's page. */
export function banksTable(banks: Array<BankRow & { entries: number }>): Html {
  if (banks.length === 0) {
    return emptyState('No banks yet.', 'The takedown bank is created by the first removal sweep.');
  }
  return html`<table class="stack" data-banks>
    <thead>
      <tr>
        <th scope="col">Bank</th>
        <th scope="col">Kind</th>
        <th scope="col">PDQ threshold</th>
        <th scope="col">On a perceptual match</th>
        <th scope="col">State</th>
        <th scope="col">Live entries</th>
      </tr>
    </thead>
    <tbody>
      ${banks.map(
        (b) =>
          html`<tr>
            <td data-label="Bank"><a href="${bankPath(b.name)}">${b.name}</a></td>
            <td data-label="Kind">${b.kind}</td>
            <td data-label="PDQ threshold">${Number(b.match_threshold)}</td>
            <td data-label="On a perceptual match">${b.on_match}</td>
            <td data-label="State">${Number(b.enabled) ? 'enabled' : 'disabled'}</td>
            <td data-label="Live entries">${b.entries}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function bankPage(who: StaffSession, view: BankView, done?: string): Html {
  const { bank } = view;
  const path = bankPath(bank.name);
  const flash = done ? FLASH[done] : undefined;
  const main = html`<p><a href="/staff/banks">All banks</a></p>
    <h1>Bank ${bank.name}</h1>
    ${flash ? html`<div class="${done === 'invalid' ? 'summary' : 'notice-ok'}" role="status"><p>${flash}</p></div>` : ''}
    <h2>Policy</h2>
    ${view.canAct ? policyForm(who, bank, path) : policyFacts(bank)}
    <h2 id="entries">Entries</h2>
    <form method="get" action="${path}" class="filters" aria-label="Find an entry">
      ${field({ name: 'entry', label: 'Find an entry by its id', value: view.entryId, hint: 'As a check answer or the bank add command gives it.' })}
      <button type="submit">Find</button>
      ${view.entryId ? html`<a href="${path}">Show all</a>` : ''}
    </form>
    ${
      view.entries.length === 0
        ? emptyState(
            'No entries.',
            view.entryId ? 'This bank has no entry with that id.' : 'Nothing is banked here yet.',
          )
        : html`<table class="stack" data-entries>
            <thead>
              <tr>
                <th scope="col">Entry</th>
                <th scope="col">Added</th>
                <th scope="col">From</th>
                <th scope="col">Hashes</th>
                <th scope="col">State</th>
                ${view.canAct ? html`<th scope="col">Withdraw</th>` : ''}
              </tr>
            </thead>
            <tbody>
              ${view.entries.map((e) => entryRow(who, e, path, view.canAct))}
            </tbody>
          </table>`
    }
    ${view.older ? html`<p><a href="${path}?before=${encodeURIComponent(view.older)}#entries">Older entries</a></p>` : ''}`;
  return consolePage(`Bank ${bank.name}`, who, main);
}

function policyForm(who: StaffSession, bank: BankRow, path: string): Html {
  return html`<form method="post" action="${path}/settings">
    ${csrfField(who.csrf)}
    ${field({
      name: 'matchThreshold',
      label: 'PDQ threshold',
      value: String(Number(bank.match_threshold)),
      inputmode: 'numeric',
      hint: `Bits of difference at most for a plain PDQ match, 0-${searchRadius()}; 31 is PDQ’s standard.`,
    })}
    ${select({
      name: 'onMatch',
      label: 'On a perceptual match',
      value: bank.on_match,
      options: [
        { value: 'block', label: 'block the upload' },
        { value: 'review', label: 'send it to review (lists that need a person first)' },
      ],
    })}
    ${checkbox({ name: 'enabled', label: 'Enabled: uploads are checked against this bank', checked: Number(bank.enabled) === 1 })}
    <button type="submit">Save policy</button>
  </form>`;
}

function policyFacts(bank: BankRow): Html {
  return html`<dl class="facts" data-policy>
    <dt>PDQ threshold</dt>
    <dd>${Number(bank.match_threshold)}</dd>
    <dt>On a perceptual match</dt>
    <dd>${bank.on_match}</dd>
    <dt>State</dt>
    <dd>${Number(bank.enabled) ? 'enabled' : 'disabled'}</dd>
  </dl>`;
}

function entryRow(who: StaffSession, e: EntryListing, path: string, canAct: boolean): Html {
  const live = e.withdrawn_at === null;
  return html`<tr data-entry-id="${e.id}">
    <td data-label="Entry"><code>${e.id}</code>${e.label ? html`<br />${e.label}` : ''}</td>
    <td data-label="Added">${e.created_at.slice(0, 16).replace('T', ' ')}<br />by ${e.added_by}</td>
    <td data-label="From">${provenance(e)}</td>
    <td data-label="Hashes">${e.hashCount}</td>
    <td data-label="State">
      ${
        live && e.quarantine
          ? html`quarantined ${e.quarantine.at.slice(0, 16).replace('T', ' ')}: ${e.quarantine.reason}; its
            matches go to review`
          : live
            ? 'live'
            : html`withdrawn ${String(e.withdrawn_at).slice(0, 16).replace('T', ' ')} by ${e.withdrawn_by}:
              ${e.withdrawn_reason}`
      }
    </td>
    ${
      canAct
        ? html`<td>
            ${
              live
                ? html`<form method="post" action="${path}/entries/${e.id}/withdraw">
                    ${csrfField(who.csrf)} ${field({ name: 'reason', id: `reason-${e.id}`, label: 'Reason' })}
                    <button type="submit" class="danger">Withdraw</button>
                  </form>`
                : ''
            }
          </td>`
        : ''
    }
  </tr>`;
}

function provenance(e: EntryListing): Html {
  switch (e.source_kind) {
    case 'request':
      return e.caseNumber
        ? html`case <a href="/staff/requests/${e.caseNumber}">${e.caseNumber}</a>`
        : html`a case`;
    case 'import':
      return html`partner list <code>${e.source_ref ?? ''}</code>`;
    case 'cli':
      return html`command line${e.source_ref ? html` (<code>${e.source_ref}</code>)` : ''}`;
    default:
      return html`API`;
  }
}
