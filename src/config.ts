/**
 * Every setting of the service, parsed and validated once into a frozen object. This is the
 * only module that reads `process.env`; everything else receives a `Config`. A bad value fails
 * fast with the variable's name, so a misconfigured deployment never starts half-working.
 */
import path from 'node:path';
import { APPEAL_WINDOW_DAYS } from './domain/request.ts';
import { parseAuditWitnessConfig } from './platform/audit-witness-config.ts';
import type { AuditWitnessConfig } from './platform/audit-witness-config.ts';
import { parseCopiesConfig } from './platform/copies-config.ts';
import { parseCyberTiplineConfig } from './platform/cybertipline-config.ts';
import type { CyberTiplineConfig } from './platform/cybertipline-config.ts';
import type { CopiesConfig } from './platform/copies-config.ts';
import { parseNetworksConfig } from './platform/networks-config.ts';
import type { NetworksConfig } from './platform/networks-config.ts';
import { parseWebConfig } from './web/config.ts';
import type { WebConfig } from './web/config.ts';

export interface EscalationHours {
  readonly triage: number;
  readonly decision: number;
  readonly removal: number;
  readonly alarm: number;
}

export interface Config {
  /** REDRESS_DATA_DIR: folder of the embedded database, generated key; default ./redress-data. */
  readonly dataDir: string;
  /** DATABASE_URL: PostgreSQL connection string; unset = embedded SQLite in the data folder. */
  readonly databaseUrl: string | undefined;
  /** REDRESS_DB_SCHEMA: PostgreSQL schema (search_path) to use, created if missing; default public. */
  readonly databaseSchema: string | undefined;
  /** REDRESS_SECRET_KEY: 32-byte key (base64 or hex) for personal data at rest. Unset with SQLite:
   *  generated into the data folder on first run. Required with PostgreSQL. */
  readonly secretKey: string | undefined;
  /** REDRESS_HOST / REDRESS_PORT: where `serve` listens; default 127.0.0.1:8080. */
  readonly host: string;
  readonly port: number;
  /** REDRESS_PROCESSES: HTTP processes `serve` runs on the one port (each holds its own bank index,
   *  rate limits and challenge memory); default 1. Set it to the core count for checks at scale. */
  readonly processes: number;
  /** REDRESS_PUBLIC_URL: base of links in emails; default http://HOST:PORT. */
  readonly publicUrl: string;
  /** Whether REDRESS_PUBLIC_URL was set (the default is useless off loopback: `serve` warns). */
  readonly publicUrlSet: boolean;
  /** SMTP_URL: e.g. smtp://user:pass@mail.example:587; unset = emails are logged, not sent. */
  readonly smtpUrl: string | undefined;
  /** REDRESS_MAIL_FROM: sender address of every email. */
  readonly mailFrom: string;
  /** REDRESS_STAFF_EMAILS: comma-separated on-call addresses for escalations (D2). */
  readonly staffEmails: readonly string[];
  /** REDRESS_ADMIN_EMAIL: the account created on first run; default admin@localhost. */
  readonly adminEmail: string;
  /** REDRESS_ESCALATION_HOURS: triage,decision,removal,alarm in hours; default 12,24,36,44 (D2). */
  readonly escalationHours: EscalationHours;
  /** REDRESS_APPEAL_TARGET_DAYS: days within which an appeal should be decided (default 7). */
  readonly appealTargetDays: number;
  /** REDRESS_INTAKE_RATE_LIMIT: public submissions per minute per address; 0 disables (G3). */
  readonly intakeRateLimit: number;
  /**
   * REDRESS_RETENTION_DAYS: days after a case closes before its requester's personal data is
   * purged; default 365, 0 keeps it forever.
   */
  readonly retentionDays: number;
  /** REDRESS_LOG_LEVEL: pino level; default info. */
  readonly logLevel: string;
  /** REDRESS_SQLITE_SYNCHRONOUS: FULL (default, durable receipts, C3) or NORMAL. */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** REDRESS_JOB_STALE_AFTER_S: a job claimed by a worker that has not finished it after this
   *  long is taken over by another (its worker is presumed dead); default 300. */
  readonly jobStaleAfterMs: number;
  /** REDRESS_METRICS_TOKEN: bearer token for Prometheus at /metrics; unset = no /metrics. */
  readonly metricsToken: string | undefined;
  /** REDRESS_TRUST_PROXY: addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed
   *  (comma-separated), so rate limits see the client; unset = the connecting address counts. */
  readonly trustProxy: string | undefined;
  /** REDRESS_REVEALS_BEFORE_BREAK: previews a reviewer reveals in a day before the console
   *  suggests a break; default 40. */
  readonly revealsBeforeBreak: number;
  /** The public pages' branding and anti-flood settings (REDRESS_PLATFORM_*, see src/web/config.ts). */
  readonly web: WebConfig;
  /** Registry fetching, check uploads, index sync and webhooks (REDRESS_FETCH_*, see src/platform/copies-config.ts). */
  readonly copies: CopiesConfig;
  /** Audit checkpoints and their witnesses (REDRESS_AUDIT_*, see src/platform/audit-witness-config.ts). */
  readonly auditWitness: AuditWitnessConfig;
  /** StopNCII, NCMEC and federation exchanges (REDRESS_STOPNCII_*, REDRESS_NCMEC_*, see src/platform/networks-config.ts). */
  readonly networks: NetworksConfig;
  /** NCMEC's CyberTipline reporting service (REDRESS_CYBERTIPLINE_*, see src/platform/cybertipline-config.ts). */
  readonly cybertipline: CyberTiplineConfig;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/** Never shorter than the appeal window: an appeal needs the requester's contact and statement. */
function parseRetentionDays(env: Env): number {
  const days = intVar(env, 'REDRESS_RETENTION_DAYS', 365, 0, 36_500);
  if (days !== 0 && days < APPEAL_WINDOW_DAYS) {
    throw new ConfigError(
      `REDRESS_RETENTION_DAYS must be 0 (keep) or at least ${APPEAL_WINDOW_DAYS}, the appeal window`,
    );
  }
  return days;
}

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function parseEscalation(raw: string | undefined): EscalationHours {
  if (raw === undefined || raw === '') return { triage: 12, decision: 24, removal: 36, alarm: 44 };
  const parts = raw.split(',').map((p) => Number(p.trim()));
  const ascending = parts.every((p, i) => i === 0 || p > parts[i - 1]);
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p) || p <= 0 || p >= 48) || !ascending) {
    throw new ConfigError(`REDRESS_ESCALATION_HOURS must be four ascending hours below 48, got "${raw}"`);
  }
  return { triage: parts[0], decision: parts[1], removal: parts[2], alarm: parts[3] };
}

