/** What the admin page lists. */
import type { Runtime } from '../../runtime.ts';
import { viewAdminOverview } from '../../use-cases/view-admin-overview.ts';
import type { AdminData } from './admin-page.ts';

export async function adminData(rt: Runtime): Promise<AdminData> {
  const { banks, webhooks } = rt.stayDown.repos;
  return viewAdminOverview({ transact: rt.database.transact, banks, webhooks, jobs: rt.repos.jobs });
}
