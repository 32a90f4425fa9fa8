/**
 * The emails as they leave over real SMTP: a request made on the Spanish form is answered in
 * Spanish, with a plain-text and an HTML part whose links are built on REDRESS_PUBLIC_URL and
 * lead to the status page's forms; a new status link has its own subject; a staff invitation
 * is emailed when SMTP is set.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { resendStatusLink } from '../../src/use-cases/resend-status-link.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { completeForm, createStaff, encode, FORM, PASSWORD, statusLinkFrom } from '../web/support.ts';

const PUBLIC = 'https://removals.example.org';

describe.each(DATABASES)('emails over SMTP on %s', (kind) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let app: FastifyInstance;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await openTestRuntime(kind, {
      extraEnv: { SMTP_URL: smtp.url, REDRESS_PUBLIC_URL: PUBLIC, REDRESS_PLATFORM_NAME: 'Ejemplo Social' },
    });
    app = await buildApp(t.rt);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

  it('answers a Spanish request in Spanish, with links to its status page', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/request?lang=es',
      headers: FORM,
      payload: encode(
        completeForm({ legalBasis: 'dsa', email: 'ana@example.org', name: 'Ana', bonaFideStatement: '1' }),
      ),
    });
    expect(res.statusCode).toBe(303);
    const { caseNumber, token } = statusLinkFrom(res.headers.location as string);
    await t.rt.createWorker().runDueJobs();
    const [receipt] = mailsTo('ana@example.org');
    expect(receipt.subject).toBe(`Hemos recibido su solicitud de retirada ${caseNumber}`);
    expect(receipt.text).toContain('Reglamento de Servicios Digitales');
    expect(receipt.text).not.toContain('TAKE IT DOWN');
    expect(receipt.text).toMatch(/\d{1,2} de [a-z]+ de \d{4}, \d\d:\d\d UTC/);
    const status = `${PUBLIC}/requests/${caseNumber}/status?token=${encodeURIComponent(token)}&lang=es`;
    expect(receipt.text).toContain(status);
    expect(receipt.html).toContain(`href="${status.replace(/&/g, '&amp;')}"`);

    const row = await t.rt.database.transact((trx) => t.rt.repos.requests.findByCaseNumber(trx, caseNumber));
    expect(row!.language).toBe('es');
    await decideRequest(
      { transact: t.rt.database.transact, ...t.rt.repos, clock: t.rt.clock },
      { requestId: row!.id, decision: 'reject', reasonCode: 'not_located', actor: 'user:test' },
    );
    await t.rt.createWorker().runDueJobs();
    const decision = mailsTo('ana@example.org').at(-1)!;
    expect(decision.subject).toContain('no retirado');
    expect(decision.text).toContain('No encontramos el contenido con la información dada.');
    expect(decision.text).not.toContain('not_located');
    expect(decision.text).toContain(`${status}#appeal`);
    const page = await app.inject({ url: new URL(`${status}#appeal`).pathname + new URL(status).search });
    expect(page.body).toContain('id="appeal"');
    expect(page.body).toContain('Pedir una nueva revisión');

    const sent = await resendStatusLink(
      { transact: t.rt.database.transact, ...t.rt.repos, cipher: t.rt.cipher, clock: t.rt.clock },
      { caseNumber, email: 'ana@example.org' },
    );
    expect(sent).toBe(true);
    await t.rt.createWorker().runDueJobs();
    const fresh = mailsTo('ana@example.org').at(-1)!;
    expect(fresh.subject).toBe(`Su nuevo enlace para la solicitud de retirada ${caseNumber}`);
    expect(fresh.subject).not.toBe(receipt.subject);
    const newLink = /https:\/\/removals\.example\.org\/requests\/\S+/.exec(fresh.text)![0];
    expect(newLink).not.toBe(status);
    const opened = await app.inject({ url: newLink.slice(PUBLIC.length) });
    expect(opened.statusCode).toBe(200);
  });

  it('answers an API request in the language of its Accept-Language', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
      payload: {
        legalBasis: 'take_it_down',
        submitter: { role: 'depicted_person', email: 'luis@example.org' },
        items: [{ url: 'https://social.example/p/9' }],
        goodFaithStatement: 'No lo consentí.',
        signature: { fullName: 'Luis P', signedAt: new Date().toISOString() },
      },
    });
    expect(res.statusCode).toBe(201);
    await t.rt.createWorker().runDueJobs();
    const [receipt] = mailsTo('luis@example.org');
    expect(receipt.text).toContain('Ley TAKE IT DOWN');
  });

  it('emails a staff invitation when SMTP is set, and still shows the link once', async () => {
    await createStaff(t.rt, 'admin@example.org', 'admin');
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@example.org', password: PASSWORD },
    });
    const admin = (login.json() as { token: string }).token;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/users',
      headers: { authorization: `Bearer ${admin}` },
      payload: { email: 'new.mod@example.org', role: 'moderator' },
    });
    expect(res.statusCode).toBe(201);
    const { setupUrl } = res.json() as { setupUrl: string };
    await t.rt.createWorker().runDueJobs();
    const [invite] = mailsTo('new.mod@example.org');
    expect(invite.subject).toContain('moderator account');
    expect(invite.text).toContain(setupUrl);
    expect(setupUrl.startsWith(`${PUBLIC}/setup?token=`)).toBe(true);
  });
});
