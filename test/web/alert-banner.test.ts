/**
 * The console banner: an overdue request and a stalled worker are on every console page, in
 * words, with no violations for axe; with nothing wrong there is no banner.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { axeViolations } from './axe.ts';
import { inStaffBrowser, signedInStaff, startWeb } from './support.ts';
import type { WebHarness } from './support.ts';

let web: WebHarness | undefined;
afterEach(async () => {
  await web?.close();
  web = undefined;
});

describe('the console alert banner', () => {
  it('is absent while all is well', async () => {
    web = await startWeb();
    const staff = await signedInStaff(web, 'calm@staff.example', 'moderator');
    const page = await web.app.inject({ url: '/staff', headers: { cookie: staff.cookie } });
    expect(page.body).not.toContain('alert-banner');
  });

  it('names overdue requests and a worker that is not running, on every page', async () => {
    web = await startWeb();
    const rt = web.rt;
    // Received 49 hours ago, and no worker has ever run its receipt email.
    const clock = new ManualClock(new Date(Date.now() - 49 * 3_600_000));
    await submitRequest(
      { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock },
      completeRequest(),
    );
    const staff = await signedInStaff(web, 'oncall@staff.example', 'moderator');
    for (const path of ['/staff', '/staff/banks']) {
      const page = await web.app.inject({ url: path, headers: { cookie: staff.cookie } });
      expect(page.body).toContain('role="alert"');
      expect(page.body).toMatch(/1 removal request is past the\s+48-hour\s+deadline/);
      expect(page.body).toContain('The background worker is not running');
    }
    await inStaffBrowser(web, staff, '/staff', async (p) => {
      expect(await p.getByRole('alert').innerText()).toMatch(/past the 48-hour deadline/);
      expect(await axeViolations(p)).toEqual([]);
    });
  });
});
