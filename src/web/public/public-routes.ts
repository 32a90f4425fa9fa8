/**
 * Routes of the public pages: the notice, the request form (plain post; proof-of-work when the
 * browser ran it, a tighter limit when it did not), the confirmation, the status page with its
 * three actions, and the lost-link form. Each handler: parse -> one use case -> page or redirect.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CASE_NUMBER_PATTERN } from '../../domain/case-number.ts';
import { hasSomethingToActOn } from '../../domain/elements.ts';
import { AppError } from '../../domain/errors.ts';
import type { RequestRow } from '../../db/repositories/requests-repository.ts';
import type { Runtime } from '../../runtime.ts';
import { digest, sameDigest } from '../../security/tokens.ts';
import { completeMissingInfo } from '../../use-cases/complete-missing-info.ts';
import { fileAppeal } from '../../use-cases/file-appeal.ts';
import { requesterOutcome } from '../../use-cases/requester-outcome.ts';
import { resendStatusLink } from '../../use-cases/resend-status-link.ts';
import { submitRequest } from '../../use-cases/submit-request.ts';
import { withdrawRequest } from '../../use-cases/withdraw-request.ts';
import { publicContext, sendPage } from '../context.ts';
import { createProofOfWork, createUnprovenLimiter } from '../pow.ts';
import {
  emptyForm,
  emptyItem,
  formatErrors,
  missingErrors,
  parseForm,
  toCompletion,
  toSubmission,
} from './form-model.ts';
import type { FieldErrors, FormValues } from './form-model.ts';
import { formPage } from './form-page.ts';
import type { FormPageOptions } from './form-page.ts';
import { noticePage } from './notice-page.ts';
import { confirmationPage, lostLinkPage, notFoundStatusPage, statusPage } from './status-page.ts';

type Body = Record<string, unknown>;
type Query = Record<string, string | undefined>;
const CASE_RE = new RegExp(CASE_NUMBER_PATTERN);
const one = (v: unknown) =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';

export function publicRoutes(rt: Runtime): FastifyPluginAsync {
  const { transact } = rt.database;
  const deps = { transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
  const web = rt.config.web;
  const now = () => rt.clock.now();
  const pow = createProofOfWork(rt.cipher, web.powBits, now);
  const unproven = createUnprovenLimiter(web.unprovenIntakeLimit, now);
  const intakeLimit =
    rt.config.intakeRateLimit > 0 ? { max: rt.config.intakeRateLimit, timeWindow: '1 minute' } : false;

  const statusHref = (row: RequestRow, token: string, done?: string) =>
    `/requests/${row.case_number}/status?token=${encodeURIComponent(token)}${done ? `&done=${done}` : ''}`;

  /** The requester's token, checked in constant time; a wrong one looks like an unknown case. */
  async function byToken(caseNumber: string, token: string): Promise<RequestRow | null> {
    if (!CASE_RE.test(caseNumber) || !token || token.length > 100) return null;
    const row = await transact((trx) => rt.repos.requests.findByCaseNumber(trx, caseNumber));
    return row && sameDigest(digest(token), row.status_token_hash) ? row : null;
  }

  return async (app) => {
    app.get('/', async (_request, reply) => reply.redirect('/notice'));

    app.get<{ Querystring: Query }>('/notice', async (request, reply) => {
      const ctx = publicContext(request, reply, web);
      return sendPage(reply, noticePage(ctx, `/request?lang=${ctx.i18n.locale}`));
    });

    const renderForm = (
      reply: FastifyReply,
      ctx: ReturnType<typeof publicContext>,
      values: FormValues,
      extra: Partial<FormPageOptions> = {},
      status = 200,
    ) =>
      sendPage(
        reply,
        formPage(ctx, {
          values,
          errors: new Map(),
          powChallenge: pow.challenge(),
          powBits: pow.bits,
          offerSendAnyway: false,
          ...extra,
        }),
        status,
      );

    app.get<{ Querystring: Query }>('/request', async (request, reply) => {
      const ctx = publicContext(request, reply, web);
      const url = (request.query.url ?? '').slice(0, 2048);
      const item = (request.query.item ?? '').slice(0, 256);
      return renderForm(reply, ctx, emptyForm({ url, item }));
    });

    app.post<{ Body: Body }>('/request', { config: { rateLimit: intakeLimit } }, async (request, reply) => {
      const ctx = publicContext(request, reply, web);
      const body = request.body ?? {};
      const values = parseForm(body);
      const action = one(body.action);
      if (action === 'add_item') {
        if (values.items.length < 50) values.items.push(emptyItem());
        return renderForm(reply, ctx, values);
      }
      const removal = /^remove_(\d+)$/.exec(action);
      if (removal) {
        values.items.splice(Number(removal[1]), 1);
        if (values.items.length === 0) values.items.push(emptyItem());
        return renderForm(reply, ctx, values);
      }
      const format = formatErrors(values);
      if (format.size > 0) return renderForm(reply, ctx, values, { errors: format }, 400);
      const { errors } = missingErrors(values, now());
      const force = one(body.force) === '1';
      const actionable = hasSomethingToActOn(toSubmission(values, now()));
      if (errors.size > 0 && (!force || !actionable)) {
        // "Send it as it is" is offered only for a request that would be a case.
        const refused = force && !actionable;
        const banner = actionable ? undefined : ('err_nothing_to_act_on' as const);
        return renderForm(
          reply,
          ctx,
          values,
          { errors, offerSendAnyway: actionable, banner },
          refused ? 422 : 400,
        );
      }
      const proven = pow.verify(one(body.pow_challenge), one(body.pow_nonce));
      if (!proven && !unproven.allow(request.ip)) {
        return renderForm(
          reply,
          ctx,
          values,
          { banner: 'rate_unproven', errors: errors as FieldErrors },
          429,
        );
      }
      const result = await submitRequest(deps, toSubmission(values, now()), 'web', ctx.i18n.locale);
      request.log.info({ caseNumber: result.caseNumber, proven }, 'web request received');
      return reply
        .header('cache-control', 'no-store')
        .redirect(
          `/requests/${result.caseNumber}/received?token=${encodeURIComponent(result.statusToken)}`,
          303,
        );
    });

    app.get<{ Params: { caseNumber: string }; Querystring: Query }>(
      '/requests/:caseNumber/received',
      async (request, reply) => {
        const ctx = publicContext(request, reply, web);
        const token = request.query.token ?? '';
        const row = await byToken(request.params.caseNumber, token);
        if (!row) return sendPage(reply, notFoundStatusPage(ctx), 404);
        const url = `${rt.config.publicUrl}${statusHref(row, token)}`;
        return sendPage(reply, confirmationPage(ctx, row, url));
      },
    );

    app.get<{ Params: { caseNumber: string }; Querystring: Query }>(
      '/requests/:caseNumber/status',
      async (request, reply) => {
        const ctx = publicContext(request, reply, web);
        const token = request.query.token ?? '';
        const row = await byToken(request.params.caseNumber, token);
        if (!row) return sendPage(reply, notFoundStatusPage(ctx), 404);
        const items = await transact((trx) => rt.repos.requests.items(trx, row.id));
        const outcome = await requesterOutcome({ transact, copies: rt.stayDown.repos.copies }, row.id);
        const done = request.query.done;
        const known = done === 'saved' || done === 'withdrawn' || done === 'appealed' || done === 'failed';
        return sendPage(
          reply,
          statusPage(ctx, { row, items, token, outcome, done: known ? done : undefined }),
        );
      },
    );

    /** Runs a requester action; a move the state machine refuses is shown as "has moved on". */
    const statusAction =
      (run: (row: RequestRow, body: Body) => Promise<string | null>) =>
      async (
        request: FastifyRequest<{ Params: { caseNumber: string }; Body: Body | undefined }>,
        reply: FastifyReply,
      ) => {
        const body = request.body ?? {};
        const token = one(body.token);
        const row = await byToken(request.params.caseNumber, token);
        if (!row) {
          // Back to the status page only for a well-formed case number: a redirect echoes the path.
          const { caseNumber } = request.params;
          if (!CASE_RE.test(caseNumber))
            return sendPage(reply, notFoundStatusPage(publicContext(request, reply, web)), 404);
          return reply.redirect(`/requests/${caseNumber}/status`, 303);
        }
        try {
          const done = await run(row, body);
          return reply.redirect(statusHref(row, token, done ?? undefined), 303);
        } catch (error) {
          if (
            error instanceof AppError &&
            ['invalid_transition', 'conflict', 'forbidden'].includes(error.code)
          ) {
            return reply.redirect(statusHref(row, token, 'failed'), 303);
          }
          throw error;
        }
      };

    const hostile = (s: string) => formatErrors({ ...emptyForm(), context: s }).size > 0;

    app.post<{ Params: { caseNumber: string }; Body: Body }>(
      '/requests/:caseNumber/status/complete',
      statusAction(async (row, body) => {
        const v = parseForm(body);
        if (formatErrors(v).size > 0) return 'failed';
        await completeMissingInfo(deps, { requestId: row.id, extra: toCompletion(v, now()) });
        return 'saved';
      }),
    );

    app.post<{ Params: { caseNumber: string }; Body: Body }>(
      '/requests/:caseNumber/status/withdraw',
      statusAction(async (row, body) => {
        if (one(body.confirm) !== '1') return null;
        await withdrawRequest(deps, { requestId: row.id, by: 'requester', actor: 'requester' });
        return 'withdrawn';
      }),
    );

    app.post<{ Params: { caseNumber: string }; Body: Body }>(
      '/requests/:caseNumber/status/appeal',
      statusAction(async (row, body) => {
        const statement = one(body.statement).trim().slice(0, 5000);
        if (!statement || hostile(statement)) return null;
        await fileAppeal(
          { ...deps, appealTargetDays: rt.config.appealTargetDays },
          { requestId: row.id, appellant: 'requester', statement, actor: 'requester' },
        );
        return 'appealed';
      }),
    );

    app.get<{ Querystring: Query }>('/requests/lost-link', async (request, reply) => {
      const ctx = publicContext(request, reply, web);
      return sendPage(reply, lostLinkPage(ctx, request.query.done === '1'));
    });

    app.post<{ Body: Body }>(
      '/requests/lost-link',
      { config: { rateLimit: { max: 5, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const body = request.body ?? {};
        const caseNumber = one(body.caseNumber).trim().toUpperCase().slice(0, 20);
        const email = one(body.email).slice(0, 320);
        const sent = CASE_RE.test(caseNumber) ? await resendStatusLink(deps, { caseNumber, email }) : false;
        request.log.info({ sent }, 'status link re-send requested');
        return reply.redirect('/requests/lost-link?done=1', 303);
      },
    );
  };
}
