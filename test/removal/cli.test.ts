/**
 * The operator's commands on a fresh data folder: `redress user create` prints a one-time setup
 * link (no password is ever chosen for someone), and `redress worker --once` delivers queued
 * email over real SMTP from the same database the API wrote to.
 */
import { describe, expect, it } from 'vitest';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { runCli } from '../helpers/cli.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { startSmtp } from '../helpers/smtp.ts';

describe('operator commands', () => {
  it('creates a staff account with a setup link and runs a worker pass', async () => {
    const smtp = await startSmtp();
    const { rt, env, close } = await openTestRuntime('sqlite', { extraEnv: { SMTP_URL: smtp.url } });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
      const { caseNumber } = await submitRequest(deps, completeRequest());
      const user = await runCli(
        ['user', 'create', '--email', 'mod@platform.example', '--role', 'moderator'],
        env.env,
      );
      expect(user.code).toBe(0);
      expect(user.stdout).toMatch(/setup\?token=setup_[\w-]{43}/);
      const bad = await runCli(['user', 'create', '--email', 'x@y.z', '--role', 'root'], env.env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--role must be one of');

      const worker = await runCli(['worker', '--once'], env.env);
      expect(worker.code).toBe(0);
      expect(smtp.messages.map((m) => m.subject)).toEqual([`We received your removal request ${caseNumber}`]);
    } finally {
      await close();
      await smtp.close();
    }
  });
});
