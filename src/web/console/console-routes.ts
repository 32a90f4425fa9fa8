/**
 * Console pages: sign-in and sign-out, account set-up, the queue, a case (each view is an audited
 * read, TIDA-I1) and the admin page. The state-changing case and admin actions are in
 * `action-routes.ts`; the hash banks' pages and actions in `bank-routes.ts`. A missing or expired session sends the browser to the sign-in page.
 */
import type { FastifyPluginAsync } from 'fastify';
import { CASE_NUMBER_PATTERN } from '../../domain/case-number.ts';
import { AppError } from '../../domain/errors.ts';
import { listStaffNames } from '../../use-cases/list-staff-names.ts';
import { OPEN_STATUSES } from '../../domain/request.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import type { Authenticate } from '../../http/auth.ts';
import type { Runtime } from '../../runtime.ts';
import { digest } from '../../security/tokens.ts';
import { LOGIN_RATE_LIMIT, SETUP_RATE_LIMIT } from '../../http/routes/auth/routes.ts';
import { logIn } from '../../use-cases/log-in.ts';
import { setUpAccount } from '../../use-cases/set-up-account.ts';
import { viewRequest } from '../../use-cases/view-request.ts';
import { sendPage } from '../context.ts';
import { actionRoutes } from './action-routes.ts';
import { adminData } from './admin-data.ts';
import { adminPage } from './admin-page.ts';
import { bankConsoleRoutes } from './bank-routes.ts';
import { casePage } from './case-page.ts';
import { forbiddenPage, loginPage, setupPage } from './login-page.ts';
import { queuePage } from './queue-page.ts';
import { guarded } from './guarded.ts';
import { reportPeriod } from './report-period.ts';
import { reportsPage } from './reports-page.ts';
import { transparencyCsv } from '../reports/transparency-csv.ts';
import { breakNotice, parseReveal } from './preview-parts.ts';
import { previewRoutes, revealsToday } from './preview-routes.ts';
import { createStaffSessions } from './session.ts';

type Body = Record<string, unknown>;
const one = (v: unknown) => (typeof v === 'string' ? v : '');
const CASE_RE = new RegExp(CASE_NUMBER_PATTERN);
/** Forms posted before anyone is signed in. */
const OPEN_FORMS = ['/staff/login', '/setup'];

