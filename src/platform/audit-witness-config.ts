/**
 * Settings of the audit log's checkpoints and witnesses, parsed from the environment map
 * src/config.ts hands over (this module never reads `process.env` itself).
 */
import path from 'node:path';

export interface TrustedPeer {
  readonly name: string;
  /** The peer's checkpoint public key (`redress audit public-key` on the peer), raw base64url. */
  readonly publicKey: string;
}

export interface AuditWitnessConfig {
  /** REDRESS_AUDIT_WITNESS_FILE: NDJSON file, best on another volume, each checkpoint appended as a
   *  line; also the first place `audit verify` looks for the latest checkpoint. */
  readonly witnessFile: string | undefined;
  /** REDRESS_AUDIT_WITNESS_URLS: comma-separated URLs each checkpoint is POSTed to (a webhook, or
   *  another Redress's `/api/v1/audit/witness`). */
  readonly witnessUrls: readonly string[];
  /** REDRESS_AUDIT_WITNESS_FOR: `name=publicKey,...`, the peers whose checkpoints this instance keeps. */
  readonly trustedPeers: readonly TrustedPeer[];
  /** REDRESS_AUDIT_CHECKPOINT_MINUTES: a checkpoint at least this often while events arrive; default 60. */
  readonly checkpointMinutes: number;
  /** REDRESS_AUDIT_CHECKPOINT_EVENTS: and after this many events; default 1000. */
  readonly checkpointEvents: number;
  /** REDRESS_AUDIT_WITNESS_TIMEOUT_MS: how long a witness URL has to answer; default 10000. */
  readonly witnessTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer ${min}..${max}`);
  return n;
}

function urls(raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of list) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new Error(`REDRESS_AUDIT_WITNESS_URLS: "${u}" is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw new Error('REDRESS_AUDIT_WITNESS_URLS takes http(s) URLs');
  }
  return list;
}

function peers(raw: string | undefined): TrustedPeer[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, publicKey] = entry.split('=', 2);
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name ?? '') || !/^[\w-]{43}$/.test(publicKey ?? ''))
        throw new Error(
          'REDRESS_AUDIT_WITNESS_FOR is name=publicKey,... (lower-case name, 43-character key)',
        );
      return { name, publicKey };
    });
}

export function parseAuditWitnessConfig(env: Env): AuditWitnessConfig {
  return Object.freeze({
    witnessFile: env.REDRESS_AUDIT_WITNESS_FILE ? path.resolve(env.REDRESS_AUDIT_WITNESS_FILE) : undefined,
    witnessUrls: urls(env.REDRESS_AUDIT_WITNESS_URLS),
    trustedPeers: peers(env.REDRESS_AUDIT_WITNESS_FOR),
    checkpointMinutes: int(env, 'REDRESS_AUDIT_CHECKPOINT_MINUTES', 60, 1, 7 * 24 * 60),
    checkpointEvents: int(env, 'REDRESS_AUDIT_CHECKPOINT_EVENTS', 1000, 1, 10_000_000),
    witnessTimeoutMs: int(env, 'REDRESS_AUDIT_WITNESS_TIMEOUT_MS', 10_000, 100, 120_000),
  });
}
