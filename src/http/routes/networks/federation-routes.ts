/**
 * Federation between Redress instances. As a publisher: the keys its feed is signed with (public
 * by design: they are public keys) and the signed feed of each published bank, for subscribers
 * holding an API key of this instance (role platform or auditor). As a subscriber: admins list and
 * save subscriptions to other instances' feeds.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.ts';
import { publishFeedPage } from '../../../use-cases/publish-feed-page.ts';
import { saveSubscription } from '../../../use-cases/save-subscription.ts';
import { authenticateFirst } from '../../auth.ts';
import type { Authenticate } from '../../auth.ts';
import { FeedBankParams, FeedQuery, SubscriptionBody, SubscriptionParams } from './schema.ts';

const security = [{ bearer: [] }];
const tags = ['federation'];
const PAGE = 500;

export function federationRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const nw = rt.networks;
  return async (app) => {
    app.get('/api/v1/federation/keys', { schema: { tags } }, async () => ({
      publisher: rt.config.publicUrl,
      keys: nw.publishedKeys,
    }));

    app.get<{ Params: FeedBankParams; Querystring: FeedQuery }>(
      '/api/v1/federation/banks/:bank/feed',
      { schema: { tags, security, params: FeedBankParams, querystring: FeedQuery } },
      async (request) => {
        await authenticate(request, ['platform', 'auditor']);
        const limit = Math.min(Math.max(Number(request.query.limit ?? PAGE), 1), PAGE);
        return rt.database.transact((trx) =>
          publishFeedPage(
            trx,
            { banks: rt.stayDown.repos.banks, networks: nw.repo, now: rt.clock.now() },
            {
              bank: request.params.bank,
              published: rt.config.networks.federationPublishBanks,
              after: Number(request.query.after ?? 0),
              limit,
              signer: nw.signer,
              publisher: rt.config.publicUrl,
            },
          ),
        );
      },
    );

    app.get('/api/v1/federation/subscriptions', { schema: { tags, security } }, async (request) => {
      await authenticate(request, ['auditor']);
      const rows = await rt.database.transact((trx) => nw.repo.subscriptions(trx));
      return {
        subscriptions: rows.map((s) => ({
          name: s.name,
          url: s.url,
          keys: JSON.parse(s.keys) as unknown,
          onMatch: s.on_match,
          threshold: s.threshold,
          enabled: s.enabled === 1,
          hasToken: s.token_sealed !== null,
        })),
      };
    });

    app.put<{ Params: SubscriptionParams; Body: SubscriptionBody }>(
      '/api/v1/federation/subscriptions/:name',
      {
        onRequest: authenticateFirst(authenticate, []),
        schema: { tags, security, params: SubscriptionParams, body: SubscriptionBody },
      },
      async (request, reply) => {
        const who = await authenticate(request, []);
        await saveSubscription(
          {
            transact: rt.database.transact,
            networks: nw.repo,
            audit: rt.repos.audit,
            cipher: rt.cipher,
            clock: rt.clock,
          },
          { ...request.body, name: request.params.name, actor: who.actor },
        );
        return reply.status(204).send();
      },
    );
  };
}