export function consoleRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const sessions = createStaffSessions(rt, authenticate);
  const { transact } = rt.database;
  const deps = { transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
  const loginDeps = { ...deps, throttleKey: rt.keys.loginThrottle };
  const secure = rt.config.publicUrl.startsWith('https://');
  const hours = rt.config.escalationHours;

  return async (app) => {
    // A form is read only for someone signed in: the session cookie is checked before the body.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'POST' || OPEN_FORMS.includes(request.routeOptions.url ?? '')) return;
      await guarded(reply, () => sessions.session(request, ['moderator', 'auditor']));
      if (reply.sent) return reply;
    });

    app.get('/staff/login', async (request, reply) =>
      sendPage(reply, loginPage(sessions.loginCsrf(request, reply), null)),
    );

    app.post<{ Body: Body }>(
      '/staff/login',
      { config: { rateLimit: LOGIN_RATE_LIMIT } },
      async (request, reply) => {
        const body = request.body ?? {};
        const email = one(body.email).slice(0, 320);
        if (!sessions.loginCsrfValid(request, one(body._csrf))) {
          return sendPage(
            reply,
            loginPage(sessions.loginCsrf(request, reply), 'The form expired. Please sign in again.', email),
            403,
          );
        }
        try {
          const password = one(body.password).slice(0, 1024);
          const s = await logIn(loginDeps, { email, password, address: request.ip });
          reply.setCookie(SESSION_COOKIE, s.sessionToken, {
            httpOnly: true,
            sameSite: 'strict',
            secure,
            path: '/',
            expires: s.expiresAt,
          });
          sessions.clearLoginCsrf(reply);
          return reply.redirect('/staff', 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'rate_limited') {
            const message = `Too many failed sign-ins. Please ${error.message.replace(/^.*; /, '')}.`;
            return sendPage(reply, loginPage(sessions.loginCsrf(request, reply), message, email), 429);
          }
          if (error.code !== 'unauthenticated') throw error;
          return sendPage(
            reply,
            loginPage(sessions.loginCsrf(request, reply), 'Wrong email or password.', email),
            401,
          );
        }
      },
    );

    app.post<{ Body: Body }>('/staff/logout', async (request, reply) =>
      guarded(reply, async () => {
        await sessions.forAction(request, ['moderator', 'auditor']);
        const token = request.cookies[SESSION_COOKIE];
        if (token) await transact((trx) => rt.repos.staff.deleteSession(trx, digest(token)));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.redirect('/staff/login', 303);
      }),
    );

    app.get<{ Querystring: Record<string, string> }>('/setup', async (request, reply) =>
      sendPage(reply, setupPage((request.query.token ?? '').slice(0, 200), null)),
    );

    app.post<{ Body: Body }>(
      '/setup',
      { config: { rateLimit: SETUP_RATE_LIMIT } },
      async (request, reply) => {
        const token = one(request.body?.token).slice(0, 200);
        try {
          await setUpAccount(deps, {
            setupToken: token,
            password: one(request.body?.password).slice(0, 1024),
          });
          return reply.redirect('/staff/login', 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return sendPage(reply, setupPage(token, error.message), 400);
        }
      },
    );

    app.get<{ Querystring: Record<string, string> }>('/staff', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.session(request, ['moderator', 'auditor']);
        const q = request.query;
        const filters = {
          status: q.status ?? '',
          basis: q.basis ?? '',
          minor: q.minor === '1',
          mine: q.mine === '1',
        };
        const rows = (await transact((trx) => rt.repos.workQueue.list(trx, OPEN_STATUSES, 500))).filter(
          (r) =>
            (!filters.status || r.status === filters.status) &&
            (!filters.basis || r.legal_basis === filters.basis) &&
            (!filters.minor || r.minor_involved === 1) &&
            (!filters.mine || (r.assigned_to !== null && r.assigned_to === who.principal.userId)),
        );
        const rest = breakNotice(await revealsToday(rt, who.principal.userId), rt.config.revealsBeforeBreak);
        return sendPage(reply, queuePage(who, rows, filters, rt.clock.now(), hours, q.done, rest));
      }),
    );

    app.get<{ Params: { caseNumber: string }; Querystring: Record<string, string> }>(
      '/staff/requests/:caseNumber',
      async (request, reply) =>
        guarded(reply, async () => {
          const who = await sessions.session(request, ['moderator', 'auditor']);
          const row = CASE_RE.test(request.params.caseNumber)
            ? await transact((trx) => rt.repos.requests.findByCaseNumber(trx, request.params.caseNumber))
            : undefined;
          if (!row)
            return sendPage(
              reply,
              forbiddenPage(who, 'There is no case with this number.', 'Not found'),
              404,
            );
          const view = await viewRequest(deps, {
            requestId: row.id,
            actor: who.principal.actor,
            purpose: 'console case view',
          });
          const copies = await rt.stayDown.caseCopies({ requestId: row.id });
          const names = await listStaffNames(transact);
          const previews = {
            enabled: who.principal.role !== 'auditor',
            caseNumber: row.case_number,
            reveal: parseReveal(request.query.reveal),
            notice: breakNotice(await revealsToday(rt, who.principal.userId), rt.config.revealsBeforeBreak),
          };
          return sendPage(
            reply,
            casePage(view, copies, who, rt.clock.now(), hours, request.query.done, names, previews),
          );
        }),
    );

    // The transparency report for a period: the page, and the same figures as CSV or JSON.
    app.get<{ Querystring: Record<string, string> }>('/staff/reports', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.session(request, ['moderator', 'auditor']);
        const period = reportPeriod(request.query, rt.clock.now());
        if (!period.range) return sendPage(reply, reportsPage(who, period, null, period.problem), 400);
        return sendPage(reply, reportsPage(who, period, await rt.transparencyReport(period.range)));
      }),
    );
    for (const format of ['csv', 'json'] as const) {
      app.get<{ Querystring: Record<string, string> }>(`/staff/reports.${format}`, async (request, reply) =>
        guarded(reply, async () => {
          await sessions.session(request, ['moderator', 'auditor']);
          const period = reportPeriod(request.query, rt.clock.now());
          if (!period.range) return reply.status(400).type('text/plain').send(period.problem);
          const report = await rt.transparencyReport(period.range);
          const name = `transparency-${period.from}-${period.to}.${format}`;
          reply.header('content-disposition', `attachment; filename="${name}"`);
          return format === 'csv'
            ? reply.type('text/csv; charset=utf-8').send(transparencyCsv(report))
            : reply.type('application/json').send(report);
        }),
      );
    }

    app.get('/staff/admin', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.session(request, []);
        return sendPage(reply, adminPage(who, await adminData(rt), rt.config));
      }),
    );

    await app.register(actionRoutes(rt, sessions));
    await app.register(bankConsoleRoutes(rt, sessions));
    await app.register(previewRoutes(rt, sessions));
  };
}
