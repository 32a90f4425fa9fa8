/**
 * Administration (admins only): staff accounts and roles, API keys, the platform's public
 * settings and the "report this" snippet, email settings with a test send, and (read-only, see
 * `copies-sections.ts`) the webhook endpoints and hash banks.
 * One-time secrets (setup links, API keys) are shown once, in the response to their creation.
 */
import type { Config } from '../../config.ts';
import type { RevealDayTotal } from '../../db/repositories/previews-repository.ts';
import { PERSON_ROLES, STAFF_ROLES } from '../../use-cases/create-staff-user.ts';
import { field, select } from '../fields.ts';
import { html } from '../html.ts';
import type { Html } from '../html.ts';
import type { AdminOverview } from '../../use-cases/view-admin-overview.ts';
import { adminStayDownSections } from './copies-sections.ts';
import { networksSection } from './network-section.ts';
import type { FeedView } from './network-section.ts';
import { exposureSection } from './exposure-section.ts';
import { consolePage, csrfField } from './layout.ts';
import type { StaffSession } from './session.ts';
import { when } from './when.ts';

/** Staff, API keys, banks, webhooks and the emails waiting (`outbox`), with the feeds and exposure. */
export interface AdminData extends AdminOverview {
  feeds: FeedView[];
  exposure: RevealDayTotal[];
}

export interface AdminFlash {
  kind: 'ok' | 'error';
  text: string;
  secret?: string;
}

const roleSelect = (id: string, roles: readonly string[]) =>
  select({
    name: 'role',
    id,
    label: 'Role',
    value: 'moderator',
    options: roles.map((r) => ({ value: r, label: r })),
  });

/** Disable and reset-password buttons of one account (not offered on your own for disabling). */
function accountActions(who: StaffSession, u: AdminData['users'][number]): Html {
  if (u.disabled) return html``;
  const form = (action: string, button: string) =>
    html`<form method="post" action="/staff/admin/users/${action}" class="inline-form">
      ${csrfField(who.csrf)}<input type="hidden" name="id" value="${u.id}" />
      <button type="submit" class="secondary" aria-label="${button}: ${u.email}">${button}</button>
    </form>`;
  return html`${form('reset', 'Reset password')}
  ${u.id === who.principal.userId ? '' : form('disable', 'Disable')}`;
}

