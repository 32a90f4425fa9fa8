/**
 * Talks to NCMEC's CyberTipline reporting service with the operator's credentials (HTTP basic
 * auth): POST /submit with the report XML answers a report id, POST /finish with that id closes
 * it (no files are uploaded, so /upload and /fileinfo are never called). Only the configured URL
 * is ever contacted. Every answer is the documented
 * `<reportResponse><responseCode>..</responseCode>..<reportId>..</reportId></reportResponse>`;
 * a code other than 0, a non-2xx status or no answer is an error the outbox retries.
 */
import type { CyberTiplineConfig } from './cybertipline-config.ts';

export class CyberTiplineError extends Error {
  constructor(
    message: string,
    /** Wrong credentials: no retry fixes them until the operator does. */
    readonly unauthorised = false,
  ) {
    super(message);
    this.name = 'CyberTiplineError';
  }
}

export interface CyberTiplineClient {
  readonly configured: boolean;
  submit(reportXml: string): Promise<string>;
  finish(reportId: string): Promise<void>;
}

function tag(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1]?.trim();
}

export function createCyberTiplineClient(config: CyberTiplineConfig): CyberTiplineClient {
  const auth =
    config.username && config.password
      ? `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`
      : undefined;

  async function call(endpoint: string, body: string, contentType: string) {
    if (!auth) throw new CyberTiplineError('no CyberTipline credentials configured');
    let response: Response;
    try {
      response = await fetch(`${config.url}/${endpoint}`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': contentType },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      throw new CyberTiplineError(`CyberTipline ${endpoint} unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (response.status === 401) throw new CyberTiplineError('CyberTipline refused the credentials', true);
    const code = tag(text, 'responseCode');
    if (!response.ok || code !== '0') {
      const description = tag(text, 'responseDescription') ?? '';
      throw new CyberTiplineError(
        `CyberTipline ${endpoint} answered ${response.status} code ${code ?? 'none'} ${description}`.trim(),
      );
    }
    return text;
  }

  return {
    configured: auth !== undefined,
    async submit(reportXml) {
      const answer = await call('submit', reportXml, 'text/xml; charset=utf-8');
      const id = tag(answer, 'reportId');
      if (!id || !/^\d+$/.test(id)) throw new CyberTiplineError('CyberTipline submit answered no report id');
      return id;
    },
    async finish(reportId) {
      await call(
        'finish',
        new URLSearchParams({ id: reportId }).toString(),
        'application/x-www-form-urlencoded',
      );
    },
  };
}
