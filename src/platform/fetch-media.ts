/**
 * Fetches media from a URL a platform gave us, safely (SSRF): http and https only, an optional
 * host allow-list, every resolved address checked against the address policy, the connection
 * pinned to the checked address (no second DNS answer can slip in), redirects followed by hand
 * and each hop checked again, and limits on bytes and time.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.ts';

export interface FetchLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
}

/** Where Redress may connect: the address policy and an optional host allow-list. */
export interface TargetRules {
  readonly policy: AddressPolicy;
  /** When non-empty, only these host names (exact, lower case) may be fetched. */
  readonly allowedHosts: readonly string[];
}

export interface FetchOptions extends FetchLimits, TargetRules {}

export type FetchErrorCode =
  'FETCH_REFUSED' | 'FETCH_FAILED' | 'FETCH_TOO_LARGE' | 'FETCH_TIMEOUT' | 'FETCH_STATUS';

export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchedMedia {
  readonly bytes: Buffer;
  readonly finalUrl: string;
  readonly contentType: string | undefined;
}

/** GETs the URL's body; only a 2xx answer counts. */
export async function fetchMedia(url: string, options: FetchOptions): Promise<FetchedMedia> {
  const deadline = Date.now() + options.timeoutMs;
  let current = url;
  for (let hop = 0; hop <= options.maxRedirects; hop++) {
    const response = await requestOnce(current, options, deadline, 'GET');
    if (response.location === undefined) {
      if (response.status < 200 || response.status > 299) {
        throw new FetchError('FETCH_STATUS', `${current} answered ${response.status}`);
      }
      return { bytes: response.body, finalUrl: current, contentType: response.contentType };
    }
    current = new URL(response.location, current).toString();
  }
  throw new FetchError('FETCH_FAILED', `more than ${options.maxRedirects} redirects`);
}

/** The status a URL answers now, without reading its body: removal verification expects 404/410. */
export async function probeStatus(url: string, options: FetchOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  let current = url;
  for (let hop = 0; hop <= options.maxRedirects; hop++) {
    const response = await requestOnce(current, { ...options, maxBytes: 0 }, deadline, 'HEAD');
    if (response.location === undefined) return response.status;
    current = new URL(response.location, current).toString();
  }
  throw new FetchError('FETCH_FAILED', `more than ${options.maxRedirects} redirects`);
}

interface RawResponse {
  status: number;
  location: string | undefined;
  contentType: string | undefined;
  body: Buffer;
}

/** What a partner API call sends besides its method: headers and a body. */
export interface PartnerCall {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * One call to a hash-sharing partner's API under the same rules as a media fetch (address policy,
 * host list, pinned address, limits), redirects not followed: a partner API that moves is a
 * configuration change, not something to chase. Any status is returned; the caller judges it.
 */
export async function callPartner(
  url: string,
  call: PartnerCall,
  options: FetchOptions,
): Promise<{ status: number; body: Buffer; contentType: string | undefined }> {
  const response = await requestOnce(url, options, Date.now() + options.timeoutMs, call.method, call);
  return { status: response.status, body: response.body, contentType: response.contentType };
}

async function requestOnce(
  raw: string,
  options: FetchOptions,
  deadline: number,
  method: string,
  call: Omit<PartnerCall, 'method'> = {},
): Promise<RawResponse> {
  const { url: target, lookup: pinned } = await resolvePinned(raw, options);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<RawResponse>((resolve, reject) => {
    const timeout = Math.max(1, deadline - Date.now());
    const request = client.request(target, {
      method,
      lookup: pinned,
      timeout,
      headers: {
        'user-agent': 'Redress',
        ...call.headers,
        ...(call.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(call.body)) }),
      },
    });
    const timer = setTimeout(
      () => request.destroy(new FetchError('FETCH_TIMEOUT', `no answer within the time limit`)),
      timeout,
    );
    request.on('timeout', () =>
      request.destroy(new FetchError('FETCH_TIMEOUT', 'no answer within the time limit')),
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(
        error instanceof FetchError
          ? error
          : new FetchError('FETCH_FAILED', `${target.host}: ${error.message}`),
      );
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const redirect = [301, 302, 303, 307, 308].includes(status) ? response.headers.location : undefined;
      const declared = Number(response.headers['content-length'] ?? 0);
      const reading = method !== 'HEAD';
      if (redirect === undefined && declared > options.maxBytes && reading) {
        request.destroy(
          new FetchError('FETCH_TOO_LARGE', `body of ${declared} bytes is over ${options.maxBytes}`),
        );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes && redirect === undefined && reading) {
          request.destroy(new FetchError('FETCH_TOO_LARGE', `body is over ${options.maxBytes} bytes`));
        } else if (reading && redirect === undefined) chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          status,
          location: redirect,
          contentType: response.headers['content-type'],
          body: Buffer.concat(chunks),
        });
      });
    });
    request.end(call.body);
  });
}

/**
 * Checks a URL against the rules and resolves its host once: every address must be allowed, and
 * the returned `lookup` hands the connection the checked address, so no second DNS answer (a
 * rebinding) can send it elsewhere.
 */
export async function resolvePinned(
  raw: string,
  rules: TargetRules,
): Promise<{ url: URL; lookup: LookupFunction }> {
  const url = parseTarget(raw, rules);
  const address = await resolveChecked(url.hostname, rules.policy);
  const lookup: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all)
      callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
  return { url, lookup };
}

function parseTarget(raw: string, options: TargetRules): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError('FETCH_REFUSED', 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('FETCH_REFUSED', `${url.protocol} URLs are not fetched, only http and https`);
  }
  if (url.username || url.password)
    throw new FetchError('FETCH_REFUSED', 'URLs with credentials are not fetched');
  const host = url.hostname.toLowerCase();
  if (options.allowedHosts.length > 0 && !options.allowedHosts.includes(host)) {
    throw new FetchError('FETCH_REFUSED', `${host} is not on the allowed host list`);
  }
  return url;
}

async function resolveChecked(
  hostname: string,
  policy: AddressPolicy,
): Promise<{ address: string; family: number }> {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(bare, { all: true, verbatim: true });
  } catch {
    throw new FetchError('FETCH_FAILED', `cannot resolve ${bare}`);
  }
  // Every answer must be allowed: otherwise a host with one public and one private record wins.
  const refused = addresses.find((a) => !policy.allows(a.address));
  if (refused || addresses.length === 0) {
    throw new FetchError(
      'FETCH_REFUSED',
      `${bare} resolves to a non-public address (${refused?.address ?? 'none'})`,
    );
  }
  return addresses[0];
}
