/**
 * Errors of console pages and actions: a console page (staff navigation, the request id to
 * quote), never the public pages' "back to the removal notice".
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { sendPage } from '../context.ts';
import { consoleErrorPage } from './login-page.ts';

export const isConsolePath = (url: string): boolean =>
  /^\/staff(\/|\?|$)/.test(url) || url.startsWith('/setup');

export function consoleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const status =
    error instanceof AppError
      ? error.code === 'not_found'
        ? 404
        : error.code === 'rate_limited'
          ? 429
          : 400
      : (error.statusCode ?? 500);
  if (status >= 500) request.log.error({ err: error }, 'console page failed');
  return sendPage(reply, consoleErrorPage(status, request.id), status);
}
