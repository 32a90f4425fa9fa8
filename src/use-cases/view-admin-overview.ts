/**
 * What the admin page lists, read in one transaction: staff accounts and API keys (never their
 * password hashes, setup tokens or key digests), banks, webhook endpoints and the emails waiting.
 */
import type { Transact } from '../db/database.ts';
import type { BanksRepository } from '../db/repositories/banks-repository.ts';
import { staffDirectory } from '../db/repositories/staff-directory.ts';
import type { JobsRepository } from '../db/repositories/jobs-repository.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { MAIL_JOB_TYPES } from '../email/mail-jobs.ts';

export interface AdminOverviewDeps {
  transact: Transact;
  banks: BanksRepository;
  webhooks: WebhooksRepository;
  jobs: JobsRepository;
}

export type AdminOverview = Awaited<ReturnType<typeof viewAdminOverview>>;

export async function viewAdminOverview(deps: AdminOverviewDeps) {
  return deps.transact(async (trx) => ({
    users: await staffDirectory.users(trx),
    apiKeys: await staffDirectory.apiKeys(trx),
    banks: await deps.banks.listBanks(trx),
    webhooks: await deps.webhooks.endpoints(trx),
    outbox: await deps.jobs.waiting(trx, MAIL_JOB_TYPES),
  }));
}
