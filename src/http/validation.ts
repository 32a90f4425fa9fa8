/**
 * Two validators for the two kinds of input. Bodies are JSON and must mean what they say: no
 * coercion, unknown fields refused. Query strings and path parameters are text by nature, so an
 * integer or boolean in their schema is read from its digits or `true`/`false` (`?limit=5`);
 * anything else still fails validation with a 400.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

const BODY_OPTIONS = { removeAdditional: false, coerceTypes: false, allErrors: false } as const;
const TEXT_OPTIONS = { removeAdditional: false, coerceTypes: true, allErrors: false } as const;
const TEXT_PARTS = new Set(['querystring', 'params', 'headers']);

type ValidatorFactory = ReturnType<typeof AjvCompiler>;
type Route = Parameters<ReturnType<ValidatorFactory>>[0];

export function inputValidators(): FastifyServerOptions['schemaController'] {
  const factory = AjvCompiler();
  return {
    compilersFactory: {
      buildValidator(external: unknown, serverOptions: Parameters<ValidatorFactory>[1]) {
        const plugins = serverOptions?.plugins ?? [];
        const body = factory(external as never, { plugins, customOptions: BODY_OPTIONS });
        const text = factory(external as never, { plugins, customOptions: TEXT_OPTIONS });
        return (route: Route) => (TEXT_PARTS.has(route.httpPart ?? '') ? text : body)(route);
      },
    },
  };
}
