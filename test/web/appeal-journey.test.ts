/**
 * Appeals end to end in Debian's Chromium, over real HTTP: a moderator claims and refuses two
 * requests (with the facts relied on, confirmed on a second page); each requester asks for a new
 * review on their status page; both appeals appear in the queue with their due time; the moderator
 * claims each in turn and decides it in the console, upholding one and overturning the other; each
 * requester's status page shows the result. axe runs on every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { when } from '../../src/web/console/when.ts';
import { launchChromium } from '../support/chromium.ts';
import { axeViolations } from './axe.ts';
import { createStaff, PASSWORD, startWeb, submitForm } from './support.ts';
import type { WebHarness } from './support.ts';

let web: WebHarness;
let browser: Browser;
let moderator: Page;
let requester: Page;
const cases: { caseNumber: string; token: string }[] = [];

beforeAll(async () => {
  web = await startWeb({ REDRESS_APPEAL_TARGET_DAYS: '5' });
  await createStaff(web.rt, 'mod@example.org', 'moderator');
  browser = await launchChromium();
  moderator = await (await browser.newContext({ locale: 'en-US' })).newPage();
  requester = await (await browser.newContext({ locale: 'en-US' })).newPage();
  cases.push(await submitForm(web.app), await submitForm(web.app));
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

const statusPage = async (i: number) => {
  const { caseNumber, token } = cases[i];
  await requester.goto(
    `${web.baseUrl}/requests/${caseNumber}/status?lang=en&token=${encodeURIComponent(token)}`,
  );
  expect(await axeViolations(requester)).toEqual([]);
  return (await requester.locator('dl.facts').textContent()) ?? '';
};

async function claimNext(): Promise<string> {
  await moderator.goto(`${web.baseUrl}/staff`);
  await moderator.getByRole('button', { name: 'Claim next case' }).click();
  await moderator.getByText('Assigned to you: this was the most urgent case nobody had.').waitFor();
  expect(await axeViolations(moderator)).toEqual([]);
  return /\/staff\/requests\/(RD-[0-9A-Z-]+)/.exec(moderator.url())![1];
}

describe('an appeal from filing to decision, in Chromium', () => {
  it('the moderator claims and refuses both requests, confirming each with the facts relied on', async () => {
    await moderator.goto(`${web.baseUrl}/staff/login`);
    await moderator.getByLabel('Email').fill('mod@example.org');
    await moderator.getByLabel('Password').fill(PASSWORD);
    await moderator.getByRole('button', { name: 'Sign in' }).click();
    await moderator.waitForURL(/\/staff$/);
    for (const expected of cases) {
      expect(await claimNext()).toBe(expected.caseNumber);
      await moderator.getByLabel('Reason for refusal').selectOption('not_located');
      await moderator.locator('#reject-facts').fill('The link answers 404; nothing is there to remove.');
      await moderator.getByRole('button', { name: 'Reject…' }).click();
      await moderator.getByRole('heading', { name: 'Confirm: refuse' }).waitFor();
      expect(await axeViolations(moderator)).toEqual([]);
      await moderator.getByRole('button', { name: 'Yes, refuse' }).click();
      await moderator.getByText('Decision recorded.').waitFor();
    }
  });

  it('each requester asks for a new review on their status page', async () => {
    for (const i of [0, 1]) {
      expect(await statusPage(i)).toContain('Not removed');
      await requester
        .getByLabel('Why the decision should change')
        .fill('The picture is still up; please look again.');
      await requester.getByRole('button', { name: 'Ask for a new review' }).click();
      await requester.getByText('Your request for a new review was received.').waitFor();
      expect(await requester.locator('dl.facts').textContent()).toContain('New review in progress');
    }
  });

  it('both appeals are in the queue with their due time', async () => {
    await moderator.goto(`${web.baseUrl}/staff`);
    expect(await axeViolations(moderator)).toEqual([]);
    const appeals = await web.rt.database.transact(async (trx) =>
      Promise.all(
        cases.map(async (c) => {
          const row = await web.rt.repos.requests.findByCaseNumber(trx, c.caseNumber);
          return (await web.rt.repos.appeals.forRequest(trx, row!.id))[0];
        }),
      ),
    );
    for (const [i, c] of cases.entries()) {
      const row = moderator.locator(`tr[data-case="${c.caseNumber}"]`);
      expect(await row.locator('td[data-label="Stage"]').textContent()).toContain('appeal by the requester');
      const due = new Date(Date.parse(appeals[i].created_at) + 5 * 86_400_000).toISOString();
      expect(await row.locator('[data-due]').textContent()).toBe(when(due));
      expect(await row.locator('[data-deadline]').getAttribute('data-deadline')).toBe(due);
      expect(await row.locator('[data-deadline]').textContent()).toMatch(/^11\dh \d\dm left$/);
      expect(await row.locator('td[data-label="Assigned"]').textContent()).toContain('nobody');
    }
  });

  it('the moderator claims each appeal and decides it: uphold one, overturn the other', async () => {
    for (const [i, outcome] of [
      [0, 'Uphold the decision'],
      [1, 'Overturn it'],
    ] as const) {
      expect(await claimNext()).toBe(cases[i].caseNumber);
      await moderator.getByLabel(outcome).check();
      await moderator.getByRole('button', { name: 'Record appeal decision' }).click();
      await moderator.getByText('Appeal decision recorded.').waitFor();
      expect(await axeViolations(moderator)).toEqual([]);
      const trail = (await moderator.locator('ol.trail').textContent()) ?? '';
      expect(trail).toContain('The requester appealed the rejected decision.');
      expect(trail).toContain(i === 0 ? 'Appeal decided: the decision stands' : 'Appeal decided: overturned');
    }
    await moderator.goto(`${web.baseUrl}/staff`);
    expect(await moderator.locator(`tr[data-case="${cases[0].caseNumber}"]`).count()).toBe(0);
    expect(
      await moderator.locator(`tr[data-case="${cases[1].caseNumber}"] td[data-label="Stage"]`).textContent(),
    ).toContain('in review');
  });

  it("each requester's status page shows the outcome of the appeal", async () => {
    expect(await statusPage(0)).toContain('Not removed');
    expect(await statusPage(1)).toContain('Being reviewed');
  });
});
