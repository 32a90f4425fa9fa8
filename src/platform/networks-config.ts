/**
 * Settings of the hash-network exchanges, parsed from the environment map src/config.ts hands over
 * (this module never reads `process.env` itself): StopNCII's partner API, NCMEC's hash-sharing
 * API, the signed federation feed this instance publishes, and which addresses partner endpoints
 * may be on. A partner left unconfigured is simply not fetched.
 */

export interface StopNCIIConfig {
  /** REDRESS_STOPNCII_URL: base of the partner API, e.g. https://api.stopncii.org/v1. */
  readonly url: string;
  /** REDRESS_STOPNCII_SUBSCRIPTION_KEY: the API gateway's key (Ocp-Apim-Subscription-Key). */
  readonly subscriptionKey: string;
  /** REDRESS_STOPNCII_FETCH_KEY: the function key of FetchHashes. */
  readonly fetchKey: string;
  /** REDRESS_STOPNCII_FEEDBACK_KEY: the function key of SubmitFeedback; unset = no feedback sent. */
  readonly feedbackKey: string | undefined;
  /** REDRESS_STOPNCII_SUBMIT_KEY: the function key of SubmitHashes; unset = nothing uploaded. */
  readonly submitKey: string | undefined;
  /** REDRESS_STOPNCII_UPLOAD_BANK: a bank whose locally sourced entries are uploaded (with the submit key). */
  readonly uploadBank: string | undefined;
  /** REDRESS_STOPNCII_INTERVAL_S: seconds between fetches; default 300. */
  readonly intervalS: number;
}

export interface NcmecConfig {
  /** REDRESS_NCMEC_URL: the environment's base, e.g. https://report.cybertip.org/hashsharing. */
  readonly url: string;
  /** REDRESS_NCMEC_USERNAME / REDRESS_NCMEC_PASSWORD: HTTP basic credentials. */
  readonly username: string;
  readonly password: string;
  /** REDRESS_NCMEC_INTERVAL_S: seconds between fetches; default 900. */
  readonly intervalS: number;
}

export interface NetworksConfig {
  readonly stopncii: StopNCIIConfig | undefined;
  readonly ncmec: NcmecConfig | undefined;
  /** REDRESS_NETWORK_ALLOWED_SUBNETS: CIDRs partner and federation endpoints may be on besides
   *  public addresses (a simulator on loopback: 127.0.0.0/8). Unset: public addresses only. */
  readonly allowedSubnets: readonly string[];
  /** REDRESS_NETWORK_ALLOWED_HOSTS: when set, the only host names partner and federation calls reach. */
  readonly allowedHosts: readonly string[];
  /** REDRESS_FEDERATION_KEY_ID: the signing key this instance's feed is signed with; default
   *  `federation/v1`. Rotate by naming a new one and listing the old in the next setting. */
  readonly federationKeyId: string;
  /** REDRESS_FEDERATION_PREVIOUS_KEY_IDS: older key ids still published for subscribers to verify. */
  readonly federationPreviousKeyIds: readonly string[];
  /** REDRESS_FEDERATION_PUBLISH_BANKS: banks this instance publishes as signed feeds; default none. */
  readonly federationPublishBanks: readonly string[];
  /** REDRESS_QUARANTINE_UPLOADERS: an entry blocking this many different uploaders within a minute is
   *  quarantined (its matches go to review) and its source flagged; default 50. */
  readonly quarantineUploaders: number;
  /** REDRESS_NETWORK_QUALITY_FLOOR: an upload whose PDQ quality is below this never blocks on a hash
   *  from a network or partner (it goes to review); default 50. */
  readonly qualityFloor: number;
  /** REDRESS_REVIEW_ONLY_AFTER_DISMISSALS: a network whose matches were dismissed this many times drops
   *  to review-only; default 5. */
  readonly reviewOnlyAfterDismissals: number;
  /** REDRESS_FEDERATION_INTERVAL_S: seconds between fetches of each subscribed feed; default 300. */
  readonly federationIntervalS: number;
}

type Env = Record<string, string | undefined>;

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function seconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 86_400) throw new Error(`${name} must be an integer 1..86400`);
  return n;
}

function baseUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} must be an http(s) URL`);
  return raw.replace(/\/+$/, '');
}

function required(env: Env, name: string, because: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is required when ${because} is set`);
  return value;
}

const KEY_ID = /^[a-z0-9][a-z0-9/._-]{0,63}$/;

export function parseNetworksConfig(env: Env): NetworksConfig {
  const stopnciiUrl = baseUrl(env, 'REDRESS_STOPNCII_URL');
  const ncmecUrl = baseUrl(env, 'REDRESS_NCMEC_URL');
  const rawFloor = env.REDRESS_NETWORK_QUALITY_FLOOR?.trim();
  const floor = rawFloor ? Number(rawFloor) : 50;
  if (!Number.isInteger(floor) || floor < 0 || floor > 100)
    throw new Error('REDRESS_NETWORK_QUALITY_FLOOR must be an integer 0..100');
  const keyId = env.REDRESS_FEDERATION_KEY_ID?.trim() || 'federation/v1';
  const previous = list(env.REDRESS_FEDERATION_PREVIOUS_KEY_IDS);
  for (const id of [keyId, ...previous])
    if (!KEY_ID.test(id))
      throw new Error(`REDRESS_FEDERATION_KEY_ID: "${id}" is not a key id (a-z, 0-9, / . _ -)`);
  return Object.freeze({
    stopncii: stopnciiUrl
      ? {
          url: stopnciiUrl,
          subscriptionKey: required(env, 'REDRESS_STOPNCII_SUBSCRIPTION_KEY', 'REDRESS_STOPNCII_URL'),
          fetchKey: required(env, 'REDRESS_STOPNCII_FETCH_KEY', 'REDRESS_STOPNCII_URL'),
          feedbackKey: env.REDRESS_STOPNCII_FEEDBACK_KEY?.trim() || undefined,
          submitKey: env.REDRESS_STOPNCII_SUBMIT_KEY?.trim() || undefined,
          uploadBank: env.REDRESS_STOPNCII_UPLOAD_BANK?.trim() || undefined,
          intervalS: seconds(env, 'REDRESS_STOPNCII_INTERVAL_S', 300),
        }
      : undefined,
    ncmec: ncmecUrl
      ? {
          url: ncmecUrl,
          username: required(env, 'REDRESS_NCMEC_USERNAME', 'REDRESS_NCMEC_URL'),
          password: required(env, 'REDRESS_NCMEC_PASSWORD', 'REDRESS_NCMEC_URL'),
          intervalS: seconds(env, 'REDRESS_NCMEC_INTERVAL_S', 900),
        }
      : undefined,
    allowedSubnets: list(env.REDRESS_NETWORK_ALLOWED_SUBNETS),
    allowedHosts: list(env.REDRESS_NETWORK_ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    federationKeyId: keyId,
    federationPreviousKeyIds: previous,
    federationPublishBanks: list(env.REDRESS_FEDERATION_PUBLISH_BANKS).map((b) => b.toLowerCase()),
    quarantineUploaders: seconds(env, 'REDRESS_QUARANTINE_UPLOADERS', 50),
    qualityFloor: floor,
    reviewOnlyAfterDismissals: seconds(env, 'REDRESS_REVIEW_ONLY_AFTER_DISMISSALS', 5),
    federationIntervalS: seconds(env, 'REDRESS_FEDERATION_INTERVAL_S', 300),
  });
}
