/**
 * Failures Fastify and Node answer before any route runs: a URL that does not decode, a path
 * segment over the router's limit (414), headers over Node's limit (431), a connection that
 * speaks no HTTP. They get the API's one error shape like every other error, and nothing of the
 * offending input is echoed back; the detail goes to the log.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../domain/errors.ts';
import { httpStatusOf } from '../domain/errors.ts';
import { randomId } from '../security/tokens.ts';
import { errorBody } from './errors.ts';

const ROUTER_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_BAD_URL: { code: 'invalid_url', message: 'the address is not a valid URL' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long', message: 'a part of the address is too long' },
};

/** Fastify's `frameworkErrors`: the router could not read the address. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = ROUTER_ERRORS[error.code] ?? { code: 'invalid_input', message: 'the request is not valid' };
  request.log.info({ code: error.code }, 'request refused before routing');
  return reply.status(httpStatusOf(known.code)).send(errorBody(known.code, known.message, request.id));
}

/** Fastify's `clientErrorHandler`: Node refused the request before it became one. */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['headers_too_large', 'the request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['request_timeout', 'the request took too long to arrive']
        : ['invalid_request', 'the request is not valid HTTP'];
  const requestId = randomId();
  this.log.info({ code: error.code, requestId }, 'client error');
  const status = httpStatusOf(code);
  const body = JSON.stringify(errorBody(code, message, requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
