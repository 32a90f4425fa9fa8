/**
 * The email jobs' handlers. They read the recipient from the encrypted request at send time
 * (addresses never sit in the jobs table) and record `email.sent` in the audit log (H1). The
 * composition root (runtime.ts) puts them in the one handler table with the other layers' jobs.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.ts';
import type { MissingCode } from '../domain/elements.ts';
import type { Submission } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Mailer } from '../email/mailer.ts';
import { isLanguage } from '../domain/language.ts';
import type { LegalBasis } from '../domain/request.ts';
import type { RequestRow } from '../db/repositories/requests-repository.ts';
import { decisionEmail, missingInfoEmail, receiptEmail, statusLinkEmail } from '../email/requester-emails.ts';
import type { RequesterFacts } from '../email/requester-emails.ts';
import { ncmecEmail, staffEscalationEmail, staffInviteEmail } from '../email/templates.ts';
import type { Cipher } from '../security/cipher.ts';
import type { JobHandlers } from './worker.ts';

export interface HandlerDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  cipher: Cipher;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  staffEmails: readonly string[];
  platformName: string | null;
}

const REQUESTER_EMAILS = {
  receipt: receiptEmail,
  missing_info: missingInfoEmail,
  decision: decisionEmail,
  status_link: statusLinkEmail,
} as const;

export type EmailJobType = 'email.requester' | 'email.staff_invite' | 'email.staff' | 'ncmec.report';

export function createEmailHandlers(deps: HandlerDeps): Pick<JobHandlers, EmailJobType> {
  const statusUrl = (caseNumber: string, token: string | null) =>
    token ? `${deps.publicUrl}/requests/${caseNumber}/status?token=${encodeURIComponent(token)}` : null;
  const staffUrl = (caseNumber: string) => `${deps.publicUrl}/staff/requests/${caseNumber}`;

  async function requesterFacts(row: RequestRow, token: string | null): Promise<RequesterFacts> {
    const items = await deps.transact((trx) => deps.requests.items(trx, row.id));
    return {
      language: isLanguage(row.language) ? row.language : 'en',
      caseNumber: row.case_number,
      legalBasis: row.legal_basis as LegalBasis,
      status: row.status,
      receivedAt: row.received_at,
      deadlineAt: row.deadline_at,
      closedAt: row.closed_at,
      reasonCode: row.reason_code,
      missing: JSON.parse(row.missing ?? '[]') as MissingCode[],
      itemsRemoved: items.filter((i) => i.status === 'removed' || i.status === 'preserved').length,
      itemCount: items.length,
      platformName: deps.platformName,
      statusUrl: token ? `${statusUrl(row.case_number, token)}&lang=${row.language}` : null,
      lostLinkUrl: `${deps.publicUrl}/requests/lost-link?lang=${row.language}`,
    };
  }

  async function recordSent(
    requestId: string,
    template: string,
    recipient: 'requester' | 'staff',
    id: string | null,
  ) {
    if (!deps.mailer.configured) return;
    await deps.transact((trx) =>
      deps.audit.append(trx, {
        requestId,
        actor: 'system',
        occurredAt: deps.clock.now(),
        event: { type: 'email.sent', version: 1, data: { template, recipient, messageId: id } },
      }),
    );
  }

  return {
    'email.requester': async (_job, payload) => {
      const { requestId, template } = payload;
      const row = await deps.transact((trx) => deps.requests.getForUpdate(trx, requestId));
      if (!row) return;
      const sub = JSON.parse(deps.cipher.open(row.submission_enc)) as Submission;
      const to = sub.submitter.email;
      if (!to) return; // contact by phone or post only: staff follow up by hand
      // The row holds the current token (a lost-link request replaces it); jobs queued before
      // it was kept there carry their own.
      const sealed = row.status_token_enc ?? payload.token ?? null;
      const facts = await requesterFacts(row, sealed ? deps.cipher.open(sealed) : null);
      const mail = (REQUESTER_EMAILS[template] ?? decisionEmail)(facts);
      const id = await deps.mailer.send({ to, ...mail });
      await recordSent(requestId, template, 'requester', id);
    },
    'email.staff_invite': async (_job, payload) => {
      const to = deps.cipher.open(payload.email);
      const url = `${deps.publicUrl}/setup?token=${encodeURIComponent(deps.cipher.open(payload.token))}`;
      const mail = staffInviteEmail(payload.role, url, payload.expiresAt, deps.platformName);
      await deps.mailer.send({ to, ...mail });
    },
    'email.staff': async (_job, payload) => {
      const { requestId, stage } = payload;
      const row = await deps.transact((trx) => deps.requests.getForUpdate(trx, requestId));
      if (!row) return;
      if (deps.staffEmails.length === 0) {
        // Never silent: without an on-call address the log is the only alarm left.
        deps.log.error({ caseNumber: row.case_number, stage }, 'escalation with no REDRESS_STAFF_EMAILS');
        return;
      }
      const mail = staffEscalationEmail(row.case_number, stage, row.deadline_at, staffUrl(row.case_number));
      const id = await deps.mailer.send({ to: [...deps.staffEmails], ...mail });
      await recordSent(requestId, `staff_escalation:${stage}`, 'staff', id);
    },
    'ncmec.report': async (_job, { requestId }) => {
      const row = await deps.transact((trx) => deps.requests.getForUpdate(trx, requestId));
      if (!row || deps.staffEmails.length === 0) return;
      const id = await deps.mailer.send({
        to: [...deps.staffEmails],
        ...ncmecEmail(row.case_number, staffUrl(row.case_number)),
      });
      await recordSent(requestId, 'ncmec_report', 'staff', id);
    },
  };
}
