/**
 * The web pages as one Fastify plugin: form-body parsing (only for these routes), an HTML error
 * page instead of the API's JSON, the assets, the public pages and the staff console. Registered
 * by `buildApp` with one line.
 */
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../domain/connection-loss.ts';
import { AppError } from '../domain/errors.ts';
import type { Authenticate } from '../http/auth.ts';
import type { Runtime } from '../runtime.ts';
import { assetRoutes } from './assets.ts';
import { consoleError, isConsolePath } from './console/console-errors.ts';
import { consoleRoutes } from './console/console-routes.ts';
import { publicContext, sendPage } from './context.ts';
import { errorPage } from './public/status-page.ts';
import { publicRoutes } from './public/public-routes.ts';

export function webRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  return async (app) => {
    // Pages are for people, not part of the API: keep them out of /api/openapi.json.
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    await app.register(formbody, { bodyLimit: 256 * 1024 });
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      if (isConsolePath(request.url)) return consoleError(error, request, reply);
      const ctx = publicContext(request, reply, rt.config.web);
      const status =
        error instanceof AppError ? (error.code === 'rate_limited' ? 429 : 400) : error.statusCode;
      if (status === 429) return sendPage(reply, errorPage(ctx, 'error_rate'), 429);
      if (status && status >= 400 && status < 500)
        return sendPage(reply, errorPage(ctx, 'error_generic', request.id), status);
      if (isDatabaseUnavailable(error)) {
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return sendPage(reply, errorPage(ctx, 'error_generic', request.id), 503);
      }
      request.log.error({ err: error }, 'page failed');
      return sendPage(reply, errorPage(ctx, 'error_generic', request.id), 500);
    });
    await app.register(assetRoutes);
    await app.register(publicRoutes(rt));
    await app.register(consoleRoutes(rt, authenticate));
  };
}
