/**
 * The bank index follows the change log even when PostgreSQL commits sequence numbers out of
 * order: a change whose transaction commits after a later-numbered one is still applied by the
 * next poll, including for an index that loaded while the transaction was open. A fresh index
 * loads the live PDQ hashes only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankIndex } from '../../src/index-sync/bank-index.ts';
import { createLogger } from '../../src/logger.ts';
import type { Runtime } from '../../src/runtime.ts';
import { configureBank } from '../../src/use-cases/configure-bank.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';

const entry = (id: string, bankId: string) => ({
  id,
  bank_id: bankId,
  source_kind: 'api',
  source_request_id: null,
  source_item_id: null,
  source_ref: null,
  added_by: 'test',
  label: null,
  created_at: new Date().toISOString(),
  withdrawn_at: null,
  withdrawn_by: null,
  withdrawn_reason: null,
});
const pdq = (value: string) => [{ kind: 'pdq', value, variant: 'original', quality: 100 }];

const sha256 = (value: string) => ({ kind: 'sha256', value, variant: 'file', quality: null });

describe('bank index with out-of-order commits on postgres', () => {
  let rt: Runtime;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestRuntime('postgres');
    rt = opened.rt;
    close = opened.close;
  });
  afterAll(() => close());

  it('applies a change committed after a later one', async () => {
    const banks = rt.stayDown.repos.banks;
    const bank = await configureBank(
      { transact: rt.database.transact, banks, clock: rt.clock },
      { name: 'sync' },
    );
    const slow = 'a'.repeat(64);
    const fast = 'b'.repeat(64);
    const early = new BankIndex({ db: rt.database.db, banks, log: createLogger('warn') });
    await early.ready();

    let inserted!: () => void;
    let release!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    const held = new Promise<void>((r) => (release = r));
    const open = rt.database.db.transaction().execute(async (trx) => {
      await banks.insertEntries(trx, [{ entry: entry('e-slow', bank.id), hashes: pdq(slow) }], new Date());
      inserted();
      await held;
    });
    await insertedSignal;
    await rt.database.db
      .transaction()
      .execute((trx) =>
        banks.insertEntries(trx, [{ entry: entry('e-fast', bank.id), hashes: pdq(fast) }], new Date()),
      );

    const late = new BankIndex({ db: rt.database.db, banks, log: createLogger('warn') });
    await late.ready();
    for (const index of [early, late]) {
      await index.poll();
      expect(index.search([{ variant: 'original', hex: fast }], 0, 0)).toHaveLength(1);
      expect(index.search([{ variant: 'original', hex: slow }], 0, 0)).toHaveLength(0);
    }
    release();
    await open;
    for (const index of [early, late]) {
      await index.poll();
      expect(index.search([{ variant: 'original', hex: slow }], 0, 0)).toHaveLength(1);
      expect(index.size).toBe(2);
    }
  });
});

describe.each(DATABASES)('bank index load on %s', (kind) => {
  it('holds the live PDQ hashes only: no withdrawn entry, no exact hash', async () => {
    const opened = await openTestRuntime(kind);
    try {
      const { rt } = opened;
      const banks = rt.stayDown.repos.banks;
      const bank = await configureBank(
        { transact: rt.database.transact, banks, clock: rt.clock },
        { name: 'load' },
      );
      const [kept, gone] = ['c'.repeat(64), 'd'.repeat(64)];
      const at = new Date();
      await rt.database.transact(async (trx) => {
        await banks.insertEntries(
          trx,
          [{ entry: entry('e-kept', bank.id), hashes: [...pdq(kept), sha256('e'.repeat(64))] }],
          at,
        );
        await banks.insertEntries(trx, [{ entry: entry('e-gone', bank.id), hashes: pdq(gone) }], at);
        await trx
          .updateTable('bank_entries')
          .set({ withdrawn_at: at.toISOString() })
          .where('id', '=', 'e-gone')
          .execute();
      });
      const index = new BankIndex({ db: rt.database.db, banks, log: createLogger('warn') });
      await index.ready();
      expect(index.size).toBe(1);
      expect(index.search([{ variant: 'original', hex: kept }], 0, 0)).toHaveLength(1);
      expect(index.search([{ variant: 'original', hex: gone }], 31, 40)).toHaveLength(0);
    } finally {
      await opened.close();
    }
  });
});
