/**
 * Redress as an NCMEC hash-sharing member, against the simulator: entries block, updates are
 * taken once, deletions unblock within one fetch, a fetch cut off halfway resumes with its window
 * and link, and the partner's address is reached only when the operator allows its subnet.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NcmecSimulator } from '../../scripts/sim/ncmec.ts';
import { DATABASES } from '../helpers/databases.ts';
import { openInstance } from './support.ts';
import type { Instance } from './support.ts';

const PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const member = { id: 42, name: 'Example Member' };
const md5 = (i: number) => i.toString(16).padStart(32, '0');

describe.each(DATABASES)('NCMEC hash-sharing client (%s)', (kind) => {
  let sim: NcmecSimulator;
  let a: Instance;
  let env: Record<string, string>;
  beforeEach(async () => {
    sim = new NcmecSimulator();
    env = {
      REDRESS_NCMEC_URL: `${await sim.listen()}/hashsharing`,
      REDRESS_NCMEC_USERNAME: 'sim-user',
      REDRESS_NCMEC_PASSWORD: 'sim-password',
    };
    a = await openInstance(kind, { ...env, REDRESS_NETWORK_ALLOWED_SUBNETS: '127.0.0.0/8' });
  });
  afterEach(async () => {
    await a.close();
    await sim.close();
  });
  const check = (hashes: Record<string, string>) =>
    a.api('POST', '/api/v1/check', { hashes, platformItemId: 'up' }, a.platform);
  const fetchNcmec = () => a.api('POST', '/api/v1/networks/ncmec/fetch', undefined, a.admin);

  it('blocks entries, takes updates once and unblocks deletions within one fetch', async () => {
    sim.upsert({
      id: 'image1',
      member,
      type: 'image',
      classification: 'A1',
      fingerprints: { pdq: PDQ, sha1: 'a'.repeat(40) },
    });
    sim.upsert({ id: 'video1', member, type: 'video', classification: null, fingerprints: { md5: md5(1) } });
    sim.upsert({
      id: 'image2',
      member,
      type: 'image',
      classification: null,
      fingerprints: { sha1: 'b'.repeat(40) },
    });
    expect((await fetchNcmec()).body.result).toEqual({ pages: 1, added: 2, withdrawn: 0, skipped: 1 });
    const blocked = await check({ pdq: PDQ });
    expect(blocked.body.matches[0]).toMatchObject({
      bank: 'ncmec',
      verdict: 'block',
      source: 'NCMEC hash sharing',
    });
    expect((await check({ md5: md5(1) })).body.verdict).toBe('block');

    await new Promise((r) => setTimeout(r, 1100)); // the simulator stamps entries in whole seconds
    sim.upsert({ id: 'image1', member, type: 'image', classification: 'A2', fingerprints: { pdq: PDQ } });
    sim.delete('video1');
    const second = (await fetchNcmec()).body.result;
    expect(second).toMatchObject({ added: 0, withdrawn: 1 });
    expect((await check({ md5: md5(1) })).body.verdict).toBe('allow');
    expect((await check({ pdq: PDQ })).body.verdict).toBe('block');
    // The second fetch asked only for the window since the first one ended.
    expect(sim.requests.at(-1)).toMatch(/from=(?!1970)/);
  });

  it('resumes a fetch cut off halfway with the same window and link', async () => {
    sim.pageSize = 4;
    for (let i = 1; i <= 10; i++)
      sim.upsert({ id: `v${i}`, member, type: 'video', classification: null, fingerprints: { md5: md5(i) } });
    sim.failAfterPages = 1;
    expect((await fetchNcmec()).status).toBe(502);
    const feed = (await a.api('GET', '/api/v1/networks', undefined, a.admin)).body.feeds[0];
    expect(feed).toMatchObject({ name: 'ncmec', errorsSinceSuccess: 1 });
    expect(feed.checkpoint.next).toMatch(/start=5/);
    sim.failAfterPages = null;
    expect((await fetchNcmec()).body.result).toEqual({ pages: 2, added: 6, withdrawn: 0, skipped: 0 });
    expect(sim.requests.at(-2)).toContain('start=5');
    for (let i = 1; i <= 10; i++) expect((await check({ md5: md5(i) })).body.verdict).toBe('block');
  });

  it('reaches a partner on loopback only when the operator allows its subnet', async () => {
    const locked = await openInstance(kind, env);
    try {
      const refused = await locked.api('POST', '/api/v1/networks/ncmec/fetch', undefined, locked.admin);
      expect(refused.status).toBe(502);
      expect(refused.body.error.message).toMatch(/non-public address/);
      expect(sim.requests).toEqual([]);
    } finally {
      await locked.close();
    }
  });
});
