/**
 * Who may call what, as README.md's tables state it, for every route of the OpenAPI document and
 * every console action (POST under /staff), with one well-formed request per route so that the
 * answer is decided by the credential, not by the body. Admins may do everything staff may
 * (src/http/auth.ts). `public` routes answer the same whoever calls; `requester` routes take the
 * status token. A route the service serves without an entry here fails the authorisation test.
 */
import { randomUUID } from 'node:crypto';
import type { Principal, SecurityHarness } from './support.ts';

export type Access = 'public' | readonly Exclude<Principal, 'none'>[];

export interface Sample {
  path: string;
  /** A JSON body (API) or form fields (pages and console, `form: true`). */
  body?: unknown;
  form?: boolean;
}

export interface RouteRule {
  access: Access;
  sample(h: SecurityHarness, who: Principal): Sample;
}

const READ_CASES = ['admin', 'moderator', 'auditor'] as const;
const ACT = ['admin', 'moderator'] as const;
const AUDIT = ['admin', 'auditor'] as const;
const ADMIN = ['admin'] as const;
const PLATFORM = ['admin', 'platform'] as const;
const FEED_READERS = ['admin', 'platform', 'auditor'] as const;
const REQUESTER = ['requester'] as const;

const caseOf = (h: SecurityHarness) => `/api/v1/staff/requests/${h.caseNumber}`;
const mine = (h: SecurityHarness) => `/api/v1/requests/${h.caseNumber}`;
const page = (h: SecurityHarness, who: Principal) =>
  `/requests/${h.caseNumber}/status${who === 'requester' ? `?token=${h.statusToken}` : ''}`;
const token = (h: SecurityHarness, who: Principal) => (who === 'requester' ? h.statusToken : 'not-the-token');
const md5 = 'ab'.repeat(16);
const fixed = (path: string, body?: unknown, form?: boolean) => () => ({ path, body, form });

