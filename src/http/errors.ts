/**
 * Every error leaves the API in one JSON shape, `{ error: { code, message, requestId } }`, with
 * a stable machine code. Fastify's own failures (bad JSON, oversize body, schema violations)
 * are translated to our codes; anything unexpected becomes a generic 500 whose details stay in
 * the log under the request id.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, httpStatusOf } from '../domain/errors.ts';
import type { ErrorCode } from '../domain/errors.ts';

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
) {
  return { error: { code, message, requestId, ...(details ? { details } : {}) } };
}

function translate(error: FastifyError): AppError | null {
  if (error.validation) {
    const unknown = error.validation.find((v) => v.keyword === 'additionalProperties');
    if (unknown) {
      const field = (unknown.params as { additionalProperty?: string }).additionalProperty;
      return new AppError('unknown_field', `unknown field "${field}"`, { field, path: unknown.instancePath });
    }
    return new AppError(
      'invalid_input',
      `${error.validationContext ?? 'input'}${error.message.replace(/^\w+/, '')}`,
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', 'the body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'the body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'send application/json');
  }
  if (error.statusCode === 429) return new AppError('rate_limited', 'too many requests; try again shortly');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('invalid_input', error.message);
  }
  return null;
}

/** The media and fetch adapters fail with their own stable codes (MEDIA_*, FETCH_*): the input
 *  (a file, a URL) could not be used, which is the caller's to fix. */
export function isAdapterCode(code: unknown): code is string {
  return typeof code === 'string' && /^(MEDIA|FETCH)_/.test(code);
}

export function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  // The client closed the connection (its media decode was stopped): nobody reads an answer.
  if (reply.raw.destroyed) return reply.status(499).send();
  const known = error instanceof AppError ? error : translate(error as FastifyError);
  if (known) {
    return reply
      .status(httpStatusOf(known.code))
      .send(errorBody(known.code, known.message, request.id, known.details));
  }
  const code = (error as { code?: unknown }).code;
  if (isAdapterCode(code)) {
    return reply.status(422).send({ error: { code, message: error.message, requestId: request.id } });
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply
    .status(500)
    .send(errorBody('internal', 'something went wrong; quote the request id', request.id));
}
