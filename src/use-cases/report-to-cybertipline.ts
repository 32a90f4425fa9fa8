/**
 * Reports a minor's case to NCMEC's CyberTipline (TIDA-A4, 18 U.S.C. 2258A): builds the report
 * from the case, submits it, keeps the report id on the case (committed before the finish call,
 * so a retry after a failed finish finishes the same report instead of submitting a second one),
 * then finishes it and records `cybertipline.reported`. Run by the outbox job, which retries
 * until NCMEC accepts; without credentials it throws, so the job keeps waiting.
 */
import { buildCyberTiplineReport } from '../domain/cybertipline-report.ts';
import type { ReportedItem } from '../domain/cybertipline-report.ts';
import type { Clock } from '../domain/clock.ts';
import { renderXml } from '../domain/xml.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { CyberTiplineClient } from '../platform/cybertipline-client.ts';

export interface CyberTiplineDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  clock: Clock;
  client: CyberTiplineClient;
  reporterEmail: string;
  platformName: string;
}

async function uploaderOf(ex: Executor, platformItemId: string | null): Promise<string | null> {
  if (!platformItemId) return null;
  const row = await ex
    .selectFrom('content_items')
    .select('uploader_id')
    .where('platform_item_id', '=', platformItemId)
    .executeTakeFirst();
  return row?.uploader_id ?? null;
}

/** The report document for one case, or null when the case is not (or no longer) reportable. */
export async function cyberTiplineReportFor(ex: Executor, deps: CyberTiplineDeps, requestId: string) {
  const row = await deps.requests.getForUpdate(ex, requestId);
  if (!row || !row.minor_involved || !row.preserve_until) return null;
  const items: ReportedItem[] = [];
  for (const i of await deps.requests.items(ex, requestId)) {
    const uploaderId = await uploaderOf(ex, i.platform_item_id);
    items.push({ url: i.url, platformItemId: i.platform_item_id, sha256: i.sha256, pdq: i.pdq, uploaderId });
  }
  const report = buildCyberTiplineReport({
    caseNumber: row.case_number,
    receivedAt: row.received_at,
    preserveUntil: row.preserve_until,
    items,
    reporter: { email: deps.reporterEmail },
    platformName: deps.platformName,
  });
  return { row, xml: renderXml(report) };
}

export async function reportToCyberTipline(
  deps: CyberTiplineDeps,
  input: { requestId: string },
): Promise<{ reportId: string } | null> {
  const found = await deps.transact((trx) => cyberTiplineReportFor(trx, deps, input.requestId));
  if (!found) return null;
  if (found.row.cybertipline_finished_at && found.row.cybertipline_report_id) {
    return { reportId: found.row.cybertipline_report_id };
  }
  let reportId = found.row.cybertipline_report_id;
  if (!reportId) {
    reportId = await deps.client.submit(found.xml);
    const id = reportId;
    await deps.transact((trx) => deps.requests.update(trx, input.requestId, { cybertipline_report_id: id }));
  }
  await deps.client.finish(reportId);
  const id = reportId;
  await deps.transact(async (trx) => {
    const now = deps.clock.now();
    await deps.requests.update(trx, input.requestId, { cybertipline_finished_at: now.toISOString() });
    await deps.audit.append(trx, {
      requestId: input.requestId,
      actor: 'system',
      occurredAt: now,
      event: { type: 'cybertipline.reported', version: 1, data: { reportId: id } },
    });
  });
  return { reportId };
}
