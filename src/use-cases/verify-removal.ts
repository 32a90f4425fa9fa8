/**
 * Checks that a removed item's URL is gone (the `removal.verify` job, queued once the platform
 * accepted the `item.remove` webhook): the URL is fetched with the stay-down fetch policy and
 * `removal.verified` records its status and whether that means removed (404 or 410).
 */
import type { Clock } from '../domain/clock.ts';
import type { JobPayloads } from '../domain/jobs.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import { probeStatus } from '../platform/fetch-media.ts';
import type { FetchOptions } from '../platform/fetch-media.ts';

export interface VerifyRemovalDeps {
  transact: Transact;
  requests: RequestsRepository;
  audit: AuditRepository;
  clock: Clock;
  fetchOptions: FetchOptions;
}

export async function verifyRemoval(
  deps: VerifyRemovalDeps,
  input: JobPayloads['removal.verify'],
): Promise<void> {
  const status = await probeStatus(input.url, deps.fetchOptions);
  await deps.transact(async (trx) => {
    // Jobs queued before they carried the request's id name it by case number.
    const requestId =
      input.requestId ??
      (input.caseNumber ? (await deps.requests.findByCaseNumber(trx, input.caseNumber))?.id : undefined);
    await deps.audit.append(trx, {
      requestId: requestId ?? null,
      actor: 'system',
      occurredAt: deps.clock.now(),
      event: {
        type: 'removal.verified',
        version: 1,
        data: {
          platformItemId: typeof input.platformItemId === 'string' ? input.platformItemId : null,
          url: input.url,
          status,
          removed: status === 404 || status === 410,
        },
      },
    });
  });
}