function outboxText(o: AdminData['outbox']): string {
  if (o.count === 0) return 'none';
  const oldest = o.oldest ? `, the oldest queued ${o.oldest.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `${o.count} email${o.count === 1 ? '' : 's'}${oldest}`;
}

export function adminPage(who: StaffSession, data: AdminData, config: Config, flash?: AdminFlash): Html {
  const w = config.web;
  const base = config.publicUrl;
  const snippet = `<a href="${base}/request?url=ITEM_URL_ENCODED">Report this</a>`;
  const main = html`<h1>Administration</h1>
    ${
      config.staffEmails.length === 0
        ? html`<div class="summary" role="alert" data-warning="on-call">
            <p>
              <strong>Nobody is on call.</strong> No on-call address is configured (REDRESS_STAFF_EMAILS), so
              escalations and cases involving a minor (which need an NCMEC report) notify nobody. Set it and
              restart.
            </p>
          </div>`
        : ''
    }
    ${
      flash
        ? html`<div class="${flash.kind === 'ok' ? 'notice-ok' : 'summary'}" role="status">
            <p>${flash.text}</p>
            ${
              flash.secret
                ? html`<p class="copy-link" data-secret>${flash.secret}</p>
                    <p>Shown once. Copy it now.</p>`
                : ''
            }
          </div>`
        : ''
    }
    <h2 id="users">Staff and roles</h2>
    <table class="stack">
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">State</th>
          <th scope="col">Since</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        ${data.users.map(
          (u) =>
            html`<tr data-user="${u.email}">
              <td data-label="Email">${u.email}</td>
              <td data-label="Role">${u.role}</td>
              <td data-label="State">${u.disabled ? 'disabled' : u.active ? 'active' : 'invited'}</td>
              <td data-label="Since">${when(u.created_at)}</td>
              <td>${accountActions(who, u)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <form method="post" action="/staff/admin/users">
      ${csrfField(who.csrf)}
      <fieldset>
        <legend>Invite a staff member</legend>
        ${field({ name: 'email', id: 'user-email', label: 'Email', type: 'email' })}
        ${roleSelect('user-role', PERSON_ROLES)}
        <p class="hint">Platforms connect with an API key (below), not a staff account.</p>
        <p><button type="submit">Create account and setup link</button></p>
      </fieldset>
    </form>
    <h2 id="keys">API keys</h2>
    ${
      data.apiKeys.length === 0
        ? html`<p>No keys yet.</p>`
        : html`<table class="stack">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              ${data.apiKeys.map(
                (k) =>
                  html`<tr>
                    <td data-label="Name">${k.name}</td>
                    <td data-label="Role">${k.role}</td>
                    <td data-label="Created">${when(k.created_at)}</td>
                    <td data-label="State">${k.revoked_at ? 'revoked' : 'active'}</td>
                    <td>
                      ${
                        k.revoked_at
                          ? ''
                          : html`<form method="post" action="/staff/admin/api-keys/revoke">
                              ${csrfField(who.csrf)}
                              <input type="hidden" name="id" value="${k.id}" />
                              <button type="submit" aria-label="Revoke the key ${k.name}">Revoke</button>
                            </form>`
                      }
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <form method="post" action="/staff/admin/api-keys">
      ${csrfField(who.csrf)}
      <fieldset>
        <legend>Create an API key</legend>
        ${field({ name: 'name', id: 'key-name', label: 'Name (what uses it)' })}
        ${roleSelect('key-role', STAFF_ROLES)}
        <p><button type="submit">Create key</button></p>
      </fieldset>
    </form>
    ${adminStayDownSections(data)} ${networksSection(data.feeds)}
    ${exposureSection(data.exposure, config.revealsBeforeBreak)}
    <h2 id="platform">Platform settings</h2>
    <p class="hint">
      Set with environment variables at start-up (REDRESS_PLATFORM_NAME, REDRESS_PLATFORM_LOGO,
      REDRESS_PLATFORM_CONTACT, REDRESS_NOTICE_EXTRA).
    </p>
    <dl class="facts">
      <dt>Platform name</dt>
      <dd>${w.platformName ?? '(not set)'}</dd>
      <dt>Logo</dt>
      <dd>${w.logoUrl ?? '(not set)'}</dd>
      <dt>Contact</dt>
      <dd>${w.contact ?? '(not set)'}</dd>
      <dt>Extra notice text</dt>
      <dd>${w.noticeExtra ?? '(not set)'}</dd>
      <dt>Public notice</dt>
      <dd><a href="/notice">${base}/notice</a></dd>
    </dl>
    <h3>"Report this" button</h3>
    <p>
      Put this next to every item that can hold intimate content; it opens the form with the item's location
      filled in. Use <code>?item=ID</code> instead of <code>?url=</code> for item numbers.
    </p>
    <pre class="copy-link"><code>${snippet}</code></pre>
    <h2 id="email">Email</h2>
    <dl class="facts">
      <dt>SMTP</dt>
      <dd>
        ${config.smtpUrl ? 'configured' : 'not configured: emails wait in the outbox until SMTP_URL is set'}
      </dd>
      <dt>Waiting to be sent</dt>
      <dd data-outbox>${outboxText(data.outbox)}</dd>
      <dt>Sender</dt>
      <dd>${config.mailFrom}</dd>
      <dt>On-call addresses</dt>
      <dd>${config.staffEmails.length > 0 ? config.staffEmails.join(', ') : '(none)'}</dd>
    </dl>
    <form method="post" action="/staff/admin/test-email">
      ${csrfField(who.csrf)}
      ${field({ name: 'to', id: 'test-to', label: 'Send a test email to', type: 'email' })}
      <p><button type="submit" class="secondary">Send test email</button></p>
    </form>`;
  return consolePage('Administration', who, main);
}
