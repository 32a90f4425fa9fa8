/** What the admin page lists. */
import type { Runtime } from '../../runtime.ts';
import { exposureTotals } from '../../use-cases/reviewer-previews.ts';
import { viewAdminOverview } from '../../use-cases/view-admin-overview.ts';
import type { AdminData } from './admin-page.ts';

export async function adminData(rt: Runtime): Promise<AdminData> {
  const { banks, webhooks } = rt.stayDown.repos;
  const overview = await viewAdminOverview({ transact: rt.database.transact, banks, webhooks });
  const exposureDeps = { transact: rt.database.transact, previews: rt.repos.previews, clock: rt.clock };
  return { ...overview, exposure: await exposureTotals(exposureDeps, rt.config.revealsBeforeBreak) };
}
