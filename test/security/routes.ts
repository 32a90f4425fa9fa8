/**
 * The routes the service really serves: the OpenAPI document's operations, and every route
 * Fastify knows (from its route tree), so that a route added without a table entry is noticed.
 */
import type { FastifyInstance } from 'fastify';

export async function openApiOperations(app: FastifyInstance): Promise<string[]> {
  const doc = JSON.parse((await app.inject({ url: '/api/openapi.json' })).body) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => m !== 'head')
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

/** Every `METHOD /path` in Fastify's route tree (HEAD left out), paths with `:params`. */
export function servedRoutes(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([\s│├└─]*?)(\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = full;
    for (const method of match[3].split(', ')) if (method !== 'HEAD') routes.push(`${method} ${full}`);
  }
  return routes;
}
