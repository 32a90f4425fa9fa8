/**
 * Sign-in and account set-up under attack, on both databases: an unknown email costs the same
 * password-hash work as a wrong password (so timing does not tell which accounts exist); weak
 * passwords are refused with a clear message; failures lock the account (from any address) and,
 * separately, a flooding address, while a whole office behind one proxy still signs in; set-up
 * is rate limited.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import type { Runtime } from '../../src/runtime.ts';
import * as tokens from '../../src/security/tokens.ts';
import { createStaffUser } from '../../src/use-cases/create-staff-user.ts';
import { logIn } from '../../src/use-cases/log-in.ts';
import { setUpAccount } from '../../src/use-cases/set-up-account.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';

// The real password check, counted: how much hashing work a sign-in does.
vi.mock('../../src/security/tokens.ts', async (original) => {
  const real = await original<typeof import('../../src/security/tokens.ts')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const GOOD = 'correct horse battery staple';

describe.each(DATABASES)('sign-in hardening on %s', (kind) => {
  let rt: Runtime;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const staffDeps = () => ({ transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock });

  beforeEach(async () => {
    ({ rt, close } = await openTestRuntime(kind));
    app = await buildApp(rt);
  });
  afterEach(async () => {
    await app.close();
    await close();
  });

  const staff = async (email: string, password = GOOD) => {
    const { setupToken } = await createStaffUser(staffDeps(), { email, role: 'moderator' });
    await setUpAccount(staffDeps(), { setupToken, password });
  };
  const login = (email: string, password: string, from: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: from,
      payload: { email, password },
    });

  it('checks a password hash for unknown emails too', async () => {
    await staff('known@example.org');
    const { setupToken: _pending } = await createStaffUser(staffDeps(), {
      email: 'pending@example.org',
      role: 'auditor',
    });
    const deps = {
      ...staffDeps(),
      loginFailures: rt.repos.loginFailures,
      throttleKey: rt.keys.loginThrottle,
    };
    const verify = vi.mocked(tokens.verifyPassword);
    for (const email of ['known@example.org', 'nobody@example.org', 'pending@example.org']) {
      verify.mockClear();
      await expect(
        logIn(deps, { email, password: 'not the password at all', address: '10.1.1.1' }),
      ).rejects.toThrow('wrong email or password');
      expect(verify, email).toHaveBeenCalledTimes(1);
      // Every path hashes with the same scrypt parameters.
      expect(String(verify.mock.calls[0][1])).toMatch(/^scrypt\$16384\$8\$1\$/);
    }
  });

  it('refuses blank, repetitive and common passwords with a clear message', async () => {
    const { setupToken } = await createStaffUser(staffDeps(), {
      email: 'new@example.org',
      role: 'moderator',
    });
    for (const password of [
      ' '.repeat(12),
      'password1234',
      'aaaaaaaaaaaa',
      'P@ssw0rd2024!',
      '123456789012',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: { token: setupToken, password },
      });
      expect(res.statusCode, password).toBe(400);
      const { error } = res.json() as { error: { code: string; message: string } };
      expect(error.code).toBe('weak_password');
      expect(error.message).toMatch(/blank|repeated|guessing tools|run of keys/);
    }
    const page = await app.inject({
      method: 'POST',
      url: '/setup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token: setupToken, password: 'password1234' }).toString(),
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('one of the first that guessing tools try');
    // The link was not spent: a good password still goes through.
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/setup',
      payload: { token: setupToken, password: GOOD },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('locks an account after repeated failures from any address, not its neighbours', async () => {
    await staff('target@example.org');
    await staff('colleague@example.org');
    for (let i = 1; i <= 5; i++)
      expect((await login('target@example.org', 'wrong guess ' + i, `10.2.0.${i}`)).statusCode).toBe(401);
    const locked = await login('target@example.org', GOOD, '10.2.0.99');
    expect(locked.statusCode).toBe(429);
    expect((locked.json() as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'rate_limited',
      message: 'too many failed sign-ins; try again in 1 minute',
    });
    expect((await login('colleague@example.org', GOOD, '10.2.0.1')).statusCode).toBe(200);
    // An unknown email locks the same way, so a lockout does not reveal which accounts exist.
    for (let i = 1; i <= 5; i++) await login('ghost@example.org', 'wrong guess', `10.3.0.${i}`);
    expect((await login('ghost@example.org', 'wrong guess', '10.3.0.99')).statusCode).toBe(429);
  });

  it('lets a whole office behind one proxy sign in, and locks an address that floods', async () => {
    const office = Array.from({ length: 15 }, (_, i) => `person${i}@example.org`);
    for (const email of office) await staff(email);
    for (const email of office) expect((await login(email, GOOD, '192.0.2.10')).statusCode, email).toBe(200);
    for (let i = 0; i < 30; i++)
      expect((await login(`guess${i}@example.org`, 'wrong', '198.51.100.7')).statusCode).toBe(401);
    expect((await login(office[0], GOOD, '198.51.100.7')).statusCode, 'the flooding address').toBe(429);
    expect((await login(office[0], GOOD, '198.51.100.8')).statusCode, 'another address').toBe(200);
  });

  it('rate limits account set-up', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/setup',
        remoteAddress: '203.0.113.5',
        payload: { token: `not-a-token-${i}`, password: GOOD },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(codes[10]).toBe(429);
  });
});
