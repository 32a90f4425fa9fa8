/**
 * Retention: the worker's sweep purges the requester's personal data of cases closed longer than
 * REDRESS_RETENTION_DAYS ago, with an audit event; a minor's case waits for its preservation
 * date, open cases are untouched, bank hashes stay, and the audit chain still verifies.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';
import { withdrawRequest } from '../../src/use-cases/withdraw-request.ts';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const DAY = 86_400_000;

async function submission(rt: Runtime, caseNumber: string) {
  const row = await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
  return { row: row!, submission: JSON.parse(rt.cipher.open(row!.submission_enc)) };
}

describe.each(DATABASES)('retention on %s', (kind) => {
  it('purges closed cases after the period, holds preserved ones, keeps bank hashes', async () => {
    const env = testEnv(kind, { REDRESS_RETENTION_DAYS: '200' });
    const banked = await runCli(
      ['bank', 'import', 'partner', '-', '--source', 'p'],
      env.env,
      `pdq ${'e'.repeat(64)}\n`,
    );
    expect(banked.code, banked.stderr).toBe(0);
    const clock = new ManualClock('2026-01-05T10:00:00Z');
    const rt = await openRuntime(env.config, { clock, log: createLogger('silent') });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, clock };
      const closed = await rt.submit({ submission: completeRequest() });
      const minor = await rt.submit({ submission: completeRequest({ minorInvolved: true }) });
      const open = await rt.submit({ submission: completeRequest() });
      for (const { requestId } of [closed, minor])
        await withdrawRequest(deps, { requestId, by: 'requester', actor: 'requester' });
      const hashes = async () =>
        (await rt.database.db.selectFrom('bank_hashes').selectAll().execute()).length;
      const bankHashes = await hashes();
      expect(bankHashes).toBeGreaterThan(0);

      clock.advanceMs(199 * DAY);
      await rt.sweep();
      expect((await submission(rt, closed.caseNumber)).submission.submitter.email).toBe('alex@example.org');

      clock.advanceMs(2 * DAY);
      await rt.sweep();
      const purged = await submission(rt, closed.caseNumber);
      expect(purged.row.personal_data_purged_at).toBe(clock.now().toISOString());
      expect(purged.submission.submitter).toEqual({ role: 'depicted_person' });
      expect(purged.submission.signature).toBeUndefined();
      expect(purged.submission.goodFaithStatement).toBeUndefined();
      expect(purged.submission.items).toHaveLength(2); // what the case was about stays
      expect(purged.row.status).toBe('withdrawn');
      // The minor's case is preserved for a year from its receipt; the open case is untouched.
      const held = await submission(rt, minor.caseNumber);
      expect(held.row.preserve_until).not.toBeNull();
      expect(held.submission.submitter.email).toBe('alex@example.org');
      expect((await submission(rt, open.caseNumber)).submission.submitter.email).toBe('alex@example.org');

      const events = await rt.repos.audit.list(rt.database.db, { requestId: purged.row.id });
      const event = events.find((e) => e.type === 'request.personal_data_purged');
      expect(event!.data).toMatchObject({
        retentionDays: 200,
        fields: expect.arrayContaining(['submitter.email']),
      });

      clock.advanceMs(170 * DAY); // past the minor's preservation date
      await rt.sweep();
      expect((await submission(rt, minor.caseNumber)).submission.submitter).toEqual({
        role: 'depicted_person',
      });
      expect((await submission(rt, open.caseNumber)).submission.submitter.email).toBe('alex@example.org');
      const purgeEvents = (await rt.repos.audit.list(rt.database.db)).filter(
        (e) => e.type === 'request.personal_data_purged',
      );
      expect(purgeEvents).toHaveLength(2); // once per case, however often the sweep runs
      expect(await hashes()).toBe(bankHashes);
      expect((await rt.repos.audit.verify(rt.database.db)).ok).toBe(true);
    } finally {
      await rt.close();
      await env.cleanup();
    }
  });

  it('refuses a period shorter than the appeal window', () => {
    expect(() => loadConfig({ REDRESS_RETENTION_DAYS: '30' })).toThrow(/at least 183/);
    expect(loadConfig({ REDRESS_RETENTION_DAYS: '0' }).retentionDays).toBe(0);
    expect(loadConfig({}).retentionDays).toBe(365);
  });
});
