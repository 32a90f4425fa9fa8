/**
 * The audit log for auditors (TIDA-H1): page through events (`?afterSeq=&limit=`, each page
 * naming the next one's `afterSeq`), export them as NDJSON, and verify the hash chain against the
 * latest signed checkpoint (the witness file and the database's own record). Reading the log does
 * not change it. The witness endpoints (another instance's checkpoints kept here) are in
 * `witness-routes.ts`.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.ts';
import { witnessSources } from '../../../platform/audit-witnesses.ts';
import { verifyAuditLog } from '../../../use-cases/verify-audit-log.ts';
import type { Authenticate } from '../../auth.ts';
import { witnessRoutes } from './witness-routes.ts';

const tags = ['audit'];
const security = [{ bearer: [] }];
const ListQuery = Type.Object(
  {
    afterSeq: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2_147_483_647,
        description: 'the `nextAfterSeq` of the previous page',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);

export function auditRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const { db } = rt.database;
  return async (app) => {
    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/api/v1/audit/events',
      { schema: { tags, security, querystring: ListQuery } },
      async (request) => {
        await authenticate(request, ['auditor']);
        const { afterSeq = 0, limit = 200 } = request.query;
        const events = await rt.repos.audit.list(db, { afterSeq, limit });
        // A full page may have more after it: the caller asks again with `afterSeq=nextAfterSeq`.
        const nextAfterSeq = events.length === limit ? events[events.length - 1].seq : null;
        return { events, nextAfterSeq };
      },
    );

    app.get('/api/v1/audit/export', { schema: { tags, security } }, async (request, reply) => {
      await authenticate(request, ['auditor']);
      const events = await rt.repos.audit.list(db);
      reply.type('application/x-ndjson');
      return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    });

    app.get('/api/v1/audit/verify', { schema: { tags, security } }, async (request) => {
      await authenticate(request, ['auditor']);
      const file = rt.config.auditWitness.witnessFile;
      const deps = {
        db,
        audit: rt.repos.audit,
        checkpoints: rt.repos.checkpoints,
        publicKey: rt.keys.checkpointSigner.publicKey,
      };
      return verifyAuditLog(deps, witnessSources(file ? [file] : []));
    });

    await app.register(witnessRoutes(rt, authenticate));
  };
}
