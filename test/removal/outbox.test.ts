/**
 * Emails made while no mail transport is configured wait in the outbox (counted on the admin
 * page, with the oldest) and go out, over real SMTP, once the service runs with SMTP_URL.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { MAIL_JOB_TYPES } from '../../src/email/mail-jobs.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';
import { createStaff, signIn } from '../web/support.ts';

describe.each(DATABASES)('the email outbox on %s', (kind) => {
  it('holds emails while SMTP is unset and sends them once it is set', async () => {
    const env = testEnv(kind);
    const smtp = await startSmtp();
    try {
      const first = await openRuntime(env.config, { log: createLogger('silent') });
      let caseNumber = '';
      try {
        const deps = {
          transact: first.database.transact,
          ...first.repos,
          cipher: first.cipher,
          clock: first.clock,
        };
        caseNumber = (await submitRequest(deps, completeRequest())).caseNumber;
        await first.createWorker().runDueJobs();
        const waiting = await first.database.transact((trx) => first.repos.jobs.waiting(trx, MAIL_JOB_TYPES));
        expect(waiting.count).toBeGreaterThanOrEqual(1);
        expect(Date.parse(waiting.oldest!)).toBeLessThanOrEqual(Date.now());
        const [receipt] = await first.repos.jobs.list(first.database.db, { type: 'email.requester' });
        expect(receipt.status).toBe('pending');
        expect(Number(receipt.attempts)).toBe(0);

        if (kind === 'sqlite') {
          const app = await buildApp(first);
          await createStaff(first, 'admin@example.org', 'admin');
          const { cookie } = await signIn(app, 'admin@example.org');
          const page = await app.inject({ url: '/staff/admin', headers: { cookie } });
          const shown = /data-outbox>([^<]*)</.exec(page.body)?.[1] ?? '';
          expect(shown).toContain(`${waiting.count} email`);
          expect(shown).toContain(`the oldest queued ${waiting.oldest!.slice(0, 10)}`);
          await app.close();
        }
      } finally {
        await first.close();
      }
      expect(smtp.messages).toHaveLength(0);

      const config = loadConfig({ ...env.env, SMTP_URL: smtp.url });
      const second = await openRuntime(config, { log: createLogger('silent') });
      try {
        await second.createWorker().runDueJobs();
        const receipt = smtp.messages.find((m) => m.to.includes('alex@example.org'));
        expect(receipt?.text).toContain(caseNumber);
        const waiting = await second.database.transact((trx) =>
          second.repos.jobs.waiting(trx, MAIL_JOB_TYPES),
        );
        expect(waiting).toEqual({ count: 0, oldest: null });
      } finally {
        await second.close();
      }
    } finally {
      await smtp.close();
      await env.cleanup();
    }
  });
});
