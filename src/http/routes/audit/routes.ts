/**
 * The audit log for auditors (TIDA-H1): page through events, export them as NDJSON, and verify
 * the hash chain. Reading the log does not change it.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.ts';
import type { Authenticate } from '../../auth.ts';
import { queryInteger, readInteger } from '../../query.ts';

const tags = ['audit'];
const security = [{ bearer: [] }];
const ListQuery = Type.Object(
  {
    afterSeq: Type.Optional(queryInteger(0, Number.MAX_SAFE_INTEGER, 'events after this sequence number')),
    limit: Type.Optional(queryInteger(1, 1000, 'events per page (default 200)')),
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
        const afterSeq = readInteger(request.query.afterSeq, 'afterSeq', 0, Number.MAX_SAFE_INTEGER, 0);
        const limit = readInteger(request.query.limit, 'limit', 1, 1000, 200);
        return { events: await rt.repos.audit.list(db, { afterSeq, limit }) };
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
      return rt.repos.audit.verify(db);
    });
  };
}
