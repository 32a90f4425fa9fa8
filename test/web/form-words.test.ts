/**
 * The request form in plain words: where the person lives is asked near the end, in words, as
 * radio buttons that fit a phone; the name is asked once (the signature); the error summary
 * takes focus; the notice starts its sentence with a capital when no platform name is set; and
 * a request with nothing to act on and nobody to tell is refused, on the form and by the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { axeViolations } from './axe.ts';
import { completeForm, encode, FORM, startWeb } from './support.ts';
import type { WebHarness } from './support.ts';

let web: WebHarness;
beforeAll(async () => {
  web = await startWeb();
});
afterAll(() => web?.close());

const countRequests = async () =>
  Number(
    (
      await web.rt.database.db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the form', () => {
  it('asks where the person lives in plain words, after the contact details, and the name once', async () => {
    const page = (await web.app.inject({ url: '/request?lang=en' })).body;
    expect(page).not.toContain('Which rules apply');
    expect(page).toContain('Where do you live?');
    expect(page).toMatch(/type="radio"\s+id="legalBasis-dsa"/);
    expect(page).not.toMatch(/<select[^>]*name="legalBasis"/);
    expect(page.indexOf('name="legalBasis"')).toBeGreaterThan(page.indexOf('name="email"'));
    expect(page.indexOf('name="legalBasis"')).toBeLessThan(page.indexOf('name="signature"'));
    expect(page).not.toMatch(/name="name"/);
    expect(page.match(/autocomplete="name"/g)).toHaveLength(1);
    const es = (await web.app.inject({ url: '/request?lang=es' })).body;
    expect(es).toContain('¿Dónde vive?');
    expect(es).not.toContain('Qué normas se aplican');
  });

  it('takes the name from the signature (a DSA request needs both)', async () => {
    const res = await web.app.inject({
      method: 'POST',
      url: '/request',
      headers: FORM,
      payload: encode(completeForm({ legalBasis: 'dsa', bonaFideStatement: '1', signature: 'Ana Ruiz' })),
    });
    expect(res.statusCode).toBe(303);
  });

  it('starts the notice with a capital when no platform name is set', async () => {
    const en = (await web.app.inject({ url: '/notice?lang=en' })).body;
    expect(en).toContain('<p class="lead">This platform removes');
    const es = (await web.app.inject({ url: '/notice?lang=es' })).body;
    expect(es).toContain('<p class="lead">Esta plataforma retira');
  });

  it('refuses an empty form sent as it is, and says why', async () => {
    const before = await countRequests();
    const empty = { legalBasis: 'take_it_down', role: 'depicted_person', item_url_0: '', force: '1' };
    const res = await web.app.inject({
      method: 'POST',
      url: '/request',
      headers: FORM,
      payload: encode(empty),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('We cannot open a request with no item and no way to reach you.');
    expect(res.body).not.toContain('name="force"');
    expect(await countRequests()).toBe(before);

    // Something to act on, or someone to tell: still recorded at once, incomplete.
    const contactOnly = await web.app.inject({
      method: 'POST',
      url: '/request',
      headers: FORM,
      payload: encode({ ...empty, email: 'jane@example.org' }),
    });
    expect(contactOnly.statusCode).toBe(303);
    expect(await countRequests()).toBe(before + 1);
  });

  it('refuses the same through the API with a stable code', async () => {
    const before = await countRequests();
    const res = await web.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: { legalBasis: 'take_it_down', submitter: { role: 'depicted_person' }, items: [] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('nothing_to_act_on');
    expect(await countRequests()).toBe(before);
    const itemOnly = await web.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        legalBasis: 'take_it_down',
        submitter: { role: 'depicted_person' },
        items: [{ url: 'https://social.example/p/7' }],
      },
    });
    expect(itemOnly.statusCode).toBe(201);
    expect(itemOnly.json().status).toBe('incomplete');
  });
});

describe('the form on a phone, in Chromium', () => {
  it('fits 390 px, and the error summary takes focus', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      for (const lang of ['en', 'es']) {
        await page.goto(`${web.baseUrl}/request?lang=${lang}`);
        const widths = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          options: Array.from(document.querySelectorAll('input[name=legalBasis] + label')).map((l) =>
            Math.ceil(l.getBoundingClientRect().right),
          ),
        }));
        expect(widths.page).toBeLessThanOrEqual(390);
        expect(widths.options.length).toBe(4);
        for (const right of widths.options) expect(right).toBeLessThanOrEqual(390);
        expect(await axeViolations(page)).toEqual([]);
      }
      await page.goto(`${web.baseUrl}/request?lang=en`);
      await page.getByLabel('Link (URL)').fill('https://social.example/p/123');
      await page.getByRole('button', { name: 'Send request', exact: true }).click();
      await page.waitForSelector('#error-summary');
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
