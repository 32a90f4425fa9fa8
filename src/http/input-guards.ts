/**
 * Guards every API input passes before its route's schema: JSON nested deeper than any honest
 * body (a 5,000-deep array overflows the stack of whatever walks it later), and strings no honest
 * client sends in a path, a query or a body (NUL, control characters, lone surrogates: PostgreSQL
 * refuses NUL outright and logs and terminals misread the rest). Both answer 400 with a code.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { assertNoHostileStrings } from './hostile.ts';

/** Our deepest body (a bank export page) nests five levels. */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How deep `text` nests objects and arrays, counting only brackets outside strings; stops early
 *  once over `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

function guardApiInput(request: FastifyRequest): void {
  if (!request.url.startsWith('/api/')) return;
  assertNoHostileStrings(request.params, '/params');
  assertNoHostileStrings(request.query, '/query');
  if (!Buffer.isBuffer(request.body)) assertNoHostileStrings(request.body);
}

export function registerInputGuards(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && jsonDepthExceeds(body, MAX_JSON_DEPTH)) {
      done(
        new AppError('invalid_json', `the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`),
        undefined,
      );
      return;
    }
    parseJson(request, body as string, done);
  });
  app.addHook('preValidation', async (request) => guardApiInput(request));
}
