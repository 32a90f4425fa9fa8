/**
 * State-changing console actions. Each: session + role (moderators; admins may do everything;
 * auditors none) + CSRF token -> one use case -> redirect back to the page (post/redirect/get).
 * Near-copy decisions go through the same use case as the staff API's.
 * A move the state machine refuses comes back as a message, never a crash.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CASE_NUMBER_PATTERN } from '../../domain/case-number.ts';
import { AppError } from '../../domain/errors.ts';
import { ITEM_OUTCOMES, REJECTION_REASONS } from '../../domain/request.ts';
import type { ItemOutcome, RejectionReason } from '../../domain/request.ts';
import { assertNoHostileStrings } from '../../http/hostile.ts';
import type { Runtime } from '../../runtime.ts';
import { assignRequest } from '../../use-cases/assign-request.ts';
import { claimNextCase } from '../../use-cases/claim-next-case.ts';
import { createApiKey } from '../../use-cases/create-api-key.ts';
import { createStaffUser, STAFF_ROLES } from '../../use-cases/create-staff-user.ts';
import type { StaffRole } from '../../use-cases/create-staff-user.ts';
import { decideAppeal } from '../../use-cases/decide-appeal.ts';
import { decideRequest } from '../../use-cases/decide-request.ts';
import { flagMinor } from '../../use-cases/flag-minor.ts';
import { disableStaffUser, resetStaffPassword } from '../../use-cases/manage-staff-account.ts';
import { recordItemRemoval } from '../../use-cases/record-item-removal.ts';
import { revokeApiKey } from '../../use-cases/revoke-api-key.ts';
import { sendPage } from '../context.ts';
import { adminData } from './admin-data.ts';
import { adminPage } from './admin-page.ts';
import type { AdminFlash } from './admin-page.ts';
import { confirmDecisionPage } from './case-actions.ts';
import { guarded } from './guarded.ts';
import { consolePage } from './layout.ts';
import type { StaffSession, StaffSessions } from './session.ts';

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

  async function caseOf(caseNumber: string): Promise<{ id: string; caseNumber: string }> {
    const row = CASE_RE.test(caseNumber)
      ? await transact((trx) => rt.repos.requests.findByCaseNumber(trx, caseNumber))
      : undefined;
    if (!row) throw new AppError('not_found', 'no such case');
    return { id: row.id, caseNumber: row.case_number };
  }

  /** The case an appeal belongs to: taken from the appeal, not from anything the form says. */
  async function caseOfAppeal(request: FastifyRequest): Promise<{ id: string; caseNumber: string }> {
    const appealId = (request.params as { appealId: string }).appealId;
    const found = UUID_RE.test(appealId)
      ? await transact(async (trx) => {
          const appeal = await rt.repos.appeals.get(trx, appealId);
          return appeal && (await rt.repos.requests.getForUpdate(trx, appeal.request_id));
        })
      : undefined;
    if (!found) throw new AppError('not_found', 'no such appeal');
    return { id: found.id, caseNumber: found.case_number };
  }

  /** Runs a case action and returns to the case with an outcome message. The case is the one in
   *  the path, or the one `locate` finds (an appeal's). */
  const caseAction =
    (
      done: string,
      run: (id: string, body: Body, actor: string, userId: string | null) => Promise<unknown>,
      locate?: (request: FastifyRequest) => Promise<{ id: string; caseNumber: string }>,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) =>
      guarded(reply, async () => {
        const who = await sessions.forAction(request, REVIEWERS);
        const body = (request.body ?? {}) as Body;
        assertNoHostileStrings(body);
        const target = locate
          ? await locate(request)
          : await caseOf((request.params as { caseNumber: string }).caseNumber);
        const back = `/staff/requests/${target.caseNumber}`;
        try {
          await run(target.id, body, who.principal.actor, who.principal.userId);
          return reply.redirect(`${back}?done=${done}`, 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          if (error.code === 'invalid_input' || error.code === 'invalid_assignee') {
            return reply.redirect(`${back}?done=invalid`, 303);
          }
          if (error.code === 'invalid_transition' || error.code === 'conflict') {
            return reply.redirect(`${back}?done=failed`, 303);
          }
          throw error;
        }
      });

  const facts = (body: Body) => one(body.facts).trim().slice(0, 5000) || undefined;

  return async (app) => {
    app.post<CaseParams>(
      '/staff/requests/:caseNumber/assign',
      caseAction('assigned', (id, _b, actor, userId) =>
        assignRequest(deps, { requestId: id, assigneeId: userId ?? '', actor }),
      ),
    );

    app.post<CaseParams>('/staff/requests/:caseNumber/decision', async (request, reply) => {
      const body = request.body ?? {};
      const decision = among(['remove', 'reject', 'escalate_legal'] as const, one(body.decision));
      const reasonCode = among<RejectionReason>(REJECTION_REASONS, one(body.reasonCode));
      // Removing and refusing need the facts relied on, then a confirmation (a page of its own).
      if ((decision === 'remove' || decision === 'reject') && one(body.confirm) !== '1') {
        return guarded(reply, async () => {
          const who = await sessions.forAction(request, REVIEWERS);
          assertNoHostileStrings(body);
          const { id, caseNumber } = await caseOf(request.params.caseNumber);
          const back = `/staff/requests/${caseNumber}`;
          if (!facts(body)) return reply.redirect(`${back}?done=facts`, 303);
          if (decision === 'reject' && !reasonCode) return reply.redirect(`${back}?done=invalid`, 303);
          const [row, items] = await transact(
            async (trx) =>
              [
                (await rt.repos.requests.getForUpdate(trx, id))!,
                await rt.repos.requests.items(trx, id),
              ] as const,
          );
          const page = confirmDecisionPage(
            row,
            items.length,
            decision,
            reasonCode ?? '',
            facts(body)!,
            who.csrf,
          );
          return sendPage(reply, consolePage('Confirm the decision', who, page));
        });
      }
      return caseAction('decided', async (id, b, actor) => {
        if (!decision) throw new AppError('invalid_input', 'unknown decision');
        if (decision !== 'escalate_legal' && !facts(b))
          throw new AppError('invalid_input', 'facts relied on');
        return decideRequest(deps, { requestId: id, decision, reasonCode, facts: facts(b), actor });
      })(request, reply);
    });

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
          // The page only offers this case's findings, so the decision names the case.
          return rt.stayDown.actions.decideCopyFinding({ findingId, outcome, actor, requestId: id });
        })(request, reply),
    );

    app.post('/staff/queue/claim-next', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.forAction(request, REVIEWERS);
        const claimed = await claimNextCase(deps, {
          assigneeId: who.principal.userId ?? who.principal.actor,
          actor: who.principal.actor,
        });
        return claimed
          ? reply.redirect(`/staff/requests/${claimed.caseNumber}?done=claimed`, 303)
          : reply.redirect('/staff?done=empty', 303);
      }),
    );

    app.post<CaseParams>(
      '/staff/requests/:caseNumber/minor',
      caseAction('minor', (id, _b, actor) => flagMinor(deps, { requestId: id, actor })),
    );

    app.post<{ Params: { appealId: string }; Body: Body }>(
      '/staff/appeals/:appealId/decision',
      async (request, reply) =>
        caseAction(
          'appeal',
          async (_id, body, actor) => {
            const outcome = among(['uphold', 'overturn'] as const, one(body.outcome));
            if (!outcome) throw new AppError('invalid_input', 'unknown outcome');
            return decideAppeal(deps, { appealId: request.params.appealId, outcome, actor });
          },
          caseOfAppeal,
        )(request, reply),
    );

    const adminAction =
      (run: (body: Body, who: StaffSession) => Promise<AdminFlash>) =>
      async (request: { body: Body | undefined }, reply: FastifyReply) =>
        guarded(reply, async () => {
          const who = await sessions.forAction(request as never, []);
          const body = request.body ?? {};
          assertNoHostileStrings(body);
          let flash: AdminFlash;
          try {
            flash = await run(body, who);
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
    const staffDeps = { transact, staff: rt.repos.staff, audit: rt.repos.audit, clock: rt.clock };
    const accountId = (body: Body): string => {
      const id = one(body.id).trim();
      if (!UUID_RE.test(id)) throw new AppError('not_found', 'no such staff account');
      return id;
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
      '/staff/admin/users/disable',
      adminAction(async (body, who) => {
        const { email } = await disableStaffUser(staffDeps, {
          userId: accountId(body),
          actor: who.principal.actor,
          actorUserId: who.principal.userId,
        });
        return { kind: 'ok', text: `${email} is disabled; their sessions have ended.` };
      }),
    );

    app.post<{ Body: Body }>(
      '/staff/admin/users/reset',
      adminAction(async (body, who) => {
        const { email, setupToken } = await resetStaffPassword(staffDeps, {
          userId: accountId(body),
          actor: who.principal.actor,
        });
        return {
          kind: 'ok',
          text: `The password of ${email} is cleared and their sessions have ended. Send them this one-time link to choose a new one (valid 24 hours):`,
          secret: `${rt.config.publicUrl}/setup?token=${setupToken}`,
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
