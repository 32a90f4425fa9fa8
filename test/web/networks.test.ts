/**
 * The admin page's hash-network section: a StopNCII feed's state after a fetch cut off halfway
 * (position, errors in words, no partner's raw answer), then after a complete one; axe finds no
 * violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StopNCIISimulator } from '../../scripts/sim/stopncii.ts';
import { apiClient, bearer } from '../copies/support.ts';
import { stopnciiEnv } from '../networks/support.ts';
import { axeViolations } from './axe.ts';
import { inStaffBrowser, signedInStaff, startWeb } from './support.ts';
import type { WebHarness } from './support.ts';

let sim: StopNCIISimulator;
let web: WebHarness;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  sim = new StopNCIISimulator();
  sim.seed(
    Array.from({ length: 900 }, (_, i) => `ImagePDQ,${(i + 1).toString(16).padStart(64, '0')},Active`).join(
      '\n',
    ),
  );
  web = await startWeb({ ...stopnciiEnv(await sim.listen()), REDRESS_QUARANTINE_UPLOADERS: '2' });
  admin = await signedInStaff(web, 'admin@example.org', 'admin');
});
afterAll(async () => {
  await web.close();
  await sim.close();
});

describe('hash networks on the admin page', () => {
  it('shows where each feed stands and its errors in words', async () => {
    const page = () => web.app.inject({ url: '/staff/admin', headers: { cookie: admin.cookie } });
    expect((await page()).body).toContain('not fetched yet');
    sim.failAfterPages = 1;
    await expect(web.rt.networks.fetchNow('stopncii')).rejects.toThrow(/500/);
    const cut = (await page()).body;
    expect(cut).toContain('StopNCII.org');
    expect(cut).toContain('part-way through a fetch');
    expect(cut).toContain('StopNCII FetchHashes answered 500 (');
    expect(cut).not.toContain('statusCode');
    sim.failAfterPages = null;
    await web.rt.networks.fetchNow('stopncii');
    expect((await page()).body).toMatch(/changes since \d{4}-/);
    await inStaffBrowser(web, admin, '/staff/admin', async (p) => {
      expect(await p.locator('[data-networks] tbody tr').count()).toBe(1);
      expect(await axeViolations(p)).toEqual([]);
    });
  });

  it('shows a quarantined entry on its bank page', async () => {
    const api = apiClient(web.baseUrl);
    const platform = await bearer(web.rt, 'platform');
    const pdq = 'f'.repeat(64);
    sim.setHash('ImagePDQ', pdq, 'Active');
    await web.rt.networks.fetchNow('stopncii'); // the newest entry, on the bank page's first page
    for (const uploaderId of ['u1', 'u2', 'u3'])
      await api('POST', '/api/v1/check', { hashes: { pdq }, uploaderId }, platform);
    const page = await web.app.inject({ url: '/staff/banks/stopncii', headers: { cookie: admin.cookie } });
    expect(page.body).toMatch(
      /quarantined [0-9-]+ [0-9:]+: blocked 2 different uploaders within a minute; its\s+matches go to review/,
    );
    await inStaffBrowser(web, admin, '/staff/banks/stopncii', async (p) => {
      expect(await axeViolations(p)).toEqual([]);
    });
  });
});
