/**
 * Settings of the CyberTipline reporting service (REDRESS_CYBERTIPLINE_*), parsed from the
 * environment map src/config.ts hands over. Without a username and password no report is sent:
 * the reports wait and the console says so.
 */
export interface CyberTiplineConfig {
  /** REDRESS_CYBERTIPLINE_URL: the service's base; default NCMEC's production
   *  https://report.cybertip.org/ispws (test: https://exttest.cybertip.org/ispws). */
  readonly url: string;
  /** REDRESS_CYBERTIPLINE_USERNAME and _PASSWORD: the operator's registered ESP credentials. */
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** REDRESS_CYBERTIPLINE_TIMEOUT_MS: how long one call may take; default 30000. */
  readonly timeoutMs: number;
}

type Env = Record<string, string | undefined>;

export function parseCyberTiplineConfig(env: Env): CyberTiplineConfig {
  const url = (env.REDRESS_CYBERTIPLINE_URL || 'https://report.cybertip.org/ispws').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new Error('REDRESS_CYBERTIPLINE_URL must be an http(s) URL');
  const username = env.REDRESS_CYBERTIPLINE_USERNAME || undefined;
  const password = env.REDRESS_CYBERTIPLINE_PASSWORD || undefined;
  if (Boolean(username) !== Boolean(password)) {
    throw new Error('REDRESS_CYBERTIPLINE_USERNAME and REDRESS_CYBERTIPLINE_PASSWORD go together');
  }
  const rawTimeout = env.REDRESS_CYBERTIPLINE_TIMEOUT_MS;
  const timeoutMs = rawTimeout ? Number(rawTimeout) : 30_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
    throw new Error('REDRESS_CYBERTIPLINE_TIMEOUT_MS must be an integer 100..600000');
  }
  return { url, username, password, timeoutMs };
}
