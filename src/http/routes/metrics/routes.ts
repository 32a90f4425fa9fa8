/**
 * GET /api/v1/staff/metrics: SLA figures (TIDA-H2) and counts by legal basis and status (H3)
 * for requests received in a period (default: the last 30 days). No URLs, no personal data.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import type { Runtime } from '../../../runtime.ts';
import { reportSlaMetrics } from '../../../use-cases/report-sla-metrics.ts';
import type { Authenticate } from '../../auth.ts';

const PeriodQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export function metricsRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const deps = { transact: rt.database.transact, requests: rt.repos.requests, clock: rt.clock };
  return async (app) => {
    app.get<{ Querystring: Static<typeof PeriodQuery> }>(
      '/api/v1/staff/metrics',
      { schema: { tags: ['staff'], security: [{ bearer: [] }], querystring: PeriodQuery } },
      async (request) => {
        await authenticate(request, ['moderator', 'auditor']);
        const to = request.query.to ? new Date(request.query.to) : rt.clock.now();
        const from = request.query.from
          ? new Date(request.query.from)
          : new Date(to.getTime() - 30 * 86_400_000);
        if (from >= to) throw new AppError('invalid_input', '`from` must be before `to`');
        return reportSlaMetrics(deps, { from, to });
      },
    );
  };
}
