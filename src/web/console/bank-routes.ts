/**
 * The console's bank pages and their two actions: a bank's policy (threshold, what a perceptual
 * match does, enabled) and the withdrawal of one entry with a reason. Both go through the same use
 * cases as the staff API, so they are audited and reach every process's index the same way.
 * Moderators and admins act (session + CSRF token); auditors read.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { isBankName } from '../../domain/bank-name.ts';
import { AppError } from '../../domain/errors.ts';
import type { BankRow } from '../../db/repositories/banks-repository.ts';
import { assertNoHostileStrings } from '../../http/hostile.ts';
import type { Runtime } from '../../runtime.ts';
import { configureBank } from '../../use-cases/configure-bank.ts';
import { withdrawBankEntry } from '../../use-cases/withdraw-bank-entry.ts';
import { sendPage } from '../context.ts';
import { bankPage, bankPath, banksPage } from './bank-pages.ts';
import { guarded } from './guarded.ts';
import { forbiddenPage } from './login-page.ts';
import type { StaffSession, StaffSessions } from './session.ts';

type Body = Record<string, unknown>;
type BankParams = { Params: { name: string }; Querystring: Record<string, string> };
const one = (v: unknown) => (typeof v === 'string' ? v : '');
const PAGE = 50;
const READERS = ['moderator', 'auditor'] as const;
const ACTORS = ['moderator'] as const;
/** A page cursor: the last entry's creation time and id. */
const CURSOR = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)~([\w-]{1,64})$/;

export function bankConsoleRoutes(rt: Runtime, sessions: StaffSessions): FastifyPluginAsync {
  const sd = rt.stayDown;
  const { transact } = rt.database;
  const findBank = (name: string): Promise<BankRow | undefined> =>
    isBankName(name) ? transact((trx) => sd.repos.banks.bankByName(trx, name)) : Promise.resolve(undefined);
  const noSuchBank = (reply: FastifyReply, who: StaffSession) =>
    sendPage(reply, forbiddenPage(who, 'There is no bank with this name.'), 404);

  /** Runs a bank action, then back to the bank's page with what happened. */
  const bankAction =
    (run: (bank: BankRow, body: Body, actor: string, params: Record<string, string>) => Promise<string>) =>
    async (request: { params: Record<string, string>; body: Body | undefined }, reply: FastifyReply) =>
      guarded(reply, async () => {
        const who = await sessions.forAction(request as never, ACTORS);
        const body = request.body ?? {};
        assertNoHostileStrings(body);
        const bank = await findBank(request.params.name);
        if (!bank) return noSuchBank(reply, who);
        let done: string;
        try {
          done = await run(bank, body, who.principal.actor, request.params);
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'invalid_input')) throw error;
          done = 'invalid';
        }
        return reply.redirect(`${bankPath(bank.name)}?done=${done}`, 303);
      });

  return async (app) => {
    app.get('/staff/banks', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.session(request, READERS);
        return sendPage(reply, banksPage(who, await sd.records.banks()));
      }),
    );

    app.get<BankParams>('/staff/banks/:name', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.session(request, READERS);
        const bank = await findBank(request.params.name);
        if (!bank) return noSuchBank(reply, who);
        const entryId = one(request.query.entry).trim().slice(0, 64);
        const cursor = CURSOR.exec(one(request.query.before));
        const entries = await transact((trx) =>
          sd.repos.banks.entriesPage(trx, bank.id, {
            limit: PAGE,
            ...(entryId ? { entryId } : {}),
            ...(cursor ? { before: { createdAt: cursor[1], id: cursor[2] } } : {}),
          }),
        );
        const last = entries.length === PAGE ? entries[PAGE - 1] : undefined;
        const view = {
          bank,
          entries,
          older: last ? `${last.created_at}~${last.id}` : null,
          entryId,
          canAct: who.principal.role !== 'auditor',
        };
        return sendPage(reply, bankPage(who, view, one(request.query.done)));
      }),
    );

    app.post<{ Params: { name: string }; Body: Body }>(
      '/staff/banks/:name/settings',
      bankAction(async (bank, body) => {
        const threshold = one(body.matchThreshold).trim();
        if (!/^\d{1,2}$/.test(threshold)) throw new AppError('invalid_input', 'a threshold is a number');
        const onMatch = one(body.onMatch);
        await configureBank(sd.bankEntryDeps, {
          name: bank.name,
          matchThreshold: Number(threshold),
          ...(onMatch === 'block' || onMatch === 'review' ? { onMatch } : {}),
          enabled: one(body.enabled) === '1',
        });
        return 'saved';
      }),
    );

    app.post<{ Params: { name: string; id: string }; Body: Body }>(
      '/staff/banks/:name/entries/:id/withdraw',
      bankAction(async (bank, body, actor, params) => {
        const reason = one(body.reason).trim().slice(0, 500);
        if (!reason) throw new AppError('invalid_input', 'give a reason');
        const entry = await transact((trx) => sd.repos.banks.entry(trx, params.id));
        if (!entry || entry.bank_id !== bank.id)
          throw new AppError('invalid_input', 'no such entry in this bank');
        await withdrawBankEntry(sd.bankEntryDeps, { entryId: entry.id, reason, actor });
        return 'withdrawn';
      }),
    );
  };
}
