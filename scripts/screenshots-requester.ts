/**
 * The requester's pages after the decision, for `npm run screenshots`: the status page of a
 * removed request (with a copy the sweep removed and a re-upload the check blocked) and of a
 * refused one (with the appeal form), the form in Spanish, and the form refusing a request
 * with nothing to act on; each at the given widths in English and Spanish, checked with axe.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Runtime } from '../src/runtime.ts';
import { createApiKey } from '../src/use-cases/create-api-key.ts';
import { axeViolations } from '../test/web/axe.ts';

type Viewport = { width: number; height: number };

async function call(base: string, route: string, key: string, body: unknown, raw = false) {
  const res = await fetch(base + route, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': raw ? 'image/jpeg' : 'application/json' },
    body: raw ? new Uint8Array(body as Buffer) : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const answer = (await res.json()) as any;
  if (!res.ok && !(raw && res.status === 200)) throw new Error(`${route}: ${JSON.stringify(answer)}`);
  return answer;
}

/** A removed request with a copy removed and a re-upload blocked, and a refused one: their status paths. */
async function sampleCases(rt: Runtime, base: string, picture: Buffer): Promise<Record<string, string>> {
  const keys = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
  const platform = (await createApiKey(keys, { name: 'shots-platform', role: 'platform' })).key;
  const moderator = (await createApiKey(keys, { name: 'shots-moderator', role: 'moderator' })).key;
  const media = picture.toString('base64');
  await call(base, '/api/v1/content', platform, {
    items: [
      { platformItemId: 'shot-1', url: 'https://social.example/p/501', uploaderId: 'u1', mediaBase64: media },
      { platformItemId: 'shot-2', url: 'https://social.example/p/502', uploaderId: 'u2', mediaBase64: media },
    ],
  });
  const request = (basis: string, extra: Record<string, unknown> = {}) =>
    call(base, '/api/v1/requests', '', {
      legalBasis: basis,
      submitter: { role: 'depicted_person', name: 'Sample Person', email: 'sample@example.org' },
      items: [{ url: 'https://social.example/p/501', platformItemId: 'shot-1' }],
      signature: { fullName: 'Sample Person' },
      goodFaithStatement: 'I never agreed to this being posted.',
      ...extra,
    });
  const removed = await request('take_it_down');
  const facts = 'The requester is the person shown and did not consent.';
  await call(base, `/api/v1/staff/requests/${removed.caseNumber}/decision`, moderator, {
    decision: 'remove',
    facts,
  });
  const detail = await (
    await fetch(`${base}/api/v1/staff/requests/${removed.caseNumber}`, {
      headers: { authorization: `Bearer ${moderator}` },
    })
  ).json();
  await call(
    base,
    `/api/v1/staff/requests/${removed.caseNumber}/items/${detail.items[0].id}/outcome`,
    moderator,
    {
      outcome: 'removed',
      facts: 'hidden by the platform',
    },
  );
  await rt.createWorker().runDueJobs(); // the sweep removes shot-2
  await call(base, '/api/v1/check', platform, picture, true);
  const refused = await request('dsa', { bonaFideStatement: true });
  await call(base, `/api/v1/staff/requests/${refused.caseNumber}/decision`, moderator, {
    decision: 'reject',
    reasonCode: 'not_located',
    facts: 'The link leads to a deleted post.',
  });
  const status = (c: { caseNumber: string; statusToken: string }) =>
    `/requests/${c.caseNumber}/status?token=${encodeURIComponent(c.statusToken)}`;
  return { 'status-removed': status(removed), 'status-refused': status(refused) };
}

export async function requesterShots(o: {
  rt: Runtime;
  base: string;
  browser: Browser;
  out: string;
  widths: Record<string, Viewport>;
  picture: string;
}): Promise<string[]> {
  const pages = await sampleCases(o.rt, o.base, fs.readFileSync(o.picture));
  const problems: string[] = [];
  for (const [name, viewport] of Object.entries(o.widths)) {
    const context = await o.browser.newContext({ viewport, locale: 'en-US', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    for (const lang of ['en', 'es']) {
      const shot = async (file: string) => {
        problems.push(...(await axeViolations(page)).map((v) => `${file} (${lang}): ${v}`));
        const target = path.join(o.out, `${file}${lang === 'en' ? '' : `-${lang}`}-${name}.png`);
        await page.screenshot({ path: target, fullPage: true });
        process.stdout.write(`${path.relative(process.cwd(), target)}\n`);
      };
      for (const [file, href] of Object.entries(pages)) {
        await page.goto(`${o.base}${href}&lang=${lang}`);
        await shot(file);
      }
      await page.goto(`${o.base}/request?lang=${lang}`);
      await shot('form-blank');
      await page.locator('#submit').click();
      await page.waitForSelector('#error-summary');
      await shot('form-nothing-to-act-on');
    }
    await context.close();
  }
  return problems;
}
