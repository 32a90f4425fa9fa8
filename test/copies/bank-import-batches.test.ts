/**
 * A partner list whose entries carry more hashes than one SQL statement may bind (two hour-long
 * videos of vPDQ frames, 7,200 hashes in one batch): every hash is stored and logged for the
 * indexes, on SQLite (at most 32,766 parameters a statement) and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { ListedEntry } from '../../src/domain/hash-list.ts';
import { importBankList } from '../../src/use-cases/import-bank-list.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';

const hex = (n: number) => n.toString(16).padStart(64, '0');
const video = (ref: string, first: number): ListedEntry => ({
  ref,
  withdrawn: false,
  hashes: Array.from({ length: 3600 }, (_, i) => ({
    kind: 'vpdq' as const,
    value: hex(first + i),
    variant: `frame#${i}`,
    quality: null,
  })),
});

describe.each(DATABASES)('a list of long videos imported on %s', (kind) => {
  it('stores and logs every frame, however many a batch holds', async () => {
    const { rt, close } = await openTestRuntime(kind);
    try {
      const entries = [video('v1', 0), video('v2', 10_000)];
      const result = await importBankList(rt.stayDown.bankEntryDeps, {
        bank: 'videos',
        source: 'partner',
        entries,
        actor: 'test',
      });
      expect(result).toMatchObject({ added: 2, hashes: 7200 });
      const count = async (table: 'bank_hashes' | 'bank_changes') =>
        Number(
          (
            await rt.database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect([await count('bank_hashes'), await count('bank_changes')]).toEqual([7200, 7200]);
      await rt.stayDown.index.ready();
      expect(rt.stayDown.index.searchFrames([hex(10_000 + 3599)], 0)).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
