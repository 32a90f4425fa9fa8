/**
 * The Fastify application factory. `buildApp(runtime)` wires security headers, cookies, rate
 * limits, the OpenAPI document (/api/openapi.json), the one error shape, and the routes; it
 * does not listen, so tests drive it through real HTTP or `inject` alike. The future web pages
 * (public notice, form, status, console) and `/api/v1/check` plug in here as more plugins.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.ts';
import { randomId } from '../security/tokens.ts';
import { createAuthenticator } from './auth.ts';
import { errorBody, handleError } from './errors.ts';
import { clientErrorHandler, frameworkErrors } from './framework-errors.ts';
import { registerInputGuards } from './input-guards.ts';
import { inputValidators } from './validation.ts';
import { logOneLinePerRequest } from './request-log.ts';
import { auditRoutes } from './routes/audit/routes.ts';
import { authRoutes } from './routes/auth/routes.ts';
import { metricsRoutes } from './routes/metrics/routes.ts';
import { operationsRoutes } from './routes/operations/routes.ts';
import { createNodeMetrics } from './routes/operations/prometheus.ts';
import { bankRoutes } from './routes/banks/routes.ts';
import { contentRoutes } from './routes/content/routes.ts';
import { federationRoutes } from './routes/networks/federation-routes.ts';
import { networkRoutes } from './routes/networks/routes.ts';
import { requestRoutes } from './routes/requests/routes.ts';
import { staffRoutes } from './routes/staff/routes.ts';
import { webRoutes } from '../web/plugin.ts';
import { helmetOptions } from './security-headers.ts';

/** Bodies above this are refused before parsing (TIDA-G3); a request with 50 items fits easily. */
export const BODY_LIMIT = 256 * 1024;

export async function buildApp(rt: Runtime): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: rt.log as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    genReqId: () => randomId(),
    // Behind a reverse proxy, X-Forwarded-For from the listed proxies names the client.
    disableRequestLogging: true,
    trustProxy: rt.config.trustProxy ?? false,
    // Unknown fields are refused, not silently dropped; only query and path text is coerced.
    schemaController: inputValidators(),
    frameworkErrors,
    clientErrorHandler,
  });
  app.setErrorHandler(handleError);
  registerInputGuards(app);
  logOneLinePerRequest(app);
  const metrics = createNodeMetrics();
  metrics.observe(app);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', 'no such endpoint', request.id)),
  );
  await app.register(helmet, helmetOptions(rt.config.publicUrl));
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      ...errorBody('rate_limited', `too many requests; retry in ${context.after}`, request.id),
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Redress removal-request API',
        version: '1',
        description: 'TAKE IT DOWN Act / DSA / UK OSA / DMCA removal requests and the 48-hour clock.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  const authenticate = createAuthenticator(rt.database.db, rt.repos.staff, rt.clock);
  await app.register(requestRoutes(rt));
  await app.register(staffRoutes(rt, authenticate));
  await app.register(authRoutes(rt));
  await app.register(auditRoutes(rt, authenticate));
  await app.register(metricsRoutes(rt, authenticate));
  await app.register(contentRoutes(rt, authenticate));
  await app.register(bankRoutes(rt, authenticate));
  await app.register(networkRoutes(rt, authenticate));
  await app.register(federationRoutes(rt, authenticate));
  await app.register(webRoutes(rt, authenticate));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(operationsRoutes(rt, metrics));
  return app;
}
