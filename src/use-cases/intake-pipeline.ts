/**
 * The intake hot path: submissions arriving together share transactions (group commit), and
 * the two steps of each submission are pipelined. Every transaction writes the receipts of
 * new arrivals AND the validity decisions of the previous batch, whose receipts are already
 * committed. So each request still has its receipt durably committed before anything else is
 * recorded about it (TIDA-C3), yet under load there is one commit (one fsync, one lock of the
 * audit chain head) per batch. A caller is answered only once both of its steps are committed.
 * If a transaction fails, its members are written one by one so one bad input harms no other.
 */
import type { Executor } from '../db/database.ts';
import { arrive, resultOf, writeReceipts, writeValidations } from './submit-request.ts';
import type { Arrival, SubmitDeps, SubmitInput, SubmitResult } from './submit-request.ts';

interface Waiting {
  arrival: Arrival;
  resolve: (r: SubmitResult) => void;
  reject: (e: unknown) => void;
}

export function createIntakePipeline(
  deps: SubmitDeps,
  maxBatch = 128,
): (input: SubmitInput) => Promise<SubmitResult> {
  let arrivals: Waiting[] = [];
  let received: Waiting[] = []; // receipts committed, validity not yet recorded
  let busy = false;
  // setImmediate lets every request already readable on the sockets join the batch first.
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function writeOne(trx: Executor, fresh: Waiting[], validate: Waiting[]) {
    await writeReceipts(
      deps,
      trx,
      fresh.map((w) => w.arrival),
    );
    await writeValidations(
      deps,
      trx,
      validate.map((w) => w.arrival),
      deps.clock.now(),
    );
  }

  async function drain(): Promise<void> {
    busy = true;
    await nextTurn();
    while (arrivals.length > 0 || received.length > 0) {
      const fresh = arrivals.slice(0, maxBatch);
      arrivals = arrivals.slice(fresh.length);
      const validate = received;
      received = [];
      try {
        await deps.transact((trx) => writeOne(trx, fresh, validate));
        for (const w of validate) w.resolve(resultOf(w.arrival));
        received = fresh;
      } catch {
        // Isolate the failure: each member alone, receipts before validations as always.
        for (const w of validate) {
          await deps
            .transact((trx) => writeOne(trx, [], [w]))
            .then(() => w.resolve(resultOf(w.arrival)), w.reject);
        }
        for (const w of fresh) {
          try {
            await deps.transact((trx) => writeOne(trx, [w], []));
            received.push(w);
          } catch (error) {
            w.reject(error);
          }
        }
      }
      await nextTurn();
    }
    busy = false;
  }

  return (input) =>
    new Promise<SubmitResult>((resolve, reject) => {
      arrivals.push({ arrival: arrive(deps, input), resolve, reject });
      if (!busy) void drain();
    });
}
