/**
 * The pure PDQ package, bundled for browsers with esbuild, hashes the fixture pixels inside
 * headless Chromium and must give the reference's bits, as Node does: the in-page hashing that
 * lets a victim keep their photo on their own device depends on it.
 */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdqHash, pdqHashDihedral, toHex, type PixelBuffer } from '@redress/pdq';
import { launchChromium } from '../support/chromium.ts';
import { PDQ_FIXTURES, referenceDihedralHashes, referenceHashes } from '../support/fixtures.ts';
import { decodeWithImageMagick } from '../support/pnm.ts';

const ORIGIN = 'http://fixtures.test';
const rows = referenceHashes('reference');
const fullres = new Map(referenceHashes('fullres').map((row) => [row.path, row.hashes[0]]));
const dihedral = new Map(referenceDihedralHashes().map((row) => [row.path, row.hashes]));
const pixels = new Map<string, PixelBuffer>();

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [new URL('../../packages/pdq/src/index.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'RedressPdq',
    platform: 'browser',
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname.slice(1));
    if (path === '')
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>pdq</title>' });
    if (path === 'pdq.js')
      return route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0].text });
    return route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(pixelsOf(path).data) });
  });
  await page.goto(`${ORIGIN}/`);
  await page.addScriptTag({ url: `${ORIGIN}/pdq.js` });
});

afterAll(async () => {
  await browser?.close();
});

function pixelsOf(path: string): PixelBuffer {
  if (!pixels.has(path)) pixels.set(path, decodeWithImageMagick(PDQ_FIXTURES + path));
  return pixels.get(path)!;
}

interface BrowserHashes {
  reference: string;
  fullres: string;
  dihedral: string[];
  quality: number;
}

async function hashInBrowser(path: string): Promise<BrowserHashes> {
  const { width, height, channels } = pixelsOf(path);
  return page.evaluate(
    async ({ url, width, height, channels }) => {
      type Pdq = typeof import('@redress/pdq');
      const pdq = (globalThis as unknown as { RedressPdq: Pdq }).RedressPdq;
      const data = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const image = { data, width, height, channels: channels as 1 | 3 };
      const hexOf = (r: ReturnType<Pdq['pdqHash']>) => (r.hashable ? pdq.toHex(r.hash) : '0'.repeat(64));
      const all = pdq.pdqHashDihedral(image);
      return {
        reference: hexOf(pdq.pdqHash(image, { profile: 'reference' })),
        fullres: hexOf(pdq.pdqHash(image, { profile: 'fullres' })),
        dihedral: all.hashable ? all.hashes.map(pdq.toHex) : [],
        quality: all.quality,
      };
    },
    { url: `${ORIGIN}/${encodeURIComponent(path)}`, width, height, channels },
  );
}

describe('PDQ in headless Chromium', () => {
  it('loads the bundle without Node APIs', async () => {
    expect(await page.evaluate(() => typeof (globalThis as { RedressPdq?: unknown }).RedressPdq)).toBe(
      'object',
    );
  });

  it.each(rows.map((row) => [row.path, row] as const))(
    '%s: reference, fullres and dihedral bits',
    async (path, row) => {
      const inBrowser = await hashInBrowser(path);
      const inNode = pdqHash(pixelsOf(path), { profile: 'reference' });
      const inNodeDihedral = pdqHashDihedral(pixelsOf(path));
      expect(inBrowser).toEqual({
        reference: row.hashes[0],
        fullres: fullres.get(path),
        dihedral: dihedral.get(path),
        quality: row.quality,
      });
      expect(inBrowser.reference).toBe(inNode.hashable ? toHex(inNode.hash) : '0'.repeat(64));
      expect(inBrowser.dihedral).toEqual(inNodeDihedral.hashable ? inNodeDihedral.hashes.map(toHex) : []);
    },
  );
});
