/**
 * Redress as a StopNCII partner, against the simulator: fetched hashes block, withdrawals unblock
 * within one fetch, feedback reaches StopNCII once per change of Redress's word (and is retried
 * through an outage), a fetch cut off halfway resumes from its checkpoint with nothing lost or
 * doubled, and the feed's state is on the status endpoint. On SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StopNCIISimulator } from '../../scripts/sim/stopncii.ts';
import { DATABASES } from '../helpers/databases.ts';
import { openInstance, stopnciiEnv } from './support.ts';
import type { Instance } from './support.ts';

const PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const NEAR = 'd0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22'; // a shrunk copy
const MD5 = '0123456789abcdef0123456789abcdef';
const hex = (i: number) => i.toString(16).padStart(64, '0');

describe.each(DATABASES)('StopNCII partner client (%s)', (kind) => {
  let sim: StopNCIISimulator;
  let a: Instance;
  beforeEach(async () => {
    sim = new StopNCIISimulator();
    sim.base = await sim.listen();
    a = await openInstance(kind, stopnciiEnv(sim.base));
  });
  afterEach(async () => {
    await a.close();
    await sim.close();
  });

  const check = (hashes: Record<string, string>, platformItemId = 'up-1') =>
    a.api('POST', '/api/v1/check', { hashes, platformItemId }, a.platform);
  const feedbackSent = () =>
    sim.received
      .filter((r) => r.endpoint === 'SubmitFeedback')
      .flatMap(
        (r) =>
          (r.body as { hashFeedbacks: Array<{ hashValue: string; feedbackValue: string }> }).hashFeedbacks,
      )
      .map((f) => `${f.hashValue.slice(0, 6)}:${f.feedbackValue}`);

  it('blocks new hashes and unblocks withdrawn ones within one fetch, everywhere', async () => {
    sim.setHash('ImagePDQ', PDQ, 'Active');
    sim.setHash('VideoMD5', MD5, 'Active');
    sim.setHash('VideoTMK', hex(1), 'Active'); // not matched by Redress: skipped
    expect((await check({ pdq: NEAR })).body.verdict).toBe('allow');

    const first = await a.api('POST', '/api/v1/networks/stopncii/fetch', undefined, a.admin);
    expect(first.body.result).toEqual({ pages: 1, added: 2, withdrawn: 0, skipped: 1 });
    const blocked = await check({ pdq: NEAR });
    expect(blocked.body.verdict).toBe('block');
    expect(blocked.body.matches[0]).toMatchObject({ bank: 'stopncii', source: 'StopNCII.org' });
    expect(blocked.body.matches[0].explanation).toMatch(/from StopNCII\.org$/);
    expect((await check({ md5: MD5 })).body.verdict).toBe('block');

    sim.setHash('ImagePDQ', PDQ, 'Withdrawn');
    sim.setHash('VideoMD5', MD5, 'Deleted');
    const second = await a.api('POST', '/api/v1/networks/stopncii/fetch', undefined, a.admin);
    expect(second.body.result).toMatchObject({ added: 0, withdrawn: 2 });
    expect((await check({ pdq: NEAR })).body.verdict).toBe('allow');
    expect((await check({ md5: MD5 })).body.verdict).toBe('allow');
    // The index of this process heard of it too, not only the SQL confirmation.
    await a.rt.stayDown.index.poll();
    expect(a.rt.stayDown.index.search([{ variant: 'original', hex: PDQ }], 31, 31)).toEqual([]);
  });

  it('sends feedback once per change of state, retried through an outage', async () => {
    sim.setHash('ImagePDQ', PDQ, 'Active');
    sim.setHash('ImagePDQ', hex(77), 'Active');
    await a.rt.networks.fetchNow('stopncii');

    // Two blocked uploads of one hash: one Blocked.
    expect((await check({ pdq: PDQ }, 'up-1')).body.verdict).toBe('block');
    expect((await check({ pdq: NEAR }, 'up-2')).body.verdict).toBe('block');
    sim.outage = true;
    await a.runJobs();
    expect(feedbackSent()).toEqual([]);
    sim.outage = false;
    a.clock.advance(31_000); // the first retry is due after 30 s
    await a.runJobs();
    await a.runJobs();
    expect(feedbackSent()).toEqual(['d8f8f0:Blocked']);

    // A review bank: PendingReview, then NotBlocked when a moderator dismisses it, nothing more.
    await a.api('POST', '/api/v1/banks', { name: 'stopncii', onMatch: 'review' }, a.moderator);
    expect((await check({ pdq: hex(77) }, 'up-3')).body.verdict).toBe('review');
    expect((await check({ pdq: hex(77) }, 'up-4')).body.verdict).toBe('review');
    await a.runJobs();
    const pending = await a.api('GET', '/api/v1/networks/matches?status=review', undefined, a.moderator);
    expect(pending.body.matches).toHaveLength(2);
    for (const m of pending.body.matches) {
      const decided = await a.api(
        'POST',
        `/api/v1/networks/matches/${m.id}/decision`,
        { outcome: 'dismiss' },
        a.moderator,
      );
      expect(decided.body).toEqual({ status: 'dismissed' });
    }
    await a.runJobs();
    expect(feedbackSent()).toEqual(['d8f8f0:Blocked', '000000:PendingReview', '000000:NotBlocked']);
    const again = await a.api(
      'POST',
      `/api/v1/networks/matches/${pending.body.matches[0].id}/decision`,
      { outcome: 'confirm' },
      a.moderator,
    );
    expect(again.status).toBe(409);
  });

  it('uploads hashes sourced here once, when a submit key and bank are set', async () => {
    const up = await openInstance(kind, {
      ...stopnciiEnv(sim.base),
      REDRESS_STOPNCII_SUBMIT_KEY: 'sim-submit',
      REDRESS_STOPNCII_UPLOAD_BANK: 'takedowns',
    });
    try {
      const add = (value: string) =>
        up.api('POST', '/api/v1/banks/takedowns/entries', { hashes: [{ kind: 'pdq', value }] }, up.moderator);
      expect((await add(hex(5))).status).toBe(201);
      sim.setHash('ImagePDQ', hex(6), 'Active');
      expect(await up.rt.networks.fetchNow('stopncii')).toMatchObject({ added: 1, uploaded: 1 });
      expect(await up.rt.networks.fetchNow('stopncii')).toMatchObject({ uploaded: 0 });
      await add(hex(7));
      expect(await up.rt.networks.fetchNow('stopncii')).toMatchObject({ uploaded: 1 });
      const sent = sim.received
        .filter((r) => r.endpoint === 'SubmitHashes')
        .flatMap(
          (r) => (r.body as { hashRecords: Array<{ signalType: string; hashValue: string }> }).hashRecords,
        )
        .map((r) => `${r.signalType}:${r.hashValue.slice(-1)}`);
      expect(sent).toEqual(['ImagePDQ:5', 'ImagePDQ:7']);
    } finally {
      await up.close();
    }
  });

  it('is fetched by the worker on its schedule', async () => {
    sim.setHash('ImagePDQ', PDQ, 'Active');
    const worker = a.rt.createWorker();
    await worker.tick();
    expect(sim.fetchLog).toHaveLength(1);
    await worker.tick();
    expect(sim.fetchLog).toHaveLength(1); // not due again before REDRESS_STOPNCII_INTERVAL_S (300 s)
    expect((await check({ pdq: PDQ })).body.verdict).toBe('block');
    a.clock.advance(301_000);
    await worker.tick();
    expect(sim.fetchLog).toHaveLength(2);
  });

  it('resumes a fetch cut off halfway from its checkpoint, nothing lost or doubled', async () => {
    sim.seed(Array.from({ length: 2000 }, (_, i) => `ImagePDQ,${hex(i + 1)},Active`).join('\n'));
    sim.failAfterPages = 1;
    const cut = await a.api('POST', '/api/v1/networks/stopncii/fetch', undefined, a.admin);
    expect(cut.status).toBe(502);
    expect(cut.body.error.code).toBe('partner_failed');
    const status = await a.api('GET', '/api/v1/networks', undefined, a.admin);
    const feed = status.body.feeds.find((f: { name: string }) => f.name === 'stopncii');
    expect(feed).toMatchObject({ configured: true, errorsSinceSuccess: 1, lastSuccessAt: null });
    expect(feed.lastError).toMatch(/503|500/);
    expect(feed.checkpoint.nextPageToken).not.toBe('');

    sim.failAfterPages = null;
    const resumed = await a.rt.networks.fetchNow('stopncii');
    expect(resumed).toEqual({ pages: 2, added: 1200, withdrawn: 0, skipped: 0 });
    // The resumed fetch asked for the page after the checkpoint, not the first page again.
    expect(sim.fetchLog.at(-2)?.nextPageToken).toBe(feed.checkpoint.nextPageToken);
    const entries = await a.rt.database.db
      .selectFrom('bank_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_ref', 'like', 'stopncii#%')
      .executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBe(2000);

    const after = await a.api('GET', '/api/v1/networks', undefined, a.platform);
    expect(after.status).toBe(403);
    const ok = (await a.api('GET', '/api/v1/networks', undefined, a.admin)).body.feeds[0];
    expect(ok).toMatchObject({ name: 'stopncii', errorsSinceSuccess: 0, lastError: expect.any(String) });
    expect(ok.lastSuccessAt).not.toBeNull();
    expect(ok.checkpoint).toEqual({ startTimestamp: expect.any(Number), nextPageToken: '' });
  });
});
