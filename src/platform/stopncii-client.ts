/**
 * StopNCII.org's partner API, as the public reference client speaks it: `FetchHashes` (GET, paged
 * by `startTimestamp` and `nextPageToken`), `SubmitFeedback` and `SubmitHashes` (POST JSON), each
 * with the gateway's subscription key and the endpoint's own function key. Calls go through the
 * SSRF-safe partner fetch; a 4xx answer is a `PartnerError` marked permanent (no retry mends it),
 * other failures are worth retrying.
 */
import type { StopNCIIConfig } from './networks-config.ts';
import { FetchError, callPartner } from './fetch-media.ts';
import type { FetchOptions, PartnerCall } from './fetch-media.ts';

export interface StopNCIIRecord {
  lastModtimestamp: number;
  signalType: string;
  hashValue: string;
  hashStatus: string;
  caseNumbers: Record<string, string>;
}

export interface StopNCIIPage {
  count: number;
  nextPageToken: string | null;
  nextSetTimestamp: number;
  hasMoreRecords: boolean;
  hashRecords: StopNCIIRecord[];
}

/** The feedback values Redress gives: a match sent to review, confirmed, or dismissed. */
export type StopNCIIFeedback = 'PendingReview' | 'Blocked' | 'NotBlocked';

export class PartnerError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'PartnerError';
  }
}

export const PAGE_SIZE = 800;

export function stopnciiClient(config: StopNCIIConfig, fetchOptions: FetchOptions) {
  async function call(
    endpoint: string,
    functionKey: string,
    call: PartnerCall,
    query = '',
  ): Promise<unknown> {
    let answer: Awaited<ReturnType<typeof callPartner>>;
    try {
      answer = await callPartner(
        `${config.url}/${endpoint}${query}`,
        {
          ...call,
          headers: {
            'x-functions-key': functionKey,
            'Ocp-Apim-Subscription-Key': config.subscriptionKey,
            accept: 'application/json',
            ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...call.headers,
          },
        },
        fetchOptions,
      );
    } catch (error) {
      const refused = error instanceof FetchError && error.code === 'FETCH_REFUSED';
      throw new PartnerError(`StopNCII ${endpoint}: ${(error as Error).message}`, refused);
    }
    if (answer.status < 200 || answer.status > 299) {
      const detail = answer.body.toString('utf8').slice(0, 200);
      const permanent = answer.status >= 400 && answer.status < 500 && answer.status !== 429;
      throw new PartnerError(
        `StopNCII ${endpoint} answered ${answer.status}${detail ? `: ${detail}` : ''}`,
        permanent,
      );
    }
    try {
      return JSON.parse(answer.body.toString('utf8')) as unknown;
    } catch {
      throw new PartnerError(`StopNCII ${endpoint} answered something that is not JSON`, false);
    }
  }

  return {
    async fetchPage(startTimestamp: number, nextPageToken: string): Promise<StopNCIIPage> {
      const q = new URLSearchParams({ startTimestamp: String(startTimestamp), pageSize: String(PAGE_SIZE) });
      if (nextPageToken) q.set('nextPageToken', nextPageToken);
      const page = (await call('FetchHashes', config.fetchKey, { method: 'GET' }, `?${q}`)) as StopNCIIPage;
      if (!Array.isArray(page?.hashRecords) || typeof page.hasMoreRecords !== 'boolean')
        throw new PartnerError('StopNCII FetchHashes answered without hashRecords/hasMoreRecords', false);
      return page;
    },
    async submitFeedback(items: Array<{ hashValue: string; feedback: StopNCIIFeedback }>): Promise<void> {
      if (!config.feedbackKey) throw new PartnerError('REDRESS_STOPNCII_FEEDBACK_KEY is not set', true);
      const hashFeedbacks = items.map((i) => ({
        tags: [],
        feedbackValue: i.feedback,
        hashValue: i.hashValue,
      }));
      await call('SubmitFeedback', config.feedbackKey, {
        method: 'POST',
        body: JSON.stringify({ count: hashFeedbacks.length, hashFeedbacks }),
      });
    },
    async submitHashes(items: Array<{ signalType: string; hashValue: string }>, now: Date): Promise<void> {
      if (!config.submitKey) throw new PartnerError('REDRESS_STOPNCII_SUBMIT_KEY is not set', true);
      const stamp = Math.floor(now.getTime() / 1000);
      const hashRecords = items.map((i) => ({
        lastModtimestamp: stamp,
        signalType: i.signalType,
        hashValue: i.hashValue,
        CSPFeedbacks: [{ tags: [], feedbackValue: 'Blocked' }],
      }));
      await call('SubmitHashes', config.submitKey, {
        method: 'POST',
        body: JSON.stringify({ count: hashRecords.length, hashRecords }),
      });
    },
  };
}

export type StopNCIIClient = ReturnType<typeof stopnciiClient>;
