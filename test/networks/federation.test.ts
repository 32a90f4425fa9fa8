/**
 * Two Redress instances and a StopNCII simulator on loopback, as the networks are meant to run:
 * a hash added at StopNCII blocks an upload at A within one fetch; A publishes its stopncii bank
 * as a signed feed and B, subscribed to it, blocks the upload too, saying where the hash came
 * from; a withdrawal at StopNCII unblocks both; a page altered in transit, stripped of its
 * signature or signed by a key B does not accept is refused by B (audited, nothing applied) until
 * B lists the publisher's new key. A on one database, B on the other.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/audit-events.ts';
import { deriveSigningKey } from '../../src/security/derived-keys.ts';
import { StopNCIISimulator } from '../../scripts/sim/stopncii.ts';
import { bearer, fixture } from '../copies/support.ts';
import { TEST_KEY } from '../helpers/databases.ts';
import { openInstance, stopnciiEnv } from './support.ts';
import type { Instance } from './support.ts';

const IMAGE = fixture('bridge-mods', 'aaa-orig.jpg');
const IMAGE_PDQ = 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22';
const OTHER = (i: number) => `${i}`.padStart(2, '0').repeat(32);

type Mode = 'pass' | 'alter' | 'strip' | 'resign-v2';

/** Sits between B and A, passing pages through or changing them as an attacker (or a rotation) would. */
async function feedProxy(target: () => string) {
  const state = { mode: 'pass' as Mode };
  const v2 = deriveSigningKey(Buffer.from(TEST_KEY, 'hex'), 'federation/v2');
  const server = http.createServer(async (req, res) => {
    const upstream = await fetch(target() + req.url, {
      headers: { authorization: req.headers.authorization ?? '' },
    });
    let text = await upstream.text();
    if (upstream.ok && state.mode !== 'pass') {
      const page = JSON.parse(text) as Record<string, unknown> & {
        entries: Array<{ hashes: Array<{ value: string }> }>;
      };
      if (state.mode === 'alter' && page.entries.length > 0) page.entries[0].hashes[0].value = OTHER(99);
      if (state.mode === 'strip') delete page.signature;
      if (state.mode === 'resign-v2') {
        const { signature: _old, ...unsigned } = page;
        const resigned = { ...unsigned, keyId: v2.keyId };
        Object.assign(page, resigned, { signature: v2.sign(canonicalJson(resigned)) });
      }
      text = JSON.stringify(page);
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    v2,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe.each([
  ['sqlite', 'postgres'],
  ['postgres', 'sqlite'],
] as const)('StopNCII -> A (%s) -> signed feed -> B (%s)', (kindA, kindB) => {
  let sim: StopNCIISimulator;
  let a: Instance;
  let b: Instance;
  let proxy: Awaited<ReturnType<typeof feedProxy>>;
  beforeEach(async () => {
    sim = new StopNCIISimulator();
    a = await openInstance(kindA, {
      ...stopnciiEnv(await sim.listen()),
      REDRESS_FEDERATION_PUBLISH_BANKS: 'stopncii',
    });
    b = await openInstance(kindB, {
      REDRESS_SECRET_KEY: 'b'.repeat(64),
      REDRESS_NETWORK_ALLOWED_SUBNETS: '127.0.0.0/8',
    });
    proxy = await feedProxy(() => a.base);
  });
  afterEach(async () => {
    await proxy.close();
    await b.close();
    await a.close();
    await sim.close();
  });

  const upload = (x: Instance) => x.api('POST', '/api/v1/check?platformItemId=upload-1', IMAGE, x.platform);
  const checkHash = (x: Instance, pdq: string) =>
    x.api('POST', '/api/v1/check', { hashes: { pdq } }, x.platform);
  const fetchFeed = (x: Instance, name: string) =>
    x.api('POST', `/api/v1/networks/${name}/fetch`, undefined, x.admin);

  it('carries a StopNCII hash from the simulator to A and on to B, and its withdrawal back out', async () => {
    const keys = (await a.api('GET', '/api/v1/federation/keys')).body.keys;
    expect(keys).toEqual([{ keyId: 'federation/v1', publicKey: expect.any(String), current: true }]);
    const token = (await bearer(a.rt, 'platform')).authorization.slice('Bearer '.length);
    const subscribe = (accepted: unknown) =>
      b.api(
        'PUT',
        '/api/v1/federation/subscriptions/a',
        {
          url: `${proxy.base}/api/v1/federation/banks/stopncii/feed`,
          keys: accepted,
          onMatch: 'block',
          threshold: 31,
          token,
        },
        b.admin,
      );
    expect(
      (
        await subscribe(
          keys.map((k: { keyId: string; publicKey: string }) => ({ keyId: k.keyId, publicKey: k.publicKey })),
        )
      ).status,
    ).toBe(204);

    // A hash added at StopNCII blocks the upload at A within one fetch.
    sim.setHash('ImagePDQ', IMAGE_PDQ, 'Active');
    expect((await upload(a)).body.verdict).toBe('allow');
    expect((await fetchFeed(a, 'stopncii')).body.result).toMatchObject({ added: 1 });
    const atA = await upload(a);
    expect(atA.body.verdict).toBe('block');
    expect(atA.body.matches[0].source).toBe('StopNCII.org');

    // A publishes it; B follows the signed feed and blocks it too, naming both hops.
    expect((await upload(b)).body.verdict).toBe('allow');
    expect((await fetchFeed(b, 'federation:a')).body.result).toEqual({ pages: 1, added: 1, withdrawn: 0 });
    const atB = await upload(b);
    expect(atB.body.verdict).toBe('block');
    expect(atB.body.matches[0]).toMatchObject({ bank: 'fed-a', source: 'partner "a" (StopNCII.org)' });

    // A withdrawal at StopNCII unblocks both, each within one fetch.
    sim.setHash('ImagePDQ', IMAGE_PDQ, 'Withdrawn');
    expect((await fetchFeed(a, 'stopncii')).body.result).toMatchObject({ withdrawn: 1 });
    expect((await upload(a)).body.verdict).toBe('allow');
    expect((await fetchFeed(b, 'federation:a')).body.result).toMatchObject({ withdrawn: 1 });
    expect((await upload(b)).body.verdict).toBe('allow');

    // Pages altered in transit or unsigned are refused, audited and not applied.
    sim.setHash('ImagePDQ', OTHER(1), 'Active');
    await fetchFeed(a, 'stopncii');
    for (const mode of ['alter', 'strip'] as const) {
      proxy.state.mode = mode;
      const refused = await fetchFeed(b, 'federation:a');
      expect(refused.status).toBe(502);
      expect(refused.body.error.message).toMatch(
        mode === 'alter' ? /signature does not match/ : /not signed/,
      );
      expect((await checkHash(b, OTHER(1))).body.verdict).toBe('allow');
      expect((await checkHash(b, OTHER(99))).body.verdict).toBe('allow');
    }
    const status = (await b.api('GET', '/api/v1/networks', undefined, b.admin)).body.feeds;
    expect(status).toEqual([
      expect.objectContaining({ name: 'federation:a', refusedPages: 2, errorsSinceSuccess: 2 }),
    ]);
    const refusals = await b.rt.database.db
      .selectFrom('audit_events')
      .select('data')
      .where('type', '=', 'network.page_refused')
      .execute();
    expect(refusals).toHaveLength(2);

    // The publisher rotates to federation/v2: refused until B lists the new key, then accepted.
    proxy.state.mode = 'resign-v2';
    expect((await fetchFeed(b, 'federation:a')).body.error.message).toMatch(/federation\/v2.*not accepted/);
    expect(
      (
        await subscribe([
          ...keys.map(({ keyId, publicKey }: { keyId: string; publicKey: string }) => ({ keyId, publicKey })),
          { keyId: 'federation/v2', publicKey: proxy.v2.publicKey },
        ])
      ).status,
    ).toBe(204);
    expect((await fetchFeed(b, 'federation:a')).body.result).toMatchObject({ added: 1 });
    expect((await checkHash(b, OTHER(1))).body.verdict).toBe('block');
  });

  it('publishes only the banks the operator names, to holders of its keys', async () => {
    const feed = '/api/v1/federation/banks/stopncii/feed';
    expect((await b.api('GET', feed.replace('stopncii', 'takedowns'), undefined, b.platform)).status).toBe(
      404,
    );
    expect((await a.api('GET', feed)).status).toBe(401);
    expect((await a.api('GET', feed.replace('stopncii', 'takedowns'), undefined, a.platform)).status).toBe(
      404,
    );
    const empty = await a.api('GET', feed, undefined, a.platform);
    expect(empty.status).toBe(404); // not created until the first fetch
    await fetchFeed(a, 'stopncii');
    const page = (await a.api('GET', feed, undefined, a.platform)).body;
    expect(page).toMatchObject({
      bank: 'stopncii',
      after: '0',
      hasMore: false,
      keyId: 'federation/v1',
      entries: [],
    });
  });
});
