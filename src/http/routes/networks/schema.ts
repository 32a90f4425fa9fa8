/**
 * Schemas of the hash-network endpoints: feed status and manual fetches, matches of network
 * hashes and their review, federation subscriptions and the published feed.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;

export const FeedParams = Type.Object({ name: Type.String({ pattern: '^[a-z0-9:._-]{1,100}$' }) }, strict);
export type FeedParams = Static<typeof FeedParams>;

export const MatchesQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([
        Type.Literal('review'),
        Type.Literal('blocked'),
        Type.Literal('confirmed'),
        Type.Literal('dismissed'),
      ]),
    ),
  },
  strict,
);
export type MatchesQuery = Static<typeof MatchesQuery>;

export const MatchParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }, strict);
export type MatchParams = Static<typeof MatchParams>;

export const MatchDecisionBody = Type.Object(
  { outcome: Type.Union([Type.Literal('confirm'), Type.Literal('dismiss')]) },
  strict,
);
export type MatchDecisionBody = Static<typeof MatchDecisionBody>;

export const FeedBankParams = Type.Object(
  { bank: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' }) },
  strict,
);
export type FeedBankParams = Static<typeof FeedBankParams>;

export const FeedQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  },
  strict,
);
export type FeedQuery = Static<typeof FeedQuery>;

export const SubscriptionParams = Type.Object(
  { name: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' }) },
  strict,
);
export type SubscriptionParams = Static<typeof SubscriptionParams>;

export const SubscriptionBody = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000 }),
    keys: Type.Array(
      Type.Object(
        {
          keyId: Type.String({ pattern: '^[a-z0-9][a-z0-9/._-]{0,63}$' }),
          publicKey: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
        },
        strict,
      ),
      { minItems: 1, maxItems: 10 },
    ),
    onMatch: Type.Union([Type.Literal('block'), Type.Literal('review')]),
    threshold: Type.Integer({ minimum: 0, maximum: 40 }),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  strict,
);
export type SubscriptionBody = Static<typeof SubscriptionBody>;
