/** What the admin page lists, read in one transaction. */
import { staffDirectory } from '../../db/repositories/staff-directory.ts';
import { MAIL_JOB_TYPES } from '../../email/mail-jobs.ts';
import type { Runtime } from '../../runtime.ts';
import type { AdminData } from './admin-page.ts';

export async function adminData(rt: Runtime): Promise<AdminData> {
  const { banks, webhooks } = rt.stayDown.repos;
  return rt.database.transact(async (trx) => ({
    users: await staffDirectory.users(trx),
    apiKeys: await staffDirectory.apiKeys(trx),
    banks: await banks.listBanks(trx),
    webhooks: await webhooks.endpoints(trx),
    outbox: await rt.repos.jobs.waiting(trx, MAIL_JOB_TYPES),
  }));
}
