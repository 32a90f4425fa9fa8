/**
 * `redress keys rotate` while a runtime keeps taking requests: afterwards every sealed value is
 * under the new key, everything still opens (in the running runtime and a fresh one), nothing
 * submitted during the rotation is left under the old key, and the audit chain, whose key comes
 * from the unchanged instance secret, still verifies.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { Runtime } from '../../src/runtime.ts';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

async function sealedValues(rt: Runtime): Promise<string[]> {
  const db = rt.database.db;
  const requests = await db.selectFrom('requests').select('submission_enc').execute();
  const jobs = await db
    .selectFrom('jobs')
    .select('payload')
    .where('payload', 'like', '%"token":"v%')
    .execute();
  return [
    ...requests.map((r) => r.submission_enc),
    ...jobs.map((j) => (JSON.parse(j.payload) as { token: string }).token),
  ];
}

describe.each(DATABASES)('data key rotation on %s', (kind) => {
  it('re-seals all personal data under a new key while intake goes on', async () => {
    const env = testEnv(kind);
    const rt = await openRuntime(env.config, { log: createLogger('silent') });
    try {
      for (let i = 0; i < 5; i++) await rt.submit({ submission: completeRequest() });
      expect((await sealedValues(rt)).every((v) => v.startsWith('v1:'))).toBe(true);

      let stopped = false;
      let submitted = 0;
      const load = (async () => {
        while (!stopped) {
          await rt.submit({ submission: completeRequest() });
          submitted++;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const rotation = await runCli(['keys', 'rotate'], env.env);
      stopped = true;
      await load;
      expect(rotation.code, rotation.stderr).toBe(0);
      const result = JSON.parse(rotation.stdout);
      expect(result.version).toBe(2);
      expect(result.resealed['requests.submission_enc']).toBeGreaterThanOrEqual(5);
      expect(submitted).toBeGreaterThan(0);

      expect(rt.keyRing.current).toBe(2); // the running runtime picked the new key up
      const values = await sealedValues(rt);
      expect(values.length).toBeGreaterThanOrEqual(5 + submitted);
      expect(values.filter((v) => !v.startsWith('v2:'))).toEqual([]);
      for (const value of values) expect(() => rt.cipher.open(value)).not.toThrow();
      const after = await rt.submit({ submission: completeRequest() });
      const row = await rt.repos.requests.findByCaseNumber(rt.database.db, after.caseNumber);
      expect(row!.submission_enc.startsWith('v2:')).toBe(true);

      const fresh = await openRuntime(env.config, { log: createLogger('silent') });
      try {
        for (const value of await sealedValues(fresh)) expect(() => fresh.cipher.open(value)).not.toThrow();
        const reopened = await fresh.repos.requests.findByCaseNumber(fresh.database.db, after.caseNumber);
        expect(JSON.parse(fresh.cipher.open(reopened!.submission_enc)).submitter.email).toBe(
          'alex@example.org',
        );
      } finally {
        await fresh.close();
      }
      expect((await runCli(['audit', 'verify'], env.env)).code).toBe(0);
    } finally {
      await rt.close();
      await env.cleanup();
    }
  });
});
