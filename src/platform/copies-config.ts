/**
 * Settings of the copies and stay-down layer, parsed from the environment map src/config.ts hands
 * over (this module never reads `process.env` itself): what Redress may fetch from the platform
 * (SSRF limits), how large uploads to /api/v1/check may be, how often the bank index follows the
 * database, and webhook time-outs.
 */
import { BANK_NAME_RULE, isBankName } from '../domain/bank-name.ts';

export interface CopiesConfig {
  /** REDRESS_FETCH_ALLOWED_HOSTS: comma-separated host names media may be fetched from; empty = any public host. */
  readonly fetchAllowedHosts: readonly string[];
  /** REDRESS_FETCH_ALLOWED_SUBNETS: CIDRs exempt from the private/loopback refusal (e.g. 10.1.0.0/16). */
  readonly fetchAllowedSubnets: readonly string[];
  /** REDRESS_FETCH_MAX_BYTES: largest media fetched or uploaded; default 20 MiB. */
  readonly maxMediaBytes: number;
  /** REDRESS_FETCH_TIMEOUT_MS: whole-fetch time limit; default 10000. */
  readonly fetchTimeoutMs: number;
  /** REDRESS_INDEX_POLL_MS: how often each process applies bank changes; default 1000. */
  readonly indexPollMs: number;
  /** REDRESS_WEBHOOK_ALLOWED_HOSTS: comma-separated host names webhook endpoints may use; empty = any public host. */
  readonly webhookAllowedHosts: readonly string[];
  /** REDRESS_WEBHOOK_ALLOWED_SUBNETS: CIDRs of private receivers webhooks may reach (e.g. 10.1.0.0/16);
   *  link-local and cloud metadata addresses stay refused. */
  readonly webhookAllowedSubnets: readonly string[];
  /** REDRESS_WEBHOOK_TIMEOUT_MS: how long a webhook endpoint has to answer; default 10000. */
  readonly webhookTimeoutMs: number;
  /** REDRESS_TAKEDOWN_BANK: the bank removed items' hashes go to; default "takedowns". */
  readonly takedownBank: string;
  /** REDRESS_HASH_THREADS: worker threads hashing uploads to /api/v1/check; default one per CPU
   *  (at most 4); 0 hashes on the main thread. */
  readonly hashThreads: number | undefined;
  /** REDRESS_UPLOAD_MATCHING: what an upload is checked with. `edits` (default): plain PDQ in 8
   *  orientations and @redress/match's derived hashes, which catch borders, crops and tilts;
   *  `plain`: the 8 orientations only, as HMA and StopNCII match, at about half the CPU. */
  readonly uploadMatching: UploadMatching;
}

export type UploadMatching = 'edits' | 'plain';

type Env = Record<string, string | undefined>;

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer ${min}..${max}`);
  return n;
}

export function parseCopiesConfig(env: Env): CopiesConfig {
  return Object.freeze({
    fetchAllowedHosts: list(env.REDRESS_FETCH_ALLOWED_HOSTS),
    fetchAllowedSubnets: list(env.REDRESS_FETCH_ALLOWED_SUBNETS),
    maxMediaBytes: int(env, 'REDRESS_FETCH_MAX_BYTES', 20 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    fetchTimeoutMs: int(env, 'REDRESS_FETCH_TIMEOUT_MS', 10_000, 100, 300_000),
    indexPollMs: int(env, 'REDRESS_INDEX_POLL_MS', 1000, 50, 60_000),
    webhookAllowedHosts: list(env.REDRESS_WEBHOOK_ALLOWED_HOSTS),
    webhookAllowedSubnets: list(env.REDRESS_WEBHOOK_ALLOWED_SUBNETS),
    webhookTimeoutMs: int(env, 'REDRESS_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    takedownBank: takedownBank(env.REDRESS_TAKEDOWN_BANK),
    hashThreads: env.REDRESS_HASH_THREADS ? int(env, 'REDRESS_HASH_THREADS', 0, 0, 64) : undefined,
    uploadMatching: uploadMatching(env.REDRESS_UPLOAD_MATCHING),
  });
}

function takedownBank(raw: string | undefined): string {
  const name = raw?.trim() || 'takedowns';
  if (!isBankName(name)) throw new Error(`REDRESS_TAKEDOWN_BANK: ${BANK_NAME_RULE}`);
  return name;
}

function uploadMatching(raw: string | undefined): UploadMatching {
  const value = raw?.trim() || 'edits';
  if (value !== 'edits' && value !== 'plain') throw new Error('REDRESS_UPLOAD_MATCHING is edits or plain');
  return value;
}
