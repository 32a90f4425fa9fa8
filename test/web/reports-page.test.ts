/**
 * The console's Reports page: the transparency report of a period for staff who read cases, with
 * its charts, CSV and JSON of the same figures, a clear refusal of a bad period, and no axe
 * violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { inStaffBrowser, signedInStaff, startWeb, submitForm } from './support.ts';
import type { WebHarness } from './support.ts';

let web: WebHarness;
let staff: { cookie: string };
beforeAll(async () => {
  web = await startWeb();
  await submitForm(web.app);
  staff = await signedInStaff(web, 'reports@staff.example', 'auditor');
});
afterAll(() => web.close());

describe('the Reports page', () => {
  it('shows this month with its charts, and offers the same figures as CSV and JSON', async () => {
    const page = await web.app.inject({ url: '/staff/reports', headers: { cookie: staff.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/Transparency report, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
    expect(page.body).toContain('1 removal request received');
    const json = await web.app.inject({ url: '/staff/reports.json', headers: { cookie: staff.cookie } });
    expect(json.json().requests.total).toBe(1);
    const csv = await web.app.inject({ url: '/staff/reports.csv', headers: { cookie: staff.cookie } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain('requests,total,,1');
    await inStaffBrowser(web, staff, '/staff/reports', async (p) => {
      expect(await p.locator('svg.chart').count()).toBe(2);
      expect(await axeViolations(p)).toEqual([]);
    });
  });

  it('refuses a period that ends before it starts, in words', async () => {
    const page = await web.app.inject({
      url: '/staff/reports?from=2026-10-31&to=2026-10-01',
      headers: { cookie: staff.cookie },
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('The period must start before it ends.');
  });

  it('sends a visitor without a session to sign in', async () => {
    const page = await web.app.inject({ url: '/staff/reports' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/staff/login');
  });
});
