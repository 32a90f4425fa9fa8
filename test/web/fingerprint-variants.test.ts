/**
 * A takedown made from the fingerprint alone catches what a file banked by staff catches. The
 * requester fingerprints a picture in Chromium (the picture never leaves the page); the page
 * sends the derived hashes `redress bank add` would keep (equal to the server's, bit for bit);
 * once the item is removed, the sweep banks them, and a 20% centre crop and a 5-degree tilt of
 * the picture, made with sharp here, are blocked at upload. Bad variants sent to the API are
 * refused with 400.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemVariants } from '../../src/domain/item-variants.ts';
import { bankHashesOf, decode } from '../../src/media/fingerprint.ts';
import { launchChromium } from '../support/chromium.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { openApi, recordFirstItemRemoved } from '../copies/support.ts';
import type { ApiHarness } from '../copies/support.ts';

const PICTURE = new URL('../fixtures/robustness/originals/wall-dragonfly.jpg', import.meta.url).pathname;
const BYTES = readFileSync(PICTURE);

async function edited(): Promise<{ crop20: Buffer; tilt5: Buffer }> {
  const { width = 0, height = 0 } = await sharp(BYTES).metadata();
  const cutX = Math.round(width * 0.2);
  const cutY = Math.round(height * 0.2);
  const crop20 = await sharp(BYTES)
    .extract({
      left: Math.round(cutX / 2),
      top: Math.round(cutY / 2),
      width: width - cutX,
      height: height - cutY,
    })
    .jpeg({ quality: 85 })
    .toBuffer();
  const tilt5 = await sharp(BYTES).rotate(5, { background: '#000000' }).jpeg({ quality: 85 }).toBuffer();
  return { crop20, tilt5 };
}

let h: ApiHarness;
beforeAll(async () => {
  h = await openApi('sqlite', { REDRESS_POW_BITS: '8' });
});
afterAll(async () => {
  await h?.close();
});

describe('a fingerprint-only takedown', () => {
  let caseNumber = '';

  it('sends the banked variants of the picture, equal to the server’s, never the picture', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const posted: Buffer[] = [];
      page.on('request', (r) => {
        const body = r.postDataBuffer();
        if (body) posted.push(body);
      });
      await page.goto(`${h.base}/request?lang=en`);
      await page.getByLabel('Link (URL)').fill('https://social.example/p/42');
      await page.getByLabel('Make a fingerprint of my copy here').check();
      await page.setInputFiles('#item_file_0', PICTURE);
      await page.getByText('Fingerprint ready. The picture was not uploaded.').waitFor();
      await page
        .getByLabel('Why you believe this was shared without consent')
        .fill('I never agreed to this.');
      await page.getByLabel('Email').fill('jane@example.org');
      await page.getByLabel('Type your full name to sign').fill('Jane Doe');
      await page.getByRole('button', { name: 'Send request', exact: true }).click();
      await page.waitForURL(/\/received\?token=/);
      caseNumber = (await page.locator('[data-case-number]').textContent())!.trim();
      for (const body of posted) expect(body.includes(BYTES.subarray(2000, 2064))).toBe(false);
    } finally {
      await browser.close();
    }
    const row = await h.rt.database.transact((trx) => h.rt.repos.requests.findByCaseNumber(trx, caseNumber));
    const [item] = await h.rt.database.transact((trx) => h.rt.repos.requests.items(trx, row!.id));
    const sent = JSON.parse(item.variants!) as ItemVariants;
    const server = bankHashesOf(await decode(BYTES));
    expect(item.pdq).toBe(server.find((v) => v.variant === 'original')!.hex);
    expect(sent.hashes.map((v) => [v.variant, v.pdq, v.quality])).toEqual(
      server.filter((v) => v.variant !== 'original').map((v) => [v.variant, v.hex, v.quality]),
    );
    expect(sent.hashes.map((v) => v.variant)).toEqual(expect.arrayContaining(['crop-20', 'rot+6']));
  });

  it('blocks the 20% centre crop and the 5-degree tilt once the item is removed', async () => {
    const { crop20, tilt5 } = await edited();
    const check = async (bytes: Buffer) => (await h.api('POST', '/api/v1/check', bytes, h.platform)).body;
    // Before the removal nothing is banked: both copies pass.
    expect((await check(crop20)).verdict).toBe('allow');
    expect((await check(tilt5)).verdict).toBe('allow');

    const decided = await h.api(
      'POST',
      `/api/v1/staff/requests/${caseNumber}/decision`,
      { decision: 'remove', facts: 'The requester is the person shown.' },
      h.moderator,
    );
    expect(decided.body.status).toBe('approved');
    await recordFirstItemRemoved(h.api, h.moderator, caseNumber);
    await h.rt.createWorker().runDueJobs(); // the sweep banks the item's hashes

    const crop = await check(crop20);
    expect(crop.verdict).toBe('block');
    expect(crop.matches[0].variant).toMatch(/crop-/);
    const tilt = await check(tilt5);
    expect(tilt.verdict).toBe('block');
    expect(tilt.matches[0].variant).toMatch(/rot[+-]/);
  });

  it('refuses variants it cannot bank, naming the problem', async () => {
    const base = completeRequest();
    const item = (variants: unknown) => ({
      ...base,
      items: [{ url: 'https://social.example/p/1', variants }],
    });
    const hex = 'ab'.repeat(32);
    const wrongVersion = await h.api('POST', '/api/v1/requests', item({ pipeline: 99, hashes: [] }));
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body.error.message).toContain('pipeline 99');
    const unknown = await h.api(
      'POST',
      '/api/v1/requests',
      item({ pipeline: 1, hashes: [{ variant: 'crop-99', pdq: hex, quality: 90 }] }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('crop-99');
    const tooMany = await h.api(
      'POST',
      '/api/v1/requests',
      item({
        pipeline: 1,
        hashes: Array.from({ length: 40 }, () => ({ variant: 'whole', pdq: hex, quality: 90 })),
      }),
    );
    expect(tooMany.status).toBe(400);
  });
});
