/**
 * A requester lost their status link (TIDA-C4): given the case number and the email address of
 * the request, a new status token replaces the old one and is emailed to that address. The
 * caller learns nothing either way (the answer is the same whether or not they match), so the
 * form cannot be used to find out who filed a request.
 */
import type { Clock } from '../domain/clock.ts';
import type { Submission } from '../domain/request.ts';
import type { Transact } from '../db/database.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { digest, newToken } from '../security/tokens.ts';
import { requesterEmailJob } from './common.ts';

export interface ResendDeps {
  transact: Transact;
  requests: RequestsRepository;
  jobs: JobsRepository;
  cipher: Cipher;
  clock: Clock;
}

/** Returns whether a link was sent (for tests and logs only; never shown to the caller). */
export async function resendStatusLink(
  deps: ResendDeps,
  input: { caseNumber: string; email: string },
): Promise<boolean> {
  const email = input.email.trim().toLowerCase();
  if (!email) return false;
  return deps.transact(async (trx) => {
    const found = await deps.requests.findByCaseNumber(trx, input.caseNumber.trim().toUpperCase());
    if (!found) return false;
    const row = await deps.requests.getForUpdate(trx, found.id);
    if (!row) return false;
    const sub = JSON.parse(deps.cipher.open(row.submission_enc)) as Submission;
    if (sub.submitter.email?.trim().toLowerCase() !== email) return false;
    const token = newToken();
    const now = deps.clock.now();
    await deps.requests.update(trx, row.id, {
      status_token_hash: digest(token),
      status_token_enc: deps.cipher.seal(token),
      updated_at: now.toISOString(),
    });
    // Its own email, not a second receipt: the new link, and that the old one stopped working.
    await deps.jobs.enqueue(
      trx,
      requesterEmailJob(row.id, 'status_link', now, { token: deps.cipher.seal(token) }),
      now,
    );
    return true;
  });
}
