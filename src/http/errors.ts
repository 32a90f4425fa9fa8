/**
 * Every error leaves the API in one JSON shape, `{ error: { code, message, requestId } }`, with
 * a stable machine code. Fastify's own failures (bad JSON, oversize body, schema violations)
 * are translated to our codes; anything unexpected becomes a generic 500 whose details stay in
 * the log under the request id.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, httpStatusOf } from '../domain/errors.ts';
import type { ErrorCode } from '../domain/errors.ts';
import { RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../domain/connection-loss.ts';
import { adapterMessage, isAdapterCode } from './adapter-messages.ts';

export { isAdapterCode };

/** Fastify's 4xx messages quote the input and its own internals; callers get these instead. */
const FRAMEWORK_MESSAGES: Record<number, [ErrorCode, string]> = {
  404: ['not_found', 'no such endpoint'],
  408: ['request_timeout', 'the request took too long to arrive'],
  413: ['payload_too_large', 'the body is too large'],
  414: ['uri_too_long', 'the address is too long'],
  415: ['unsupported_media_type', 'this content type is not accepted here'],
  429: ['rate_limited', 'too many requests; try again shortly'],
  431: ['headers_too_large', 'the request headers are too large'],
};

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: Record<string, unknown>,
) {
  return { error: { code, message, requestId, ...(details ? { details } : {}) } };
}

/** What the field should have been, when the validator's message does not already say it. */
function expected(v: { keyword: string; params: Record<string, unknown> } | undefined): string {
  if (!v) return '';
  if (v.keyword === 'enum') return ` (expected one of: ${(v.params.allowedValues as unknown[]).join(', ')})`;
  if (v.keyword === 'const') return ` (expected: ${JSON.stringify(v.params.allowedValue)})`;
  return '';
}

/** "must be string" -> "a string"; "must match pattern P" -> "a string matching P". */
function shapeOf(message: string): string {
  const pattern = /^must match pattern (.+)$/.exec(message);
  if (pattern) return `a string matching ${pattern[1]}`;
  const type = /^must be (\w+)$/.exec(message);
  if (type)
    return type[1] === 'array' || type[1] === 'object' || type[1] === 'integer'
      ? `an ${type[1]}`
      : `a ${type[1]}`;
  return message.replace(/^must /, '');
}

function translate(error: FastifyError): AppError | null {
  if (error.validation) {
    const unknown = error.validation.find((v) => v.keyword === 'additionalProperties');
    if (unknown) {
      const field = (unknown.params as { additionalProperty?: string }).additionalProperty;
      return new AppError('unknown_field', `unknown field "${field}"`, { field, path: unknown.instancePath });
    }
    const either = error.validation.find((v) => v.keyword === 'anyOf');
    if (either) {
      // A field with several accepted shapes: name them all instead of each branch's complaint.
      const shapes = error.validation
        .filter((v) => v.instancePath === either.instancePath && v.keyword !== 'anyOf')
        .map((v) => shapeOf(v.message ?? ''));
      const where = `${error.validationContext ?? 'input'}${either.instancePath}`;
      return new AppError('invalid_input', `${where} has the wrong shape: expected ${shapes.join(', or ')}`);
    }
    return new AppError(
      'invalid_input',
      `${error.validationContext ?? 'input'}${error.message.replace(/^\w+/, '')}${expected(error.validation[0])}`,
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
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const [code, message] = FRAMEWORK_MESSAGES[status] ?? ['invalid_input', 'the request is not valid'];
    return new AppError(code, message);
  }
  return null;
}

export function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  // The client closed the connection (its media decode was stopped): nobody reads an answer.
  if (reply.raw.destroyed) return reply.status(499).send();
  const known = error instanceof AppError ? error : translate(error as FastifyError);
  if (known && !(error instanceof AppError)) {
    request.log.info({ code: (error as FastifyError).code, detail: error.message }, 'request refused');
  }
  if (known) {
    return reply
      .status(httpStatusOf(known.code))
      .send(errorBody(known.code, known.message, request.id, known.details));
  }
  const code = (error as { code?: unknown }).code;
  if (isAdapterCode(code)) {
    request.log.warn({ code, detail: error.message }, 'media or URL could not be used');
    return reply
      .status(422)
      .send({ error: { code, message: adapterMessage(code, error.message), requestId: request.id } });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error.message }, 'database unavailable');
    return reply
      .status(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send(
        errorBody(
          'database_unavailable',
          'the service is briefly unavailable; try again shortly',
          request.id,
        ),
      );
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply
    .status(500)
    .send(errorBody('internal', 'something went wrong; quote the request id', request.id));
}