export const API_ROUTES: Record<string, RouteRule> = {
  'POST /api/v1/requests': {
    access: 'public',
    sample: fixed('/api/v1/requests', {
      legalBasis: 'take_it_down',
      submitter: { role: 'depicted_person' },
      items: [],
    }),
  },
  'GET /api/v1/requests/{caseNumber}/status': {
    access: REQUESTER,
    sample: (h) => ({ path: `${mine(h)}/status` }),
  },
  'POST /api/v1/requests/{caseNumber}/complete': {
    access: REQUESTER,
    sample: (h) => ({ path: `${mine(h)}/complete`, body: { context: 'more' } }),
  },
  'POST /api/v1/requests/{caseNumber}/appeal': {
    access: REQUESTER,
    sample: (h) => ({ path: `${mine(h)}/appeal`, body: { statement: 'please look again' } }),
  },
  'POST /api/v1/requests/{caseNumber}/withdraw': {
    access: REQUESTER,
    sample: (h) => ({ path: `${mine(h)}/withdraw` }),
  },
  'POST /api/v1/staff/queue/claim-next': { access: ACT, sample: fixed('/api/v1/staff/queue/claim-next') },
  'GET /api/v1/staff/queue': { access: READ_CASES, sample: fixed('/api/v1/staff/queue?limit=5') },
  'GET /api/v1/staff/requests/{caseNumber}': { access: READ_CASES, sample: (h) => ({ path: caseOf(h) }) },
  'POST /api/v1/staff/requests/{caseNumber}/assign': {
    access: ACT,
    sample: (h) => ({ path: `${caseOf(h)}/assign`, body: {} }),
  },
  'POST /api/v1/staff/requests/{caseNumber}/decision': {
    access: ACT,
    sample: (h) => ({ path: `${caseOf(h)}/decision`, body: { decision: 'escalate_legal' } }),
  },
  'POST /api/v1/staff/requests/{caseNumber}/items/{itemId}/outcome': {
    access: ACT,
    sample: (h) => ({ path: `${caseOf(h)}/items/${h.itemId}/outcome`, body: { outcome: 'removed' } }),
  },
  'POST /api/v1/staff/requests/{caseNumber}/minor': {
    access: ACT,
    sample: (h) => ({ path: `${caseOf(h)}/minor` }),
  },
  'POST /api/v1/staff/requests/{caseNumber}/withdraw': {
    access: ACT,
    sample: (h) => ({ path: `${caseOf(h)}/withdraw` }),
  },
  'POST /api/v1/staff/requests/{caseNumber}/appeals': {
    access: ACT,
    sample: (h) => ({ path: `${caseOf(h)}/appeals`, body: { statement: 'the uploader disagrees' } }),
  },
  'GET /api/v1/staff/requests/{caseNumber}/copies': {
    access: READ_CASES,
    sample: (h) => ({ path: `${caseOf(h)}/copies` }),
  },
  'POST /api/v1/staff/appeals/{appealId}/decision': {
    access: ACT,
    sample: () => ({ path: `/api/v1/staff/appeals/${randomUUID()}/decision`, body: { outcome: 'uphold' } }),
  },
  'POST /api/v1/staff/users': {
    access: ADMIN,
    sample: () => ({
      path: '/api/v1/staff/users',
      body: { email: `${randomUUID()}@staff.example`, role: 'auditor' },
    }),
  },
  'POST /api/v1/staff/api-keys': {
    access: ADMIN,
    sample: fixed('/api/v1/staff/api-keys', { name: 'matrix', role: 'platform' }),
  },
  'POST /api/v1/staff/api-keys/{id}/revoke': {
    access: ADMIN,
    sample: () => ({ path: `/api/v1/staff/api-keys/${randomUUID()}/revoke` }),
  },
  'GET /api/v1/staff/metrics': { access: READ_CASES, sample: fixed('/api/v1/staff/metrics') },
  'GET /api/v1/staff/copies': { access: READ_CASES, sample: fixed('/api/v1/staff/copies?limit=5') },
  'POST /api/v1/staff/copies/{id}/decision': {
    access: ACT,
    sample: () => ({ path: `/api/v1/staff/copies/${randomUUID()}/decision`, body: { outcome: 'dismiss' } }),
  },
  'POST /api/v1/auth/setup': {
    access: 'public',
    sample: fixed('/api/v1/auth/setup', { token: 'setup_unknown', password: 'a long enough passphrase' }),
  },
  'POST /api/v1/auth/login': {
    access: 'public',
    sample: fixed('/api/v1/auth/login', { email: 'nobody@staff.example', password: 'not the password' }),
  },
  'POST /api/v1/auth/logout': { access: 'public', sample: fixed('/api/v1/auth/logout') },
  'GET /api/v1/audit/events': { access: AUDIT, sample: fixed('/api/v1/audit/events?afterSeq=0&limit=5') },
  'GET /api/v1/audit/export': { access: AUDIT, sample: fixed('/api/v1/audit/export') },
  'GET /api/v1/networks': { access: AUDIT, sample: fixed('/api/v1/networks') },
  'POST /api/v1/networks/{name}/fetch': { access: ADMIN, sample: fixed('/api/v1/networks/stopncii/fetch') },
  'GET /api/v1/networks/matches': { access: READ_CASES, sample: fixed('/api/v1/networks/matches') },
  'POST /api/v1/networks/matches/{id}/decision': {
    access: ACT,
    sample: fixed(`/api/v1/networks/matches/${randomUUID()}/decision`, { outcome: 'dismiss' }),
  },
  'GET /api/v1/federation/keys': { access: 'public', sample: fixed('/api/v1/federation/keys') },
  'GET /api/v1/federation/banks/{bank}/feed': {
    access: FEED_READERS,
    sample: (h) => ({ path: `/api/v1/federation/banks/${h.bank}/feed` }),
  },
  'GET /api/v1/federation/subscriptions': {
    access: AUDIT,
    sample: fixed('/api/v1/federation/subscriptions'),
  },
  'PUT /api/v1/federation/subscriptions/{name}': {
    access: ADMIN,
    sample: fixed('/api/v1/federation/subscriptions/matrix', {
      url: 'https://peer.example/api/v1/federation/banks/takedowns/feed',
      keys: [{ keyId: 'instance-signing/v1', publicKey: 'A'.repeat(43) }],
      onMatch: 'review',
      threshold: 31,
    }),
  },
  'GET /api/v1/audit/verify': { access: AUDIT, sample: fixed('/api/v1/audit/verify') },
  // A peer's checkpoint is authenticated by its own signature, whoever delivers it.
  'POST /api/v1/audit/witness': {
    access: 'public',
    sample: fixed('/api/v1/audit/witness', {
      type: 'redress.audit-checkpoint/v1',
      seq: 1,
      headHash: 'ab'.repeat(32),
      at: '2026-12-01T00:00:00.000Z',
      keyId: 'audit-checkpoint/v1',
      signature: 'not-a-signature',
    }),
  },
  'GET /api/v1/audit/witnessed': { access: AUDIT, sample: fixed('/api/v1/audit/witnessed?peer=matrix-peer') },
  'POST /api/v1/content': {
    access: PLATFORM,
    sample: fixed('/api/v1/content', { platformItemId: 'matrix-1', hashes: { md5 } }),
  },
  'POST /api/v1/check': {
    access: PLATFORM,
    sample: fixed('/api/v1/check', { hashes: { md5 }, dryRun: true }),
  },
  'GET /api/v1/banks': { access: READ_CASES, sample: fixed('/api/v1/banks') },
  'POST /api/v1/banks': { access: ACT, sample: fixed('/api/v1/banks', { name: 'matrix-bank' }) },
  'POST /api/v1/banks/{name}/entries': {
    access: ACT,
    sample: (h) => ({
      path: `/api/v1/banks/${h.bank}/entries`,
      body: { hashes: [{ kind: 'md5', value: md5 }] },
    }),
  },
  'POST /api/v1/banks/{name}/import': {
    access: ACT,
    sample: (h) => ({ path: `/api/v1/banks/${h.bank}/import?source=matrix`, body: [] }),
  },
  'GET /api/v1/banks/{name}/export': {
    access: READ_CASES,
    sample: (h) => ({ path: `/api/v1/banks/${h.bank}/export?limit=5` }),
  },
  'POST /api/v1/bank-entries/{id}/withdraw': {
    access: ACT,
    sample: () => ({ path: `/api/v1/bank-entries/${randomUUID()}/withdraw`, body: { reason: 'matrix' } }),
  },
  'POST /api/v1/webhooks': {
    access: ADMIN,
    sample: fixed('/api/v1/webhooks', { url: 'https://hooks.platform.example/redress', events: ['*'] }),
  },
  'GET /api/v1/webhooks': { access: AUDIT, sample: fixed('/api/v1/webhooks') },
  'GET /api/v1/webhooks/deliveries': { access: AUDIT, sample: fixed('/api/v1/webhooks/deliveries') },

  // The public pages (README "Web pages"): anyone, or the requester with the token of the link.
  'GET /': { access: 'public', sample: fixed('/') },
  'GET /assets/redress.css': { access: 'public', sample: fixed('/assets/redress.css') },
  'GET /assets/redress.js': { access: 'public', sample: fixed('/assets/redress.js') },
  'GET /notice': { access: 'public', sample: fixed('/notice') },
  'GET /request': { access: 'public', sample: fixed('/request') },
  'POST /request': { access: 'public', sample: fixed('/request', { action: 'add_item' }, true) },
  'GET /requests/{caseNumber}/received': {
    access: REQUESTER,
    sample: (h, who) => ({ path: `/requests/${h.caseNumber}/received?token=${token(h, who)}` }),
  },
  'GET /requests/{caseNumber}/status': { access: REQUESTER, sample: (h, who) => ({ path: page(h, who) }) },
  'POST /requests/{caseNumber}/status/complete': {
    access: 'public', // answers with a redirect either way; the token decides what happens
    sample: (h, who) => ({
      path: `/requests/${h.caseNumber}/status/complete`,
      body: { token: token(h, who) },
      form: true,
    }),
  },
  'POST /requests/{caseNumber}/status/withdraw': {
    access: 'public',
    sample: (h, who) => ({
      path: `/requests/${h.caseNumber}/status/withdraw`,
      body: { token: token(h, who) },
      form: true,
    }),
  },
  'POST /requests/{caseNumber}/status/appeal': {
    access: 'public',
    sample: (h, who) => ({
      path: `/requests/${h.caseNumber}/status/appeal`,
      body: { token: token(h, who) },
      form: true,
    }),
  },
  'GET /requests/lost-link': { access: 'public', sample: fixed('/requests/lost-link') },
  'POST /requests/lost-link': {
    access: 'public',
    sample: fixed('/requests/lost-link', { caseNumber: 'RD-0000-0000', email: 'a@example.org' }, true),
  },
  'GET /staff/login': { access: 'public', sample: fixed('/staff/login') },
  'POST /staff/login': {
    access: 'public',
    sample: fixed('/staff/login', { email: 'x@staff.example' }, true),
  },
  'POST /staff/logout': { access: 'public', sample: fixed('/staff/logout', {}, true) },
  'GET /setup': { access: 'public', sample: fixed('/setup?token=setup_unknown') },
  'POST /setup': { access: 'public', sample: fixed('/setup', { token: 'setup_unknown' }, true) },
};

