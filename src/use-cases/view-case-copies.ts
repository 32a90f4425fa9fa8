/**
 * What the stay-down layer found for a case, as the console's case page and the staff API show
 * it: each copy finding with the registry item it points at, and the uploads blocked because of
 * the case. Read in one transaction, so the two lists agree.
 */
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { ContentItemRow, ContentRepository } from '../db/repositories/content-repository.ts';
import type {
  CopiesRepository,
  CopyFindingRow,
  UploadBlockRow,
} from '../db/repositories/copies-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';

export interface CaseCopies {
  /** Each finding with the copy it found (undefined if the registry row is gone). */
  findings: Array<{ finding: CopyFindingRow; copy: ContentItemRow | undefined }>;
  blocks: UploadBlockRow[];
}

export interface CaseCopiesDeps {
  transact: Transact;
  requests: RequestsRepository;
  copies: CopiesRepository;
  content: ContentRepository;
}

/** The copies of the case with this id, or with this case number (`not_found` if none). */
export async function viewCaseCopies(
  deps: CaseCopiesDeps,
  ref: { requestId: string } | { caseNumber: string },
): Promise<CaseCopies> {
  return deps.transact(async (trx) => {
    const requestId =
      'requestId' in ref ? ref.requestId : (await deps.requests.findByCaseNumber(trx, ref.caseNumber))?.id;
    if (!requestId) throw new AppError('not_found', 'no such case');
    // One lookup per finding: a case has a handful.
    const findings = [];
    for (const finding of await deps.copies.findings(trx, requestId))
      findings.push({ finding, copy: await deps.content.get(trx, finding.content_item_id) });
    return { findings, blocks: await deps.copies.blocks(trx, requestId) };
  });
}
