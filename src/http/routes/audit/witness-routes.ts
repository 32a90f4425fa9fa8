/**
 * This instance as a witness for peers: `POST /api/v1/audit/witness` keeps a checkpoint a peer
 * signed (authenticated by that signature against the peers the operator lists), and
 * `GET /api/v1/audit/witnessed?peer=` gives auditors a peer's checkpoints as NDJSON, the form
 * `redress audit verify --checkpoints FILE` reads on the peer.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { checkpointDocument } from '../../../domain/audit-checkpoint.ts';
import { AppError } from '../../../domain/errors.ts';
import type { Runtime } from '../../../runtime.ts';
import { witnessPeerCheckpoint } from '../../../use-cases/witness-peer-checkpoint.ts';
import type { Authenticate } from '../../auth.ts';

const tags = ['audit'];
const CheckpointBody = Type.Object(
  {
    type: Type.String({ maxLength: 100 }),
    seq: Type.Integer({ minimum: 1 }),
    headHash: Type.String({ maxLength: 64 }),
    at: Type.String({ maxLength: 40 }),
    keyId: Type.String({ maxLength: 100 }),
    signature: Type.String({ maxLength: 100 }),
    publicKey: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const WitnessedQuery = Type.Object(
  { peer: Type.String({ maxLength: 64 }), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) },
  { additionalProperties: false },
);

export function witnessRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const peers = rt.config.auditWitness.trustedPeers;
  const deps = { transact: rt.database.transact, checkpoints: rt.repos.checkpoints, clock: rt.clock, peers };
  return async (app) => {
    app.post<{ Body: Static<typeof CheckpointBody> }>(
      '/api/v1/audit/witness',
      {
        bodyLimit: 4096,
        schema: { tags, body: CheckpointBody },
        config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      },
      async (request) => {
        if (peers.length === 0) throw new AppError('not_found', 'this instance witnesses for no peer');
        return witnessPeerCheckpoint(deps, request.body);
      },
    );

    app.get<{ Querystring: Static<typeof WitnessedQuery> }>(
      '/api/v1/audit/witnessed',
      { schema: { tags, security: [{ bearer: [] }], querystring: WitnessedQuery } },
      async (request, reply) => {
        await authenticate(request, ['auditor']);
        const peer = peers.find((p) => p.name === request.query.peer);
        if (!peer) throw new AppError('not_found', 'no such peer');
        const limit = Math.min(Math.max(Number(request.query.limit ?? 100), 1), 1000);
        const list = await rt.repos.checkpoints.witnessed(rt.database.db, peer.name, limit);
        reply.type('application/x-ndjson');
        return list.map((c) => JSON.stringify(checkpointDocument(c, peer.publicKey)) + '\n').join('');
      },
    );
  };
}
