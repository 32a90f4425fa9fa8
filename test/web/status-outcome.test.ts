/**
 * The requester's status page after the outcome, with the real stay-down layer: the removed item
 * with its time, the copy the sweep removed, the re-upload the check blocked, next steps, in the
 * reader's time zone (Chromium) and accessible in both languages; the uploader never appears.
 * A refused case's items say "Not removed", not "Waiting", and no closed case promises a deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { launchChromium } from '../support/chromium.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { fixture, openApi, recordFirstItemRemoved } from '../copies/support.ts';
import type { ApiHarness } from '../copies/support.ts';
import { axeViolations } from './axe.ts';

const IMAGE = fixture('bridge-mods', 'aaa-orig.jpg');

let h: ApiHarness;
beforeAll(async () => {
  h = await openApi('sqlite', { REDRESS_PLATFORM_NAME: 'Example Social' });
});
afterAll(() => h?.close());

async function report(legalBasis: 'take_it_down' | 'dsa' = 'take_it_down') {
  const sub = completeRequest({ items: [{ url: 'https://social.example/p/1', platformItemId: 'post-1' }] });
  const res = await h.api('POST', '/api/v1/requests', { ...sub, legalBasis });
  expect(res.status).toBe(201);
  return { caseNumber: res.body.caseNumber as string, token: res.body.statusToken as string };
}

const statusPath = (c: { caseNumber: string; token: string }, lang = 'en') =>
  `/requests/${c.caseNumber}/status?token=${encodeURIComponent(c.token)}&lang=${lang}`;

describe('the status page after the outcome', () => {
  let removedCase: { caseNumber: string; token: string };

  it('shows what was removed, the copies removed and the uploads blocked, and what to do next', async () => {
    const media = IMAGE.toString('base64');
    const registered = await h.api(
      'POST',
      '/api/v1/content',
      {
        items: [
          {
            platformItemId: 'post-1',
            url: 'https://social.example/p/1',
            uploaderId: 'uploader-secret-a',
            mediaBase64: media,
          },
          {
            platformItemId: 'post-2',
            url: 'https://social.example/p/2',
            uploaderId: 'uploader-secret-b',
            mediaBase64: media,
          },
        ],
      },
      h.platform,
    );
    expect(registered.status).toBe(200);
    removedCase = await report();
    const decided = await h.api(
      'POST',
      `/api/v1/staff/requests/${removedCase.caseNumber}/decision`,
      { decision: 'remove', facts: 'The requester is the person shown.' },
      h.moderator,
    );
    expect(decided.body.status).toBe('approved');
    await recordFirstItemRemoved(h.api, h.moderator, removedCase.caseNumber);
    await h.rt.createWorker().runDueJobs(); // the sweep removes post-2, the exact copy
    const check = await h.api('POST', '/api/v1/check', IMAGE, h.platform);
    expect(check.body.verdict).toBe('block');

    const page = await (await fetch(`${h.base}${statusPath(removedCase)}`)).text();
    expect(page).toMatch(
      /data-item-status="removed"[\s\S]*?social\.example\/p\/1[\s\S]*?Removed, <time datetime="\d{4}-/,
    );
    expect(/data-copies-found>(\d+)</.exec(page)?.[1]).toBe('1');
    expect(page).toMatch(/data-copies-removed>1 \(latest: <time/);
    expect(page).toMatch(/data-uploads-blocked>1 \(latest: <time/);
    expect(page).toContain('New uploads of the same picture are now blocked');
    expect(page).toContain('href="https://stopncii.org/"');
    expect(page).toContain('href="https://reportfraud.ftc.gov/"');
    expect(page).not.toContain('We act by');
    expect(page).not.toContain('data-deadline-promise');
    expect(page).not.toContain('uploader-secret');
    expect(page).not.toContain('post-2');
    expect(page).not.toContain('social.example/p/2');
  });

  it('localises its times to the reader and passes axe in English and Spanish', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${h.base}${statusPath(removedCase)}`);
      const shown = await page.locator('[data-item-status] time').textContent();
      expect(shown).toMatch(/GMT-[45]|E[SD]T/);
      expect(shown).not.toContain('UTC');
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(`${h.base}${statusPath(removedCase, 'es')}`);
      expect(await page.locator('#outcome-h').textContent()).toBe('Lo que hicimos');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a refused case shows its items as not removed, and no US portal for a DSA request', async () => {
    const refused = await report('dsa');
    const row = await h.rt.database.transact((trx) =>
      h.rt.repos.requests.findByCaseNumber(trx, refused.caseNumber),
    );
    await decideRequest(
      { transact: h.rt.database.transact, ...h.rt.repos, clock: h.rt.clock },
      { requestId: row!.id, decision: 'reject', reasonCode: 'not_located', actor: 'user:test' },
    );
    const page = await (await fetch(`${h.base}${statusPath(refused)}`)).text();
    expect(page).toMatch(/data-item-status="pending"[\s\S]*?Not removed/);
    expect(page).not.toContain('Waiting');
    expect(page).not.toContain('We act by');
    expect(page).not.toContain('reportfraud.ftc.gov');
    expect(page).toContain('id="appeal"');
  });
});
