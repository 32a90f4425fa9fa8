/**
 * Public endpoints of the removal process: submit (no account needed, TIDA-C1), see the status
 * with the token given at submission (C4), add missing information (D3), withdraw, and appeal
 * a refusal (G1). Each route: schema -> token check -> one use case -> presenter.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import type { Submission } from '../../../domain/request.ts';
import type { RequestRow } from '../../../db/repositories/requests-repository.ts';
import type { Runtime } from '../../../runtime.ts';
import { digest, sameDigest } from '../../../security/tokens.ts';
import { completeMissingInfo } from '../../../use-cases/complete-missing-info.ts';
import { fileAppeal } from '../../../use-cases/file-appeal.ts';
import { withdrawRequest } from '../../../use-cases/withdraw-request.ts';
import { fromAcceptLanguage } from '../../../web/i18n/index.ts';
import { assertNoHostileStrings } from '../../hostile.ts';
import { presentMissing, presentStatus } from './presenter.ts';
import {
  AppealBody,
  CaseParams,
  CompletionBody,
  ErrorResponse,
  StatusResponse,
  SubmissionBody,
  SubmitResponse,
  TokenQuery,
} from './schema.ts';

const tags = ['requests'];
const errors = {
  400: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

export function requestRoutes(rt: Runtime): FastifyPluginAsync {
  const { transact } = rt.database;
  const { requests, audit, jobs, appeals } = rt.repos;
  const deps = { transact, requests, audit, jobs, appeals, cipher: rt.cipher, clock: rt.clock };
  const rateLimit =
    rt.config.intakeRateLimit > 0 ? { max: rt.config.intakeRateLimit, timeWindow: '1 minute' } : false;

  /** The token proves the caller is the requester; a wrong token looks like an unknown case. */
  async function byToken(
    caseNumber: string,
    header: unknown,
    query: string | undefined,
  ): Promise<RequestRow> {
    const token = typeof header === 'string' ? header : query;
    const row = await transact((trx) => requests.findByCaseNumber(trx, caseNumber));
    if (!row || !token || !sameDigest(digest(token), row.status_token_hash)) {
      throw new AppError('not_found', 'no request with this case number and token');
    }
    return row;
  }

  return async (app) => {
    app.post<{ Body: SubmissionBody }>(
      '/api/v1/requests',
      {
        config: { rateLimit },
        schema: {
          tags,
          summary: 'Submit a removal request (answers only after it is durably recorded)',
          body: SubmissionBody,
          response: { 201: SubmitResponse, ...errors },
        },
        preHandler: async (request) => assertNoHostileStrings(request.body),
      },
      async (request, reply) => {
        const language = fromAcceptLanguage(request.headers['accept-language']) ?? 'en';
        const result = await rt.submit({ submission: request.body as Submission, channel: 'api', language });
        return reply.status(201).send({
          caseNumber: result.caseNumber,
          statusToken: result.statusToken,
          status: result.status,
          receivedAt: result.receivedAt.toISOString(),
          deadlineAt: result.deadlineAt.toISOString(),
          missing: presentMissing(result.missing),
        });
      },
    );

    app.get<{ Params: CaseParams; Querystring: TokenQuery }>(
      '/api/v1/requests/:caseNumber/status',
      {
        schema: {
          tags,
          summary: 'Status of a request, with the status token (header x-status-token or ?token=)',
          params: CaseParams,
          querystring: TokenQuery,
          response: { 200: StatusResponse, ...errors },
        },
      },
      async (request) => {
        const row = await byToken(
          request.params.caseNumber,
          request.headers['x-status-token'],
          request.query.token,
        );
        const items = await transact((trx) => requests.items(trx, row.id));
        return presentStatus(row, items);
      },
    );

    app.post<{ Params: CaseParams; Querystring: TokenQuery; Body: CompletionBody }>(
      '/api/v1/requests/:caseNumber/complete',
      {
        schema: {
          tags,
          summary: 'Add missing information',
          params: CaseParams,
          querystring: TokenQuery,
          body: CompletionBody,
        },
        preHandler: async (request) => assertNoHostileStrings(request.body),
      },
      async (request) => {
        const row = await byToken(
          request.params.caseNumber,
          request.headers['x-status-token'],
          request.query.token,
        );
        const result = await completeMissingInfo(deps, {
          requestId: row.id,
          extra: request.body as Partial<Submission>,
        });
        return { status: result.status, missing: presentMissing(result.missing) };
      },
    );

    app.post<{ Params: CaseParams; Querystring: TokenQuery }>(
      '/api/v1/requests/:caseNumber/withdraw',
      { schema: { tags, summary: 'Withdraw a request', params: CaseParams, querystring: TokenQuery } },
      async (request) => {
        const row = await byToken(
          request.params.caseNumber,
          request.headers['x-status-token'],
          request.query.token,
        );
        await withdrawRequest(deps, { requestId: row.id, by: 'requester', actor: 'requester' });
        return { status: 'withdrawn' };
      },
    );

    app.post<{ Params: CaseParams; Querystring: TokenQuery; Body: AppealBody }>(
      '/api/v1/requests/:caseNumber/appeal',
      {
        schema: {
          tags,
          summary: 'Appeal a refusal',
          params: CaseParams,
          querystring: TokenQuery,
          body: AppealBody,
        },
        preHandler: async (request) => assertNoHostileStrings(request.body),
      },
      async (request, reply) => {
        const row = await byToken(
          request.params.caseNumber,
          request.headers['x-status-token'],
          request.query.token,
        );
        const { appealId } = await fileAppeal(
          { ...deps, appealTargetDays: rt.config.appealTargetDays },
          {
            requestId: row.id,
            appellant: 'requester',
            statement: request.body.statement,
            actor: 'requester',
          },
        );
        return reply.status(201).send({ appealId, status: 'appealed' });
      },
    );
  };
}