function optionalSecret(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) throw new ConfigError(`${name} must be at least 16 characters`);
  return raw;
}

function parseTrustProxy(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)(\/\d{1,3})?$/;
  const bad = parts.find((p) => !address.test(p));
  if (bad !== undefined) {
    throw new ConfigError(`REDRESS_TRUST_PROXY lists addresses or CIDRs of proxies, got "${bad}"`);
  }
  return parts.join(',');
}

/** Reads the environment (or the given map) once; `overrides` come from command-line flags. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const host = overrides.host ?? env.REDRESS_HOST ?? '127.0.0.1';
  const port = overrides.port ?? intVar(env, 'REDRESS_PORT', 8080, 0, 65535);
  const schema = env.REDRESS_DB_SCHEMA;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError('REDRESS_DB_SCHEMA must be a lower-case SQL identifier');
  }
  if (env.REDRESS_PUBLIC_URL && !/^https?:\/\/[^\s/]+/.test(env.REDRESS_PUBLIC_URL)) {
    throw new ConfigError('REDRESS_PUBLIC_URL must be an http:// or https:// address');
  }
  const sync = env.REDRESS_SQLITE_SYNCHRONOUS ?? 'FULL';
  if (sync !== 'FULL' && sync !== 'NORMAL')
    throw new ConfigError('REDRESS_SQLITE_SYNCHRONOUS is FULL or NORMAL');
  const config: Config = {
    dataDir: path.resolve(env.REDRESS_DATA_DIR ?? './redress-data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseSchema: schema,
    secretKey: env.REDRESS_SECRET_KEY || undefined,
    host,
    port,
    processes: intVar(env, 'REDRESS_PROCESSES', 1, 1, 64),
    publicUrl: (env.REDRESS_PUBLIC_URL || `http://${host}:${port}`).replace(/\/$/, ''),
    publicUrlSet: Boolean(env.REDRESS_PUBLIC_URL),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.REDRESS_MAIL_FROM ?? 'Redress <no-reply@localhost>',
    staffEmails: (env.REDRESS_STAFF_EMAILS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    adminEmail: env.REDRESS_ADMIN_EMAIL ?? 'admin@localhost',
    escalationHours: parseEscalation(env.REDRESS_ESCALATION_HOURS),
    appealTargetDays: intVar(env, 'REDRESS_APPEAL_TARGET_DAYS', 7, 1, 180),
    intakeRateLimit: intVar(env, 'REDRESS_INTAKE_RATE_LIMIT', 30, 0, 1_000_000),
    retentionDays: parseRetentionDays(env),
    logLevel: env.REDRESS_LOG_LEVEL ?? 'info',
    sqliteSynchronous: sync,
    jobStaleAfterMs: intVar(env, 'REDRESS_JOB_STALE_AFTER_S', 300, 1, 86_400) * 1000,
    metricsToken: optionalSecret(env, 'REDRESS_METRICS_TOKEN'),
    trustProxy: parseTrustProxy(env.REDRESS_TRUST_PROXY),
    revealsBeforeBreak: intVar(env, 'REDRESS_REVEALS_BEFORE_BREAK', 40, 1, 100_000),
    web: parseWebConfig(env),
    copies: parseCopiesConfig(env),
    auditWitness: parseAuditWitnessConfig(env),
    networks: parseNetworksConfig(env),
    cybertipline: parseCyberTiplineConfig(env),
    ...overrides,
  };
  if (overrides.dataDir) Object.assign(config, { dataDir: path.resolve(overrides.dataDir) });
  return Object.freeze(config);
}
