/**
 * Finishes receipts a crash interrupted. Intake commits the receipt (TIDA-C3) before the
 * validity decision; if the process dies in between, the request stays `received`. Every sweep
 * looks for such requests older than a minute and records their validity decision, their
 * receipt email (without a status link: the token was shown once and only its hash is kept; the
 * requester can ask for a new link) and the minor fork, exactly as intake would have. Each is
 * re-checked under its row lock, so two workers never validate the same request twice.
 */
import type { Clock } from '../domain/clock.ts';
import { missingElements } from '../domain/elements.ts';
import { isLanguage } from '../domain/language.ts';
import type { Submission } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { writeValidations } from './submit-request.ts';

export interface RecoverDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  webhooks: WebhooksRepository;
  cipher: Cipher;
  clock: Clock;
}

export const STRANDED_AFTER_MS = 60_000;

export async function recoverStrandedReceipts(deps: RecoverDeps): Promise<number> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - STRANDED_AFTER_MS).toISOString();
  const stranded = await deps.transact((trx) => deps.requests.strandedReceipts(trx, before, 200));
  let recovered = 0;
  for (const id of stranded) {
    const done = await deps.transact(async (trx) => {
      const row = await deps.requests.getForUpdate(trx, id);
      if (!row || row.status !== 'received') return false;
      const submission = JSON.parse(deps.cipher.open(row.submission_enc)) as Submission;
      const receivedAt = new Date(row.received_at);
      const arrival = {
        submission,
        channel: row.channel as 'api',
        language: isLanguage(row.language) ? row.language : ('en' as const),
        requestId: row.id,
        caseNumber: row.case_number,
        // Sealed on the row since the language migration, so the receipt keeps its link.
        statusToken: row.status_token_enc ? deps.cipher.open(row.status_token_enc) : null,
        digest: row.submission_digest,
        receivedAt,
        deadlineAt: new Date(row.deadline_at),
        missing: missingElements(submission),
      };
      await writeValidations(deps, trx, [arrival], now);
      return true;
    });
    if (done) recovered++;
  }
  return recovered;
}
