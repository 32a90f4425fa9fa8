/**
 * A plain-HTTP install reached by a LAN address: the Content-Security-Policy asks browsers to
 * upgrade requests only when the public URL is https, and the form still files the request and
 * shows the confirmation when neither the stylesheet nor the script could be loaded.
 */
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import { launchChromium } from '../support/chromium.ts';

/** An address of this machine other than loopback (browsers treat loopback as secure). */
function lanAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

async function csp(publicUrl: string | undefined): Promise<string> {
  const t = await openTestRuntime('sqlite', {
    extraEnv: publicUrl ? { REDRESS_PUBLIC_URL: publicUrl } : {},
  });
  try {
    const app = await buildApp(t.rt);
    const res = await app.inject({ url: '/request' });
    await app.close();
    return String(res.headers['content-security-policy']);
  } finally {
    await t.close();
  }
}

describe('Content-Security-Policy', () => {
  it('asks for https upgrades only when the public URL is https', async () => {
    const secure = await csp('https://removals.example.org');
    expect(secure).toContain('upgrade-insecure-requests');
    expect(secure).toContain("script-src 'self'");
    const plain = await csp('http://192.0.2.10:8080');
    expect(plain).not.toContain('upgrade-insecure-requests');
    expect(plain).toContain("script-src 'self'");
    expect(await csp(undefined)).not.toContain('upgrade-insecure-requests');
  });
});

describe('the form over plain HTTP on a LAN address, without its stylesheet and script', () => {
  const host = lanAddress();
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let app: FastifyInstance;
  let base = '';

  beforeAll(async () => {
    t = await openTestRuntime('sqlite', { extraEnv: { REDRESS_HOST: host } });
    app = await buildApp(t.rt);
    base = await app.listen({ host, port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('files the request and shows the confirmation', async () => {
    expect(base).toMatch(/^http:\/\//);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const blocked: string[] = [];
      await page.route(/\/assets\/redress\.(css|js)$/, async (route) => {
        blocked.push(route.request().url());
        await route.abort();
      });
      await page.goto(`${base}/request?lang=en`);
      await page.getByLabel('Link (URL)').fill('https://social.example/p/123');
      await page.getByLabel('Why you believe this was shared without consent').fill('I never agreed.');
      await page.getByLabel('Email').fill('jane@example.org');
      await page.getByLabel('Type your full name to sign').fill('Jane Doe');
      await page.getByRole('button', { name: 'Send request', exact: true }).click();
      await page.waitForURL(/\/received\?token=/, { timeout: 10_000 });
      expect(await page.locator('h1').textContent()).toBe('We received your request');
      expect(await page.locator('[data-case-number]').textContent()).toMatch(/RD-/);
      expect(blocked.some((u) => u.endsWith('.css'))).toBe(true);
      expect(blocked.some((u) => u.endsWith('.js'))).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
