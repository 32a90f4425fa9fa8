/**
 * Hash-network endpoints for staff: every feed's state (checkpoint, last success, errors) for
 * admins and auditors, a fetch on demand for admins, and the matches of network hashes with their
 * review by moderators (which is what the network hears back as feedback).
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import type { Runtime } from '../../../runtime.ts';
import { decideNetworkMatch } from '../../../use-cases/record-network-matches.ts';
import { authenticateFirst } from '../../auth.ts';
import type { Authenticate } from '../../auth.ts';
import { presentFeeds, presentMatch } from './presenter.ts';
import { FeedParams, MatchDecisionBody, MatchParams, MatchesQuery } from './schema.ts';

const security = [{ bearer: [] }];
const tags = ['networks'];

export function networkRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const nw = rt.networks;
  return async (app) => {
    app.get('/api/v1/networks', { schema: { tags, security } }, async (request) => {
      await authenticate(request, ['auditor']);
      return presentFeeds(await nw.feeds(), await nw.status());
    });

    app.post<{ Params: FeedParams }>(
      '/api/v1/networks/:name/fetch',
      { onRequest: authenticateFirst(authenticate, []), schema: { tags, security, params: FeedParams } },
      async (request) => {
        await authenticate(request, []);
        try {
          return { feed: request.params.name, result: await nw.fetchNow(request.params.name) };
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw new AppError('partner_failed', `the fetch failed: ${(error as Error).message}`);
        }
      },
    );

    app.get<{ Querystring: MatchesQuery }>(
      '/api/v1/networks/matches',
      { schema: { tags, security, querystring: MatchesQuery } },
      async (request) => {
        await authenticate(request, ['moderator', 'auditor']);
        const rows = await rt.database.transact((trx) => nw.repo.matches(trx, request.query.status, 200));
        return { matches: rows.map(presentMatch) };
      },
    );

    app.post<{ Params: MatchParams; Body: MatchDecisionBody }>(
      '/api/v1/networks/matches/:id/decision',
      {
        onRequest: authenticateFirst(authenticate, ['moderator']),
        schema: { tags, security, params: MatchParams, body: MatchDecisionBody },
      },
      async (request) => {
        const who = await authenticate(request, ['moderator']);
        return decideNetworkMatch(nw.matchDeps, {
          matchId: request.params.id,
          outcome: request.body.outcome,
          actor: who.actor,
        });
      },
    );
  };
}
