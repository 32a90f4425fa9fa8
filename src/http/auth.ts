/**
 * Who is calling, and may they? Staff authenticate with a session token (cookie `redress_session`
 * or `Authorization: Bearer sess_...`); integrations with an API key (`Authorization: Bearer
 * rk_...`). Routes name the roles they allow; admins may do everything.
 *
 * Routes that take a body authenticate in `onRequest` (`authenticateFirst`), from the headers,
 * before a byte of the body is read: an anonymous or wrongly-authorised caller cannot make the
 * service buffer and parse tens of megabytes only to be refused. The principal found there is
 * kept for the request, so the handler's own `authenticate` costs no second lookup.
 */
import type {} from '@fastify/cookie';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Executor } from '../db/database.ts';
import type { StaffRepository } from '../db/repositories/staff-repository.ts';
import { digest } from '../security/tokens.ts';
import type { StaffRole } from '../use-cases/create-staff-user.ts';

export interface Principal {
  actor: string;
  role: StaffRole;
  userId: string | null;
}

export const SESSION_COOKIE = 'redress_session';

/**
 * How long a valid API key is trusted without asking the database again: integrations call
 * `/api/v1/check` thousands of times a second, and a key revoked in the database stops working
 * within this time. Sessions are always looked up (they expire and log out).
 */
const API_KEY_TRUST_MS = 5000;
const MAX_TRUSTED_KEYS = 1000;

export function createAuthenticator(db: Executor, staff: StaffRepository, clock: Clock) {
  const trusted = new Map<string, { principal: Principal; until: number }>();
  async function apiKeyPrincipal(token: string): Promise<Principal | undefined> {
    const hash = digest(token);
    const now = clock.now().getTime();
    const known = trusted.get(hash);
    if (known && known.until > now) return known.principal;
    const key = await staff.apiKeyByHash(db, hash);
    if (!key) return undefined;
    const principal = { actor: `apikey:${key.id}`, role: key.role as StaffRole, userId: null };
    if (trusted.size >= MAX_TRUSTED_KEYS) trusted.clear();
    trusted.set(hash, { principal, until: now + API_KEY_TRUST_MS });
    return principal;
  }

  const known = new WeakMap<FastifyRequest, Principal>();

  return async function authenticate(
    request: FastifyRequest,
    roles: readonly StaffRole[],
  ): Promise<Principal> {
    const principal = known.get(request) ?? (await identify(request));
    known.set(request, principal);
    if (principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw new AppError('forbidden', `this needs one of the roles: ${roles.join(', ')}`);
    }
    return principal;
  };

  async function identify(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer ?? request.cookies?.[SESSION_COOKIE];
    if (!token) throw new AppError('unauthenticated', 'log in or send an API key');
    let principal: Principal | undefined;
    if (token.startsWith('rk_')) {
      principal = await apiKeyPrincipal(token);
    } else {
      const user = await staff.userBySession(db, digest(token), clock.now());
      if (user) principal = { actor: `user:${user.id}`, role: user.role as StaffRole, userId: user.id };
    }
    if (!principal) throw new AppError('unauthenticated', 'the session or key is invalid or expired');
    return principal;
  }
}

export type Authenticate = ReturnType<typeof createAuthenticator>;

/** An `onRequest` hook: the caller is authenticated and authorised before the body is read. */
export function authenticateFirst(
  authenticate: Authenticate,
  roles: readonly StaffRole[],
): onRequestAsyncHookHandler {
  return async (request, reply) => {
    try {
      await authenticate(request, roles);
    } catch (error) {
      // The body that follows is never read: the connection closes after the refusal.
      if (request.headers['content-length'] || request.headers['transfer-encoding']) {
        reply.header('connection', 'close');
      }
      throw error;
    }
  };
}
