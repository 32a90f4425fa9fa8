/**
 * Micro-batching for the intake hot path (group commit). Calls that arrive while a batch is
 * being written wait for the next one, so under load one set of statements and one commit
 * (one fsync, one lock of the audit chain head) serves many submissions; each caller still
 * gets its answer only once its own rows are committed. If a batch fails, its members are
 * retried one by one, so one bad input never takes its neighbours down with it.
 */
export type BatchFn<I, O> = (inputs: I[]) => Promise<O[]>;

export function createBatcher<I, O>(run: BatchFn<I, O>, maxBatch = 128): (input: I) => Promise<O> {
  let queue: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let busy = false;
  // setImmediate lets every request already readable on the sockets join the batch first.
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  async function drain(): Promise<void> {
    busy = true;
    await nextTurn();
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const out = await run(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(out[i]));
      } catch (error) {
        if (batch.length === 1) batch[0].reject(error);
        else for (const b of batch) await run([b.input]).then((o) => b.resolve(o[0]), b.reject);
      }
      await nextTurn();
    }
    busy = false;
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (!busy) void drain();
    });
}
