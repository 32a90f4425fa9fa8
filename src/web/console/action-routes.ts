/**
 * State-changing console actions. Each: session + role (moderators; admins may do everything;
 * auditors none) + CSRF token -> one use case -> redirect back to the page (post/redirect/get).
 * Near-copy decisions go through the same use case as the staff API's.
 * A move the state machine refuses comes back as a message, never a crash.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { CASE_NUMBER_PATTERN } from '../../domain/case-number.ts';
import { AppError } from '../../domain/errors.ts';
import { ITEM_OUTCOMES, REJECTION_REASONS } from '../../domain/request.ts';
import type { ItemOutcome, RejectionReason } from '../../domain/request.ts';
import { assertNoHostileStrings } from '../../http/hostile.ts';
import type { Runtime } from '../../runtime.ts';
import { assignRequest } from '../../use-cases/assign-request.ts';
import { createApiKey } from '../../use-cases/create-api-key.ts';
import { createStaffUser, STAFF_ROLES } from '../../use-cases/create-staff-user.ts';
import type { StaffRole } from '../../use-cases/create-staff-user.ts';
import { decideAppeal } from '../../use-cases/decide-appeal.ts';
import { decideCopyFinding } from '../../use-cases/decide-copy-finding.ts';
import { decideRequest } from '../../use-cases/decide-request.ts';
import { flagMinor } from '../../use-cases/flag-minor.ts';
import { recordItemRemoval } from '../../use-cases/record-item-removal.ts';
import { revokeApiKey } from '../../use-cases/revoke-api-key.ts';
import { sendPage } from '../context.ts';
import { adminData } from './admin-data.ts';
import { adminPage } from './admin-page.ts';
import type { AdminFlash } from './admin-page.ts';
import { guarded } from './console-routes.ts';
import type { StaffSessions } from './session.ts';

type Body = Record<string, unknown>;
type CaseParams = { Params: { caseNumber: string }; Body: Body };
const one = (v: unknown) => (typeof v === 'string' ? v : '');
const CASE_RE = new RegExp(CASE_NUMBER_PATTERN);
const REVIEWERS = ['moderator'] as const;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID_RE = /^[0-9a-f-]{36}$/;
const among = <T extends string>(list: readonly T[], v: string): T | undefined =>
  (list as readonly string[]).includes(v) ? (v as T) : undefined;

export function actionRoutes(rt: Runtime, sessions: StaffSessions): FastifyPluginAsync {
  const { transact } = rt.database;
  const deps = { transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };

  async function requestId(caseNumber: string): Promise<string> {
    const row = CASE_RE.test(caseNumber)
      ? await transact((trx) => rt.repos.requests.findByCaseNumber(trx, caseNumber))
      : undefined;
    if (!row) throw new AppError('not_found', 'no such case');
    return row.id;
  }

  /** Runs a case action and returns to the case with an outcome message. */
  const caseAction =
    (done: string, run: (id: string, body: Body, actor: string, userId: string | null) => Promise<unknown>) =>
    async (request: { params: { caseNumber: string }; body: Body | undefined }, reply: FastifyReply) =>
      guarded(reply, async () => {
        const who = await sessions.forAction(request as never, REVIEWERS);
        const body = request.body ?? {};
        assertNoHostileStrings(body);
        const back = `/staff/requests/${request.params.caseNumber}`;
        const id = await requestId(request.params.caseNumber);
        try {
          await run(id, body, who.principal.actor, who.principal.userId);
          return reply.redirect(`${back}?done=${done}`, 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'invalid_input') return reply.redirect(`${back}?done=invalid`, 303);
          if (error.code === 'invalid_transition' || error.code === 'conflict') {
            return reply.redirect(`${back}?done=failed`, 303);
          }
          throw error;
        }
      });

  const facts = (body: Body) => one(body.facts).slice(0, 5000) || undefined;

  return async (app) => {
    app.post<CaseParams>(
      '/staff/requests/:caseNumber/assign',
      caseAction('assigned', (id, _b, actor, userId) =>
        assignRequest(deps, { requestId: id, assigneeId: userId ?? actor, actor }),
      ),
    );

    app.post<CaseParams>(
      '/staff/requests/:caseNumber/decision',
      caseAction('decided', async (id, body, actor) => {
        const decision = among(['remove', 'reject', 'escalate_legal'] as const, one(body.decision));
        if (!decision) throw new AppError('invalid_input', 'unknown decision');
        const reasonCode = among<RejectionReason>(REJECTION_REASONS, one(body.reasonCode));
        return decideRequest(deps, { requestId: id, decision, reasonCode, facts: facts(body), actor });
      }),
    );

    app.post<{ Params: { caseNumber: string; itemId: string }; Body: Body }>(
      '/staff/requests/:caseNumber/items/:itemId/outcome',
      async (request, reply) =>
        caseAction('outcome', async (id, body, actor) => {
          const outcome = among<ItemOutcome>(ITEM_OUTCOMES, one(body.outcome));
          if (!outcome || !UUID_RE.test(request.params.itemId))
            throw new AppError('invalid_input', 'bad outcome');
          return recordItemRemoval(deps, {
            requestId: id,
            itemId: request.params.itemId,
            outcome,
            facts: facts(body),
            actor,
          });
        })(request, reply),
    );

    app.post<{ Params: { caseNumber: string; findingId: string }; Body: Body }>(
      '/staff/requests/:caseNumber/copies/:findingId/decision',
      async (request, reply) =>
        caseAction('copy', async (id, body, actor) => {
          const outcome = among(['confirm', 'dismiss'] as const, one(body.outcome));
          const findingId = request.params.findingId;
          if (!outcome || !UUID_RE.test(findingId)) throw new AppError('invalid_input', 'bad decision');
          // The use case takes any finding id; the page only offers this case's, so insist on it.
          const finding = await transact((trx) => rt.stayDown.repos.copies.finding(trx, findingId));
          if (finding?.request_id !== id) throw new AppError('invalid_input', 'not a finding of this case');
          return decideCopyFinding({ ...deps, ...rt.stayDown.repos }, { findingId, outcome, actor });
        })(request, reply),
    );

    app.post<CaseParams>(
      '/staff/requests/:caseNumber/minor',
      caseAction('minor', (id, _b, actor) => flagMinor(deps, { requestId: id, actor })),
    );

    app.post<{ Params: { appealId: string }; Body: Body }>(
      '/staff/appeals/:appealId/decision',
      async (request, reply) => {
        const caseNumber = one(request.body?.caseNumber);
        if (!CASE_RE.test(caseNumber) || !UUID_RE.test(request.params.appealId)) {
          return reply.status(400).type('text/plain').send('bad request');
        }
        return caseAction('appeal', async (_id, body, actor) => {
          const outcome = among(['uphold', 'overturn'] as const, one(body.outcome));
          if (!outcome) throw new AppError('invalid_input', 'unknown outcome');
          return decideAppeal(deps, { appealId: request.params.appealId, outcome, actor });
        })({ params: { caseNumber }, body: request.body }, reply);
      },
    );

    const adminAction =
      (run: (body: Body) => Promise<AdminFlash>) =>
      async (request: { body: Body | undefined }, reply: FastifyReply) =>
        guarded(reply, async () => {
          const who = await sessions.forAction(request as never, []);
          const body = request.body ?? {};
          assertNoHostileStrings(body);
          let flash: AdminFlash;
          try {
            flash = await run(body);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            flash = { kind: 'error', text: error.message };
          }
          return sendPage(
            reply,
            adminPage(who, await adminData(rt), rt.config, flash),
            flash.kind === 'ok' ? 200 : 400,
          );
        });

    const role = (body: Body): StaffRole => {
      const r = among<StaffRole>(STAFF_ROLES, one(body.role));
      if (!r) throw new AppError('invalid_input', 'choose a role');
      return r;
    };

    app.post<{ Body: Body }>(
      '/staff/admin/users',
      adminAction(async (body) => {
        const email = one(body.email).trim().slice(0, 320);
        if (!EMAIL_RE.test(email)) throw new AppError('invalid_input', 'give a valid email address');
        const inviteMail = rt.mailer.configured ? { jobs: rt.repos.jobs, cipher: rt.cipher } : undefined;
        const { setupToken } = await createStaffUser({ ...deps, inviteMail }, { email, role: role(body) });
        const secret = `${rt.config.publicUrl}/setup?token=${setupToken}`;
        return {
          kind: 'ok',
          text: rt.mailer.configured
            ? `Account created for ${email}. We emailed them this one-time setup link (valid 24 hours):`
            : `Account created for ${email}. Send them this one-time setup link (valid 24 hours):`,
          secret,
        };
      }),
    );

    app.post<{ Body: Body }>(
      '/staff/admin/api-keys',
      adminAction(async (body) => {
        const name = one(body.name).trim().slice(0, 100);
        if (!name) throw new AppError('invalid_input', 'give the key a name');
        const { key } = await createApiKey(deps, { name, role: role(body) });
        return { kind: 'ok', text: `API key "${name}" created:`, secret: key };
      }),
    );

    app.post<{ Body: Body }>(
      '/staff/admin/api-keys/revoke',
      adminAction(async (body) => {
        const id = one(body.id).trim();
        const key = (await adminData(rt)).apiKeys.find((k) => k.id === id && !k.revoked_at);
        if (!key) throw new AppError('not_found', 'no active API key has that id');
        await revokeApiKey(deps, { id });
        return { kind: 'ok', text: `API key "${key.name}" revoked; it stops working within 5 seconds.` };
      }),
    );

    app.post<{ Body: Body }>(
      '/staff/admin/test-email',
      adminAction(async (body) => {
        const to = one(body.to).trim().slice(0, 320);
        if (!EMAIL_RE.test(to)) throw new AppError('invalid_input', 'give a valid email address');
        const id = await rt.mailer.send({
          to,
          subject: '[Redress] Test email',
          text: 'This is a test email from the Redress console. If you can read it, email works.',
        });
        return id
          ? { kind: 'ok', text: `Sent to ${to} (message id ${id}).` }
          : { kind: 'error', text: 'SMTP is not configured (SMTP_URL); the message was only logged.' };
      }),
    );
  };
}
