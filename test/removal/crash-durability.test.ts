/**
 * TIDA-C3 under the worst case: the server is killed with SIGKILL right after answering 201.
 * Every request that got a 201 must be in the database afterwards, with its receipt time, its
 * validity decision and an intact audit chain. Runs the real `redress serve` as a child process.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createLogger } from '../../src/logger.ts';
import { BIN, childEnv } from '../helpers/cli.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { freePort } from '../support/net.ts';

describe.each(DATABASES)('kill -9 after 201 on %s', (kind) => {
  it('loses no acknowledged request', async () => {
    const env = testEnv(kind);
    const port = await freePort();
    const server = spawn(process.execPath, [BIN, 'serve', '--no-worker', '--port', String(port)], {
      env: childEnv(env.env),
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    try {
      for (let i = 0; i < 300; i++) {
        if (
          await fetch(`${base}/api/health`)
            .then((r) => r.ok)
            .catch(() => false)
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const acknowledged: string[] = [];
      const post = () =>
        fetch(`${base}/api/v1/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(completeRequest()),
        }).then(async (res) => {
          if (res.status !== 201) return;
          const body = (await res.json()) as { caseNumber: string };
          acknowledged.push(body.caseNumber);
          if (acknowledged.length === 5) server.kill('SIGKILL'); // at once, mid-traffic
        });
      // Keep requests in flight when the kill lands; those that fail were never acknowledged.
      await Promise.allSettled(Array.from({ length: 40 }, post));
      await exited;
      expect(acknowledged.length).toBeGreaterThanOrEqual(5);

      const rt = await openRuntime(env.config, { log: createLogger('silent') });
      try {
        for (const caseNumber of acknowledged) {
          const row = await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
          expect(row?.received_at).toBeTruthy();
          expect(row?.status).toBe('in_review');
        }
        expect((await rt.repos.audit.verify(rt.database.db)).ok).toBe(true);
      } finally {
        await rt.close();
      }
      // A receipt committed just before the kill but never validated is finished by the next
      // sweep: nothing stays `received`, and every receipt gets its validity decision.
      const later = new ManualClock(new Date(Date.now() + 5 * 60_000));
      const restarted = await openRuntime(env.config, { log: createLogger('silent'), clock: later });
      try {
        await restarted.sweep();
        const db = restarted.database.db;
        const stuck = await db.selectFrom('requests').select('id').where('status', '=', 'received').execute();
        expect(stuck).toEqual([]);
        const events = await restarted.repos.audit.list(db);
        const count = (type: string) => events.filter((e) => e.type === type).length;
        expect(count('request.validated')).toBe(count('request.received'));
      } finally {
        await restarted.close();
      }
    } finally {
      server.kill('SIGKILL');
      await env.cleanup();
    }
  });
});
