/**
 * Per-request page context: the language (and remembering an explicit choice in a cookie) and
 * the operator's settings.
 */
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebConfig } from './config.ts';
import { chooseLocale, i18n, LANG_COOKIE } from './i18n/index.ts';
import type { PublicContext } from './layout.ts';

export function publicContext(request: FastifyRequest, reply: FastifyReply, web: WebConfig): PublicContext {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const locale = chooseLocale(query.lang, request.cookies?.[LANG_COOKIE], request.headers['accept-language']);
  if (query.lang === locale) {
    reply.setCookie(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 31_536_000 });
  }
  return { i18n: i18n(locale), web, url: request.url };
}

/** Pages are personal (status tokens, case data): never cached by browsers or proxies. */
export function sendPage(reply: FastifyReply, body: { value: string }, status = 200) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body.value);
}
