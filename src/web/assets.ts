/**
 * Static assets of the pages: the stylesheet, and the browser bundle from `browser/main.ts`:
 * prebuilt in a release (dist/assets), else built with esbuild on first request, then kept in
 * memory. esbuild is loaded lazily: if it is missing, the bundle is an empty script and every
 * page still works, without in-page fingerprinting.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';

const CSS_FILE = new URL('./assets/redress.css', import.meta.url);
const ENTRY = new URL('./browser/main.ts', import.meta.url).pathname;
/** The bundle a release build made (scripts/build.mjs); absent when running from the sources. */
const PREBUILT = new URL('./assets/redress.js', import.meta.url);

let bundle: Promise<string> | undefined;

export function browserBundle(): Promise<string> {
  bundle ??= (async () => {
    try {
      if (existsSync(PREBUILT)) return await readFile(PREBUILT, 'utf8');
      const { build } = await import('esbuild');
      const out = await build({
        entryPoints: [ENTRY],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        minify: true,
        legalComments: 'none',
      });
      return out.outputFiles[0].text;
    } catch (error) {
      bundle = undefined;
      return `/* bundle unavailable: ${String((error as Error).message).replace(/\*\//g, '')} */`;
    }
  })();
  return bundle;
}

export const assetRoutes: FastifyPluginAsync = async (app) => {
  const css = await readFile(CSS_FILE, 'utf8');
  app.get('/assets/redress.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(css),
  );
  app.get('/assets/redress.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(await browserBundle()),
  );
};
