/** What the admin page lists, read in one transaction. */
import { staffDirectory } from '../../db/repositories/staff-directory.ts';
import type { Runtime } from '../../runtime.ts';
import { presentFeeds } from '../../http/routes/networks/presenter.ts';
import type { AdminData } from './admin-page.ts';

export async function adminData(rt: Runtime): Promise<AdminData> {
  const { banks, webhooks } = rt.stayDown.repos;
  const { feeds } = presentFeeds(await rt.networks.feeds(), await rt.networks.status());
  return rt.database.transact(async (trx) => ({
    feeds,
    users: await staffDirectory.users(trx),
    apiKeys: await staffDirectory.apiKeys(trx),
    banks: await banks.listBanks(trx),
    webhooks: await webhooks.endpoints(trx),
  }));
}
