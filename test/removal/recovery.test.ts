/**
 * TIDA-C3 / D3 across a crash between the two intake steps: a receipt committed without its
 * validity decision is finished by the next sweep, once, keeping its original receipt time.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { arrive, writeReceipts } from '../../src/use-cases/submit-request.ts';
import { recoverStrandedReceipts } from '../../src/use-cases/recover-receipts.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

describe.each(DATABASES)('stranded receipts on %s', (kind) => {
  it('are validated by the next sweep, once', async () => {
    const clock = new ManualClock('2026-08-01T12:00:00.000Z');
    const { rt, close } = await openTestRuntime(kind, { clock });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock };
      const complete = arrive(deps, { submission: completeRequest() });
      const partial = arrive(deps, { submission: completeRequest({ signature: undefined }) });
      await rt.database.transact((trx) => writeReceipts(deps, trx, [complete, partial]));
      // "crash": the validation transaction never runs
      expect(await recoverStrandedReceipts(deps)).toBe(0); // too recent: intake may still be at work
      clock.advanceHours(1);
      expect(await recoverStrandedReceipts(deps)).toBe(2);
      expect(await recoverStrandedReceipts(deps)).toBe(0);
      const db = rt.database.db;
      const rows = await db
        .selectFrom('requests')
        .select(['id', 'status', 'missing', 'received_at'])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(complete.requestId)).toMatchObject({
        status: 'in_review',
        received_at: '2026-08-01T12:00:00.000Z',
      });
      expect(byId.get(partial.requestId)).toMatchObject({ status: 'incomplete', missing: '["signature"]' });
      const receipts = await rt.repos.jobs.list(db, { type: 'email.requester' });
      expect(receipts).toHaveLength(3); // two receipts, one request for the missing signature
      // The token is kept sealed on the row, so even a recovered receipt links to the status page.
      expect(receipts.every((j) => j.payload.includes('"token"'))).toBe(true);
    } finally {
      await close();
    }
  });
});
