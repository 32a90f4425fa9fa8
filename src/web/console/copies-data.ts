/**
 * What the console shows of the stay-down layer, read through the same repository calls the
 * staff API uses (`routes/banks`): a case's copy findings with the registry item each points at,
 * and the uploads blocked because of the case. The admin page's banks and webhooks are read in
 * `admin-data.ts`.
 */
import type { BankRow } from '../../db/repositories/banks-repository.ts';
import type { ContentItemRow } from '../../db/repositories/content-repository.ts';
import type { CopyFindingRow, UploadBlockRow } from '../../db/repositories/copies-repository.ts';
import type { WebhookEndpointRow } from '../../db/repositories/webhooks-repository.ts';
import type { Runtime } from '../../runtime.ts';

export interface CaseCopies {
  /** Each finding with the copy it found (undefined if the registry row is gone). */
  findings: Array<{ finding: CopyFindingRow; copy: ContentItemRow | undefined }>;
  blocks: UploadBlockRow[];
}

export interface StayDownAdmin {
  banks: Array<BankRow & { entries: number }>;
  webhooks: WebhookEndpointRow[];
}

export async function caseCopies(rt: Runtime, requestId: string): Promise<CaseCopies> {
  const { copies, content } = rt.stayDown.repos;
  return rt.database.transact(async (trx) => {
    const rows = await copies.findings(trx, requestId);
    // One lookup per finding, as the API does: a case has a handful, and this keeps to the
    // existing repository calls rather than adding a join used nowhere else.
    const findings = [];
    for (const finding of rows)
      findings.push({ finding, copy: await content.get(trx, finding.content_item_id) });
    return { findings, blocks: await copies.blocks(trx, requestId) };
  });
}
