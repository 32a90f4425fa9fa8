/** What the admin page lists. */
import type { Runtime } from '../../runtime.ts';
import { exposureTotals } from '../../use-cases/reviewer-previews.ts';
import { viewAdminOverview } from '../../use-cases/view-admin-overview.ts';
import { presentFeeds } from '../../http/routes/networks/presenter.ts';
import type { AdminData } from './admin-page.ts';

export async function adminData(rt: Runtime): Promise<AdminData> {
  const { banks, webhooks } = rt.stayDown.repos;
  const { feeds } = presentFeeds(await rt.networks.feeds(), await rt.networks.status());
  const overview = await viewAdminOverview({
    transact: rt.database.transact,
    banks,
    webhooks,
    jobs: rt.repos.jobs,
  });
  const exposureDeps = { transact: rt.database.transact, previews: rt.repos.previews, clock: rt.clock };
  return { feeds, ...overview, exposure: await exposureTotals(exposureDeps, rt.config.revealsBeforeBreak) };
}
