/**
 * Staff sign-in: redeem a one-time setup link to choose a password, log in (session cookie,
 * also returned as a bearer token for API clients), log out.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.ts';
import { digest } from '../../../security/tokens.ts';
import { logIn } from '../../../use-cases/log-in.ts';
import { setUpAccount } from '../../../use-cases/set-up-account.ts';
import { SESSION_COOKIE } from '../../auth.ts';

const strict = { additionalProperties: false } as const;
const tags = ['auth'];
const LoginBody = Type.Object(
  { email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) },
  strict,
);
const SetupBody = Type.Object(
  { token: Type.String({ maxLength: 200 }), password: Type.String({ minLength: 12, maxLength: 1024 }) },
  strict,
);

/** Per address, as a flood guard; guessing is stopped by the per-account and per-address lockouts
 *  of `logIn`, so one office behind a proxy is not locked out together by a few typos. */
export const LOGIN_RATE_LIMIT = { max: 60, timeWindow: '1 minute' };
/** Setup links are 32 random bytes; the limit keeps anyone from trying them at speed. */
export const SETUP_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

export function authRoutes(rt: Runtime): FastifyPluginAsync {
  const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
  const loginDeps = { ...deps, loginFailures: rt.repos.loginFailures, throttleKey: rt.keys.loginThrottle };
  const secure = rt.config.publicUrl.startsWith('https://');
  return async (app) => {
    app.post<{ Body: Static<typeof SetupBody> }>(
      '/api/v1/auth/setup',
      { schema: { tags, body: SetupBody }, config: { rateLimit: SETUP_RATE_LIMIT } },
      async (request) => {
        await setUpAccount(deps, { setupToken: request.body.token, password: request.body.password });
        return { ok: true };
      },
    );

    app.post<{ Body: Static<typeof LoginBody> }>(
      '/api/v1/auth/login',
      { schema: { tags, body: LoginBody }, config: { rateLimit: LOGIN_RATE_LIMIT } },
      async (request, reply) => {
        const s = await logIn(loginDeps, { ...request.body, address: request.ip });
        reply.setCookie(SESSION_COOKIE, s.sessionToken, {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/',
          expires: s.expiresAt,
        });
        return { token: s.sessionToken, role: s.role, expiresAt: s.expiresAt.toISOString() };
      },
    );

    app.post('/api/v1/auth/logout', { schema: { tags } }, async (request, reply) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : request.cookies[SESSION_COOKIE];
      if (token) await rt.database.transact((trx) => rt.repos.staff.deleteSession(trx, digest(token)));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });
  };
}