const consoleCase = (h: SecurityHarness) => `/staff/requests/${h.caseNumber}`;

/** The console: its pages and its state-changing actions (session cookie + CSRF field). */
export const CONSOLE_ROUTES: Record<string, RouteRule> = {
  'POST /staff/requests/:caseNumber/assign': {
    access: ACT,
    sample: (h) => ({ path: `${consoleCase(h)}/assign` }),
  },
  'POST /staff/requests/:caseNumber/decision': {
    access: ACT,
    sample: (h) => ({ path: `${consoleCase(h)}/decision`, body: { decision: 'escalate_legal' } }),
  },
  'POST /staff/requests/:caseNumber/items/:itemId/outcome': {
    access: ACT,
    sample: (h) => ({ path: `${consoleCase(h)}/items/${h.itemId}/outcome`, body: { outcome: 'removed' } }),
  },
  'POST /staff/requests/:caseNumber/copies/:findingId/decision': {
    access: ACT,
    sample: (h) => ({
      path: `${consoleCase(h)}/copies/${randomUUID()}/decision`,
      body: { outcome: 'dismiss' },
    }),
  },
  'POST /staff/requests/:caseNumber/minor': {
    access: ACT,
    sample: (h) => ({ path: `${consoleCase(h)}/minor` }),
  },
  'POST /staff/appeals/:appealId/decision': {
    access: ACT,
    sample: (h) => ({
      path: `/staff/appeals/${randomUUID()}/decision`,
      body: { caseNumber: h.caseNumber, outcome: 'uphold' },
    }),
  },
  'POST /staff/admin/users': {
    access: ADMIN,
    sample: () => ({
      path: '/staff/admin/users',
      body: { email: `${randomUUID()}@staff.example`, role: 'auditor' },
    }),
  },
  'POST /staff/admin/api-keys': {
    access: ADMIN,
    sample: () => ({ path: '/staff/admin/api-keys', body: { name: 'console', role: 'platform' } }),
  },
  'POST /staff/admin/api-keys/revoke': {
    access: ADMIN,
    sample: () => ({ path: '/staff/admin/api-keys/revoke', body: { id: randomUUID() } }),
  },
  'POST /staff/admin/users/disable': {
    access: ADMIN,
    sample: () => ({ path: '/staff/admin/users/disable', body: { userId: randomUUID() } }),
  },
  'POST /staff/admin/users/reset': {
    access: ADMIN,
    sample: () => ({ path: '/staff/admin/users/reset', body: { userId: randomUUID() } }),
  },
  'POST /staff/queue/claim-next': { access: ACT, sample: () => ({ path: '/staff/queue/claim-next' }) },
  'POST /staff/admin/test-email': {
    access: ADMIN,
    sample: () => ({ path: '/staff/admin/test-email', body: { to: 'ops@platform.example' } }),
  },
  'POST /staff/banks/:name/settings': {
    access: ACT,
    sample: (h) => ({
      path: `/staff/banks/${h.bank}/settings`,
      body: { matchThreshold: '31', onMatch: 'block', enabled: '1' },
    }),
  },
  'POST /staff/banks/:name/entries/:id/withdraw': {
    access: ACT,
    sample: (h) => ({
      path: `/staff/banks/${h.bank}/entries/${randomUUID()}/withdraw`,
      body: { reason: 'matrix' },
    }),
  },
  'GET /staff': { access: READ_CASES, sample: () => ({ path: '/staff' }) },
  'GET /staff/requests/:caseNumber': { access: READ_CASES, sample: (h) => ({ path: consoleCase(h) }) },
  'GET /staff/banks': { access: READ_CASES, sample: () => ({ path: '/staff/banks' }) },
  'GET /staff/banks/:name': { access: READ_CASES, sample: (h) => ({ path: `/staff/banks/${h.bank}` }) },
  'GET /staff/admin': { access: ADMIN, sample: () => ({ path: '/staff/admin' }) },
  'GET /staff/reports': { access: READ_CASES, sample: () => ({ path: '/staff/reports' }) },
  'GET /staff/reports.csv': { access: READ_CASES, sample: () => ({ path: '/staff/reports.csv' }) },
  'GET /staff/reports.json': { access: READ_CASES, sample: () => ({ path: '/staff/reports.json' }) },
  // Previews show the content itself: moderators and admins, never auditors. A finding that does
  // not exist answers 404 to those allowed, before anything is fetched.
  'GET /staff/previews/:target/:id': {
    access: ACT,
    sample: () => ({ path: `/staff/previews/copy/${randomUUID()}?level=blur` }),
  },
  'GET /staff/settings': { access: ACT, sample: () => ({ path: '/staff/settings' }) },
  'POST /staff/settings': { access: ACT, sample: () => ({ path: '/staff/settings', body: { blur: '12' } }) },
};

/** Signing in and out need no session; they are public pages, in API_ROUTES. */
export const CONSOLE_PUBLIC = ['GET /staff/login', 'POST /staff/login', 'POST /staff/logout'];
