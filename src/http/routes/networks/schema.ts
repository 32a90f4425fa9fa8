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
