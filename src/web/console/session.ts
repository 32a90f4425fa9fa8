/**
 * Who is using the console, and the CSRF token of their session. The token is derived from the
 * session secret (SHA-256 of a label and the session token), so it needs no storage, differs per
 * session, and cannot be computed by another site; every state-changing console form carries it.
 * The login form, before any session exists, uses a double-submit cookie instead, whose value
 * must be one this server issued (a nonce and its HMAC under a key derived from the instance
 * secret): a value planted in the cookie by a sibling site, with the same value in the field,
 * is refused. The cookie is `Secure` when the public URL is https.
 */
import crypto from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { Authenticate, Principal } from '../../http/auth.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import type { Runtime } from '../../runtime.ts';
import { digest, sameDigest } from '../../security/tokens.ts';
import type { StaffRole } from '../../use-cases/create-staff-user.ts';

export const LOGIN_CSRF_COOKIE = 'redress_login_csrf';

export interface StaffSession {
  principal: Principal;
  email: string;
  csrf: string;
  /** What every console page must show staff at once: overdue requests, a stalled worker. */
  alerts?: ConsoleAlerts;
}

export interface ConsoleAlerts {
  overdueRequests: number;
  workerStalledSeconds: number | null;
  failedJobs: number;
  cybertiplineWaiting: number;
}

export function csrfFor(sessionToken: string): string {
  return digest(`redress-csrf:${sessionToken}`);
}

const mac = (key: Buffer, nonce: string) =>
  crypto.createHmac('sha256', key).update(`login-csrf:${nonce}`).digest('base64url');

/** A fresh login form token: `nonce.HMAC(nonce)`. */
export function issueLoginToken(key: Buffer): string {
  const nonce = crypto.randomBytes(24).toString('base64url');
  return `${nonce}.${mac(key, nonce)}`;
}

/** True only for a token `issueLoginToken` made with this key. */
export function isIssuedLoginToken(key: Buffer, value: string): boolean {
  const match = /^([\w-]{32})\.([\w-]{43})$/.exec(value);
  if (!match) return false;
  const expected = Buffer.from(mac(key, match[1]));
  const given = Buffer.from(match[2]);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** Thrown to send the browser to the login page. */
export class LoginRequired extends Error {}

export function createStaffSessions(rt: Runtime, authenticate: Authenticate) {
  const loginKey = rt.keys.loginCsrf;
  const secure = rt.config.publicUrl.startsWith('https://');
  async function session(request: FastifyRequest, roles: readonly StaffRole[]): Promise<StaffSession> {
    const token = request.cookies[SESSION_COOKIE];
    // Pages take the cookie only: a bearer key is for the API, never for forms.
    if (!token || request.headers.authorization) throw new LoginRequired();
    let principal: Principal;
    try {
      principal = await authenticate(request, roles);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthenticated') throw new LoginRequired();
      throw error;
    }
    const user = principal.userId
      ? await rt.database.transact((trx) => rt.repos.staff.userById(trx, principal.userId!))
      : undefined;
    return { principal, email: user?.email ?? principal.actor, csrf: csrfFor(token), alerts: await alerts() };
  }

  /** The instance-wide alerts of the operational status, for the banner (never fails a page). */
  async function alerts(): Promise<ConsoleAlerts | undefined> {
    const status = await rt.operationalStatus().catch(() => undefined);
    if (!status || status.alerts.length === 0) return undefined;
    return {
      overdueRequests: status.alerts.includes('requests_overdue') ? status.checks.requests.overdue : 0,
      workerStalledSeconds: status.alerts.includes('worker_stalled')
        ? (status.checks.worker.lastBeatAgeSeconds ?? -1)
        : null,
      failedJobs: status.alerts.includes('jobs_failing') ? status.checks.jobs.failed : 0,
      cybertiplineWaiting: status.checks.cybertiplineWaiting,
    };
  }

  return {
    session,
    /** For POSTs: the session, its role, and a matching `_csrf` field, or an error. */
    async forAction(request: FastifyRequest, roles: readonly StaffRole[]): Promise<StaffSession> {
      const s = await session(request, roles);
      const sent = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof sent !== 'string' || !/^[0-9a-f]{64}$/.test(sent) || !sameDigest(sent, s.csrf)) {
        throw new AppError('forbidden', 'the form is out of date or did not come from this site; reload it');
      }
      return s;
    },
    /** The login form's token: the cookie's, if this server issued it, or a fresh one. */
    loginCsrf(request: FastifyRequest, reply: FastifyReply): string {
      const existing = request.cookies[LOGIN_CSRF_COOKIE];
      if (existing && isIssuedLoginToken(loginKey, existing)) return existing;
      const fresh = issueLoginToken(loginKey);
      reply.setCookie(LOGIN_CSRF_COOKIE, fresh, {
        path: '/staff',
        httpOnly: true,
        sameSite: 'strict',
        secure,
      });
      return fresh;
    },
    /** A login POST is genuine when its cookie was issued here and its field repeats it. */
    loginCsrfValid(request: FastifyRequest, sent: string): boolean {
      const cookie = request.cookies[LOGIN_CSRF_COOKIE] ?? '';
      return isIssuedLoginToken(loginKey, cookie) && sameDigest(digest(cookie), digest(sent));
    },
    clearLoginCsrf(reply: FastifyReply): void {
      reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/staff', secure });
    },
  };
}

export type StaffSessions = ReturnType<typeof createStaffSessions>;
