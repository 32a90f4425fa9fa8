/**
 * What load balancers and monitoring ask: `/api/health` (the process answers), `/api/ready`
 * (this node may take traffic: 503 while its database is unreachable or its bank index loads,
 * with the operational figures either way) and `/metrics` (Prometheus text, only when
 * REDRESS_METRICS_TOKEN is set, and only with that token as a bearer).
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Runtime } from '../../../runtime.ts';
import { errorBody } from '../../errors.ts';
import type { NodeMetrics } from './prometheus.ts';

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && crypto.timingSafeEqual(given, wanted);
}

export function operationsRoutes(rt: Runtime, metrics: NodeMetrics): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));

    app.get('/api/ready', { schema: { hide: true } }, async (_request, reply) => {
      const status = await rt.operationalStatus();
      return reply.status(status.ready ? 200 : 503).send(status);
    });

    const token = rt.config.metricsToken;
    if (!token) return;
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (!bearerMatches(request.headers.authorization, token)) {
        return reply
          .status(401)
          .send(errorBody('unauthenticated', 'a metrics token is required', request.id));
      }
      const text = await metrics.render(await rt.operationalStatus());
      return reply.type(metrics.contentType).send(text);
    });
  };
}
