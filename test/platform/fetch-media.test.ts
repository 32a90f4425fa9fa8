/**
 * SSRF defences of the media fetcher, against real HTTP servers on loopback: the one loopback
 * address the test allows (127.0.0.2) stands for "a public host"; everything else non-public
 * must be refused, directly or through a redirect, before any connection is made.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressPolicy } from '../../src/platform/address-policy.ts';
import { fetchMedia, probeStatus, type FetchOptions } from '../../src/platform/fetch-media.ts';

const PUBLIC = '127.0.0.2';
let allowed: http.Server;
let forbidden: http.Server;
let forbiddenHits = 0;
let base: string;
let forbiddenPort: number;

const options = (extra: Partial<FetchOptions> = {}): FetchOptions => ({
  policy: addressPolicy([`${PUBLIC}/32`]),
  allowedHosts: [],
  maxBytes: 1000,
  timeoutMs: 2000,
  maxRedirects: 3,
  ...extra,
});
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'fetched',
    (error: { code?: string }) => error.code,
  );

beforeAll(async () => {
  forbidden = http.createServer((_req, res) => {
    forbiddenHits++;
    res.end('internal secret');
  });
  await new Promise<void>((resolve) => forbidden.listen(0, '127.0.0.1', resolve));
  forbiddenPort = (forbidden.address() as AddressInfo).port;
  allowed = http.createServer((req, res) => {
    if (req.url === '/image') return res.end(Buffer.alloc(500, 1));
    if (req.url === '/big') return res.end(Buffer.alloc(5000, 1));
    if (req.url === '/gone') return res.writeHead(410).end();
    if (req.url === '/hang') return; // never answers
    if (req.url === '/hop') return res.writeHead(302, { location: '/image' }).end();
    if (req.url?.startsWith('/redirect?to=')) {
      return res.writeHead(302, { location: decodeURIComponent(req.url.slice(13)) }).end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => allowed.listen(0, PUBLIC, resolve));
  base = `http://${PUBLIC}:${(allowed.address() as AddressInfo).port}`;
});

afterAll(() => {
  allowed.closeAllConnections();
  allowed.close();
  forbidden.close();
});

describe('fetchMedia', () => {
  it('fetches from an allowed address and follows a same-host redirect', async () => {
    expect((await fetchMedia(`${base}/image`, options())).bytes.length).toBe(500);
    expect((await fetchMedia(`${base}/hop`, options())).finalUrl).toBe(`${base}/image`);
  });

  it.each([
    ['loopback', () => `http://127.0.0.1:${forbiddenPort}/`],
    ['localhost by name', () => `http://localhost:${forbiddenPort}/`],
    ['loopback as a decimal integer', () => `http://2130706433:${forbiddenPort}/`],
    ['IPv6 loopback', () => `http://[::1]:${forbiddenPort}/`],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${forbiddenPort}/`],
    ['private 10/8', () => 'http://10.0.0.1/'],
    ['private 192.168/16', () => 'http://192.168.1.1/'],
    ['link-local cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 unique local', () => 'http://[fd00::1]/'],
    ['unspecified address', () => `http://0.0.0.0:${forbiddenPort}/`],
  ])('refuses %s', async (_name, url) => {
    expect(await codeOf(fetchMedia(url(), options()))).toBe('FETCH_REFUSED');
    expect(forbiddenHits).toBe(0);
  });

  it.each([
    ['loopback', () => `http://127.0.0.1:${forbiddenPort}/`],
    ['link-local', () => 'http://169.254.169.254/'],
    ['localhost', () => `http://localhost:${forbiddenPort}/`],
  ])('refuses a redirect to %s', async (_name, url) => {
    const redirecting = `${base}/redirect?to=${encodeURIComponent(url())}`;
    expect(await codeOf(fetchMedia(redirecting, options()))).toBe('FETCH_REFUSED');
    expect(forbiddenHits).toBe(0);
  });

  it.each(['file:///etc/passwd', 'ftp://example.org/x', 'gopher://127.0.0.2/', 'http://user:pw@127.0.0.2/'])(
    'refuses %s',
    async (url) => expect(await codeOf(fetchMedia(url, options()))).toBe('FETCH_REFUSED'),
  );

  it('keeps to the host allow-list when one is set', async () => {
    expect(await codeOf(fetchMedia(`${base}/image`, options({ allowedHosts: ['media.example'] })))).toBe(
      'FETCH_REFUSED',
    );
    expect(await codeOf(fetchMedia(`${base}/image`, options({ allowedHosts: [PUBLIC] })))).toBe('fetched');
  });

  it('stops at the byte limit, the time limit and an error status', async () => {
    expect(await codeOf(fetchMedia(`${base}/big`, options()))).toBe('FETCH_TOO_LARGE');
    expect(await codeOf(fetchMedia(`${base}/hang`, options({ timeoutMs: 300 })))).toBe('FETCH_TIMEOUT');
    expect(await codeOf(fetchMedia(`${base}/gone`, options()))).toBe('FETCH_STATUS');
  });

  it('gives up after too many redirects', async () => {
    const loop = `${base}/redirect?to=${encodeURIComponent(`${base}/hop`)}`;
    expect(await codeOf(fetchMedia(loop, options({ maxRedirects: 1 })))).toBe('FETCH_FAILED');
  });
});

describe('probeStatus', () => {
  it('reports the status a removed item answers', async () => {
    expect(await probeStatus(`${base}/gone`, options())).toBe(410);
    expect(await probeStatus(`${base}/image`, options())).toBe(200);
  });
});
