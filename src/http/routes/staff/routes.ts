/**
 * Staff endpoints: the queue sorted by deadline (TIDA-D1, D4), case detail (each read logged,
 * I1), assignment, decisions (F2), per-item outcomes (F1), the minor fork (A4), appeals (G1),
 * and account administration. Each route: schema -> authenticate -> authorise -> one use case
 * -> presenter.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import { OPEN_STATUSES } from '../../../domain/request.ts';
import type { Runtime } from '../../../runtime.ts';
import { assignRequest } from '../../../use-cases/assign-request.ts';
import { claimNextCase } from '../../../use-cases/claim-next-case.ts';
import { createApiKey } from '../../../use-cases/create-api-key.ts';
import { createStaffUser } from '../../../use-cases/create-staff-user.ts';
import { decideAppeal } from '../../../use-cases/decide-appeal.ts';
import { decideRequest } from '../../../use-cases/decide-request.ts';
import { fileAppeal } from '../../../use-cases/file-appeal.ts';
import { flagMinor } from '../../../use-cases/flag-minor.ts';
import { recordItemRemoval } from '../../../use-cases/record-item-removal.ts';
import { revokeApiKey } from '../../../use-cases/revoke-api-key.ts';
import { viewRequest } from '../../../use-cases/view-request.ts';
import { withdrawRequest } from '../../../use-cases/withdraw-request.ts';
import { authenticateFirst } from '../../auth.ts';
import type { Authenticate } from '../../auth.ts';
import { assertNoHostileStrings } from '../../hostile.ts';
import { decodeCursor, nextCursor } from '../../page-cursor.ts';
import { presentCase, presentWorkEntry } from './presenter.ts';
import {
  AppealDecisionBody,
  AppealParams,
  ApiKeyBody,
  ApiKeyParams,
  AssignBody,
  CaseParams,
  ClaimNextAnswer,
  DecisionBody,
  ItemOutcomeBody,
  ItemParams,
  QueueQuery,
  UploaderAppealBody,
  UserBody,
} from './schema.ts';

const tags = ['staff'];
const security = [{ bearer: [] }];
const REVIEWERS = ['moderator'] as const;

export function staffRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const { transact } = rt.database;
  const deps = { transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };

  async function requestId(caseNumber: string): Promise<string> {
    const row = await transact((trx) => rt.repos.requests.findByCaseNumber(trx, caseNumber));
    if (!row) throw new AppError('not_found', 'no such case');
    return row.id;
  }

  return async (app) => {
    app.addHook('preHandler', async (request) => assertNoHostileStrings(request.body));

    app.get<{ Querystring: QueueQuery }>(
      '/api/v1/staff/queue',
      { schema: { tags, security, querystring: QueueQuery } },
      async (request) => {
        await authenticate(request, ['moderator', 'auditor']);
        const { limit = 100, after } = request.query;
        const cursor = after ? decodeCursor(after, 3) : undefined;
        const rows = await transact((trx) =>
          rt.repos.workQueue.list(
            trx,
            OPEN_STATUSES,
            limit,
            cursor && { minor: Number(cursor[0]), due: cursor[1], caseNumber: cursor[2] },
          ),
        );
        const now = rt.clock.now();
        return {
          items: rows.map((r) => presentWorkEntry(r, now)),
          next: nextCursor(rows, limit, (r) => [Number(r.minor_involved), r.due_at, r.case_number]),
        };
      },
    );

    app.post(
      '/api/v1/staff/queue/claim-next',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: {
          tags,
          security,
          summary: 'Assign the most urgent unassigned case to me',
          response: { 200: ClaimNextAnswer },
        },
      },
      async (request) => {
        const who = await authenticate(request, REVIEWERS);
        const claimed = await claimNextCase(deps, { assigneeId: who.userId ?? who.actor, actor: who.actor });
        return { claimed };
      },
    );

    app.get<{ Params: CaseParams }>(
      '/api/v1/staff/requests/:caseNumber',
      { schema: { tags, security, params: CaseParams } },
      async (request) => {
        const who = await authenticate(request, ['moderator', 'auditor']);
        const id = await requestId(request.params.caseNumber);
        const view = await viewRequest(deps, { requestId: id, actor: who.actor, purpose: 'case detail' });
        return presentCase(view, rt.clock.now());
      },
    );

    app.post<{ Params: CaseParams; Body: AssignBody }>(
      '/api/v1/staff/requests/:caseNumber/assign',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: { tags, security, params: CaseParams, body: AssignBody },
      },
      async (request) => {
        const who = await authenticate(request, REVIEWERS);
        // Without an assignee the caller takes the case; an API key is no person to assign.
        const assigneeId = request.body.assigneeId ?? who.userId ?? '';
        await assignRequest(deps, {
          requestId: await requestId(request.params.caseNumber),
          assigneeId,
          actor: who.actor,
        });
        return { assignedTo: assigneeId };
      },
    );

    app.post<{ Params: CaseParams; Body: DecisionBody }>(
      '/api/v1/staff/requests/:caseNumber/decision',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: { tags, security, params: CaseParams, body: DecisionBody },
      },
      async (request) => {
        const who = await authenticate(request, REVIEWERS);
        const id = await requestId(request.params.caseNumber);
        return decideRequest(deps, { requestId: id, ...request.body, actor: who.actor });
      },
    );

    app.post<{ Params: ItemParams; Body: ItemOutcomeBody }>(
      '/api/v1/staff/requests/:caseNumber/items/:itemId/outcome',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: { tags, security, params: ItemParams, body: ItemOutcomeBody },
      },
      async (request) => {
        const who = await authenticate(request, REVIEWERS);
        const id = await requestId(request.params.caseNumber);
        return recordItemRemoval(deps, {
          requestId: id,
          itemId: request.params.itemId,
          ...request.body,
          actor: who.actor,
        });
      },
    );

    app.post<{ Params: CaseParams }>(
      '/api/v1/staff/requests/:caseNumber/minor',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: { tags, security, params: CaseParams, summary: 'Flag a minor: NCMEC report, preserve' },
      },
      async (request) => {
        const who = await authenticate(request, REVIEWERS);
        await flagMinor(deps, { requestId: await requestId(request.params.caseNumber), actor: who.actor });
        return { minorInvolved: true };
      },
    );

    app.post<{ Params: CaseParams }>(
      '/api/v1/staff/requests/:caseNumber/withdraw',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: { tags, security, params: CaseParams },
      },
      async (request) => {
        const who = await authenticate(request, REVIEWERS);
        const id = await requestId(request.params.caseNumber);
        await withdrawRequest(deps, { requestId: id, by: 'staff', actor: who.actor });
        return { status: 'withdrawn' };
      },
    );

    app.post<{ Params: CaseParams; Body: UploaderAppealBody }>(
      '/api/v1/staff/requests/:caseNumber/appeals',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: {
          tags,
          security,
          params: CaseParams,
          body: UploaderAppealBody,
          summary: "File an uploader's appeal",
        },
      },
      async (request, reply) => {
        const who = await authenticate(request, REVIEWERS);
        const id = await requestId(request.params.caseNumber);
        const result = await fileAppeal(
          { ...deps, appealTargetDays: rt.config.appealTargetDays },
          {
            requestId: id,
            appellant: 'uploader',
            statement: request.body.statement,
            actor: who.actor,
          },
        );
        return reply.status(201).send(result);
      },
    );

    app.post<{ Params: AppealParams; Body: AppealDecisionBody }>(
      '/api/v1/staff/appeals/:appealId/decision',
      {
        onRequest: authenticateFirst(authenticate, REVIEWERS),
        schema: { tags, security, params: AppealParams, body: AppealDecisionBody },
      },
      async (request) => {
        const who = await authenticate(request, REVIEWERS);
        return decideAppeal(deps, {
          appealId: request.params.appealId,
          outcome: request.body.outcome,
          actor: who.actor,
        });
      },
    );

    app.post<{ Body: UserBody }>(
      '/api/v1/staff/users',
      { onRequest: authenticateFirst(authenticate, []), schema: { tags, security, body: UserBody } },
      async (request, reply) => {
        await authenticate(request, []);
        const inviteMail = rt.mailer.configured ? { jobs: rt.repos.jobs, cipher: rt.cipher } : undefined;
        const { userId, setupToken } = await createStaffUser({ ...deps, inviteMail }, request.body);
        return reply
          .status(201)
          .send({ userId, setupUrl: `${rt.config.publicUrl}/setup?token=${setupToken}`, setupToken });
      },
    );

    app.post<{ Body: ApiKeyBody }>(
      '/api/v1/staff/api-keys',
      { onRequest: authenticateFirst(authenticate, []), schema: { tags, security, body: ApiKeyBody } },
      async (request, reply) => {
        await authenticate(request, []);
        return reply.status(201).send(await createApiKey(deps, request.body));
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/v1/staff/api-keys/:id/revoke',
      { onRequest: authenticateFirst(authenticate, []), schema: { tags, security, params: ApiKeyParams } },
      async (request) => {
        await authenticate(request, []);
        await revokeApiKey(deps, { id: request.params.id });
        return { revoked: true };
      },
    );
  };
}
