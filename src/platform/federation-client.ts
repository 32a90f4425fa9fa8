/**
 * Fetches pages of another Redress's signed feed, through the SSRF-safe partner fetch, with the
 * API key the publisher issued to this subscriber. Verification is the caller's: this only
 * transports.
 */
import { FetchError, callPartner } from './fetch-media.ts';
import type { FetchOptions } from './fetch-media.ts';
import { PartnerError } from './stopncii-client.ts';

export function federationFetcher(fetchOptions: FetchOptions) {
  return {
    async page(url: string, after: string, token: string | null): Promise<unknown> {
      const target = new URL(url);
      target.searchParams.set('after', after);
      let answer: Awaited<ReturnType<typeof callPartner>>;
      try {
        answer = await callPartner(
          target.toString(),
          {
            method: 'GET',
            headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          },
          fetchOptions,
        );
      } catch (error) {
        const refused = error instanceof FetchError && error.code === 'FETCH_REFUSED';
        throw new PartnerError(`feed ${target.host}: ${(error as Error).message}`, refused);
      }
      if (answer.status < 200 || answer.status > 299)
        throw new PartnerError(
          `feed ${target.host} answered ${answer.status}`,
          answer.status >= 400 && answer.status < 500,
        );
      try {
        return JSON.parse(answer.body.toString('utf8')) as unknown;
      } catch {
        return null; // refused as "not a JSON object" by the verification, and recorded as such
      }
    },
  };
}
