/**
 * One log line per HTTP request, written when the answer has gone: method, route (the pattern,
 * never the raw URL, which can carry status tokens), status and milliseconds; the request id is
 * the logger's `reqId` binding.
 * Fastify's own pair of lines ("incoming request", "request completed") is turned off, so a busy
 * log stays readable and the first-run set-up link is not buried.
 */
import type { FastifyInstance } from 'fastify';

export function logOneLinePerRequest(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    const text = `${line.method} ${line.route} ${status} ${line.ms} ms`;
    if (status >= 500) request.log.error(line, text);
    else request.log.info(line, text);
  });
}
