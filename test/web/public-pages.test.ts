/**
 * The public pages without a browser and without JavaScript (TIDA-B1, C1-C5, D3, G1): the notice,
 * a complete request posted as a plain form, a missing element shown next to its field, the
 * "send it as it is" path that still records the receipt, the status page and its actions, the
 * lost link, and the Spanish catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { completeForm, encode, FORM, startWeb, statusLinkFrom } from './support.ts';
import type { WebHarness } from './support.ts';

let web: WebHarness;
beforeAll(async () => {
  web = await startWeb({
    REDRESS_PLATFORM_NAME: 'Example Social',
    REDRESS_PLATFORM_CONTACT: 'safety@example.org',
    REDRESS_UNPROVEN_INTAKE_LIMIT: '0',
  });
});
afterAll(async () => web?.close());

const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  web.app.inject({ method: 'POST', url, headers: { ...FORM, ...headers }, payload: encode(fields) });

async function submit(fields: Record<string, string>) {
  const res = await post('/request', fields);
  expect(res.statusCode).toBe(303);
  return statusLinkFrom(res.headers.location as string);
}

const statusUrl = (c: { caseNumber: string; token: string }) =>
  `/requests/${c.caseNumber}/status?token=${encodeURIComponent(c.token)}`;

describe('notice page', () => {
  it('explains the process, the 48 hours, and where else to get help', async () => {
    const res = await web.app.inject({ url: '/notice', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Example Social');
    expect(res.body).toContain('within 48 hours');
    for (const link of [
      'stopncii.org',
      'takeitdown.ncmec.org',
      'reportfraud.ftc.gov',
      'mailto:safety@example.org',
    ]) {
      expect(res.body).toContain(link);
    }
  });

  it('"report this" links pre-fill the item location', async () => {
    const res = await web.app.inject({ url: '/request?url=https%3A%2F%2Fsocial.example%2Fp%2F9' });
    expect(res.body).toMatch(
      /id="item_url_0"\s+name="item_url_0"[^>]*value="https:\/\/social.example\/p\/9"/,
    );
  });

  it('picks Spanish from the browser, and the switch remembers a choice', async () => {
    const es = await web.app.inject({
      url: '/notice',
      headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
    });
    expect(es.body).toContain('<html lang="es">');
    expect(es.body).toContain('Nuestro compromiso: en 48 horas');
    const chosen = await web.app.inject({ url: '/notice?lang=en', headers: { 'accept-language': 'es' } });
    expect(chosen.body).toContain('<html lang="en">');
    expect(String(chosen.headers['set-cookie'])).toContain('redress_lang=en');
  });
});

describe('request form without JavaScript', () => {
  it('submits a complete request, confirms it, and the status page shows it', async () => {
    const c = await submit(completeForm({ item_url_1: 'https://social.example/p/124', minorInvolved: '' }));
    const confirmation = await web.app.inject({
      url: `/requests/${c.caseNumber}/received?token=${encodeURIComponent(c.token)}`,
    });
    expect(confirmation.body).toContain(c.caseNumber);
    expect(confirmation.body).toContain(`${web.rt.config.publicUrl}${statusUrl(c).replace(/&/g, '&amp;')}`);
    const row = await web.rt.database.transact((trx) =>
      web.rt.repos.requests.findByCaseNumber(trx, c.caseNumber),
    );
    expect(row).toMatchObject({ channel: 'web', status: 'in_review' });
    const status = await web.app.inject({ url: statusUrl(c) });
    expect(status.body).toContain('Being reviewed');
    expect(status.body.match(/data-item-status="pending"/g)).toHaveLength(2);
  });

  it('a missing element is named next to its field, and nothing is recorded yet', async () => {
    const count = () =>
      web.rt.database.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
    const before = Number((await count()).n);
    const res = await post('/request', completeForm({ signature: '' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(
      /<p class="error" id="signature-error">Type your full name to sign the request.<\/p>\s*<input\s+type="text"\s+id="signature"\s+name="signature" aria-describedby="signature-hint signature-error" aria-invalid="true"/,
    );
    expect(res.body).toContain('href="#signature"');
    expect(res.body).toContain('>I never agreed to this being posted.</textarea>');
    expect(res.body).toContain('Send it as it is');
    expect(Number((await count()).n)).toBe(before);
  });

  it('format problems are explained: a link without http, an address without @', async () => {
    const res = await post('/request', completeForm({ item_url_0: 'not a link', email: 'jane.example.org' }));
    expect(res.body).toContain('id="item_url_0-error">A link starts with http://');
    expect(res.body).toContain('id="email-error">This does not look like an email address.');
    const fixed = await post('/request', completeForm({ item_url_0: 'social.example/p/1' }));
    expect(fixed.statusCode).toBe(303);
  });

  it('"send it as it is" records an incomplete request; the status page then asks for the rest', async () => {
    const c = await submit(completeForm({ goodFaithStatement: '', force: '1' }));
    const status = await web.app.inject({ url: statusUrl(c) });
    expect(status.body).toContain('Waiting for information from you');
    expect(status.body).toContain('id="goodFaithStatement"');
    const saved = await post(`/requests/${c.caseNumber}/status/complete`, {
      token: c.token,
      goodFaithStatement: 'It was posted by my ex without my consent.',
    });
    expect(saved.headers.location).toContain('done=saved');
    const after = await web.app.inject({ url: saved.headers.location as string });
    expect(after.body).toContain('Being reviewed');
    expect(after.body).toContain('Your information was added');
  });

  it('adds and removes item rows by posting, keeping what was typed', async () => {
    const added = await post('/request', completeForm({ action: 'add_item' }));
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('id="item_url_1"');
    expect(added.body).toContain('value="Jane Doe"');
    const removed = await post(
      '/request',
      completeForm({ item_url_1: 'https://x.example/2', action: 'remove_0' }),
    );
    expect(removed.body).toContain('value="https://x.example/2"');
    expect(removed.body).not.toContain('id="item_url_1"');
  });

  it('limits submissions that skip the proof-of-work, but never ones that solve it', async () => {
    const tight = await startWeb({ REDRESS_UNPROVEN_INTAKE_LIMIT: '1' });
    try {
      const ask = () =>
        tight.app.inject({ method: 'POST', url: '/request', headers: FORM, payload: encode(completeForm()) });
      expect((await ask()).statusCode).toBe(303);
      const refused = await ask();
      expect(refused.statusCode).toBe(429);
      expect(refused.body).toContain('without the automatic check');
    } finally {
      await tight.close();
    }
  });
});

describe('status page actions', () => {
  it('a wrong token looks like an unknown case', async () => {
    const c = await submit(completeForm());
    const res = await web.app.inject({ url: `/requests/${c.caseNumber}/status?token=wrong` });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('We could not find this request');
    expect(res.body).not.toContain('Being reviewed');
  });

  it('withdraws only with the confirmation ticked', async () => {
    const c = await submit(completeForm());
    const unticked = await post(`/requests/${c.caseNumber}/status/withdraw`, { token: c.token });
    expect(unticked.headers.location).not.toContain('done=');
    const res = await post(`/requests/${c.caseNumber}/status/withdraw`, { token: c.token, confirm: '1' });
    expect(res.headers.location).toContain('done=withdrawn');
    expect((await web.app.inject({ url: statusUrl(c) })).body).toContain('Withdrawn');
  });

  it('shows a refusal with its reason and takes an appeal', async () => {
    const c = await submit(completeForm());
    const row = await web.rt.database.transact((trx) =>
      web.rt.repos.requests.findByCaseNumber(trx, c.caseNumber),
    );
    const { transact } = web.rt.database;
    await decideRequest(
      { transact, ...web.rt.repos, clock: web.rt.clock },
      { requestId: row!.id, decision: 'reject', reasonCode: 'not_located', actor: 'user:test' },
    );
    const status = await web.app.inject({ url: statusUrl(c) });
    expect(status.body).toContain('We could not find the content from the information given.');
    const res = await post(`/requests/${c.caseNumber}/status/appeal`, {
      token: c.token,
      statement: 'It is at the link.',
    });
    expect(res.headers.location).toContain('done=appealed');
    expect((await web.app.inject({ url: statusUrl(c) })).body).toContain('New review in progress');
  });

  it('re-sends a lost link only to the address of the request, answering the same either way', async () => {
    const c = await submit(completeForm());
    const wrong = await post('/requests/lost-link', { caseNumber: c.caseNumber, email: 'other@example.org' });
    const right = await post('/requests/lost-link', {
      caseNumber: c.caseNumber.toLowerCase(),
      email: 'JANE@example.org',
    });
    expect(wrong.headers.location).toBe(right.headers.location);
    expect((await web.app.inject({ url: statusUrl(c) })).statusCode).toBe(404);
    const jobs = await web.rt.database.db
      .selectFrom('jobs')
      .select(['payload'])
      .where('type', '=', 'email.requester')
      .execute();
    const tokens = jobs.map((j) => JSON.parse(j.payload) as { token?: string }).filter((p) => p.token);
    const newest = web.rt.cipher.open(tokens[tokens.length - 1].token!);
    expect(
      (await web.app.inject({ url: statusUrl({ caseNumber: c.caseNumber, token: newest }) })).statusCode,
    ).toBe(200);
  });
});

describe('Spanish pages', () => {
  it('renders the form, errors and status in Spanish', async () => {
    const form = await web.app.inject({ url: '/request?lang=es' });
    expect(form.body).toContain('Solicitud de retirada');
    const cookie = 'redress_lang=es';
    const res = await post('/request', completeForm({ signature: '' }), { cookie });
    expect(res.body).toContain('Escriba su nombre completo para firmar la solicitud.');
    const c = await submit(completeForm());
    const status = await web.app.inject({ url: statusUrl(c), headers: { cookie } });
    expect(status.body).toContain('En revisión');
  });
});
