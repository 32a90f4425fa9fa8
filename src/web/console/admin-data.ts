/** What the admin page lists. */
import type { Runtime } from '../../runtime.ts';
import { viewAdminOverview } from '../../use-cases/view-admin-overview.ts';
import { presentFeeds } from '../../http/routes/networks/presenter.ts';
import type { AdminData } from './admin-page.ts';

export async function adminData(rt: Runtime): Promise<AdminData> {
  const { banks, webhooks } = rt.stayDown.repos;
  const { feeds } = presentFeeds(await rt.networks.feeds(), await rt.networks.status());
  return {
    feeds,
    ...(await viewAdminOverview({ transact: rt.database.transact, banks, webhooks, jobs: rt.repos.jobs })),
  };
}
