/**
 * Settings of the web pages, parsed from the environment map that src/config.ts hands over (this
 * module never reads `process.env` itself). Operators brand the public notice with these.
 */
export interface WebConfig {
  /** REDRESS_PLATFORM_NAME: the platform's name as people know it; default "this platform". */
  readonly platformName: string | null;
  /** REDRESS_PLATFORM_LOGO: same-origin path or data: URL of a logo (the CSP allows no others). */
  readonly logoUrl: string | null;
  /** REDRESS_PLATFORM_CONTACT: an email address or URL for questions about the process. */
  readonly contact: string | null;
  /** REDRESS_NOTICE_EXTRA: a paragraph of the operator's own, shown on the notice (plain text). */
  readonly noticeExtra: string | null;
  /** REDRESS_UNPROVEN_INTAKE_LIMIT: web submissions per 10 minutes per address without the
   *  browser's proof-of-work (no JavaScript); default 5, 0 = unlimited. Never blocks a solved one. */
  readonly unprovenIntakeLimit: number;
  /** REDRESS_POW_BITS: leading zero bits the browser's proof-of-work needs; default 16 (~1 s). */
  readonly powBits: number;
}

type Env = Record<string, string | undefined>;

const text = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

function int(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${name} must be an integer 0..${max}`);
  return n;
}

export function parseWebConfig(env: Env): WebConfig {
  return Object.freeze({
    platformName: text(env.REDRESS_PLATFORM_NAME),
    logoUrl: text(env.REDRESS_PLATFORM_LOGO),
    contact: text(env.REDRESS_PLATFORM_CONTACT),
    noticeExtra: text(env.REDRESS_NOTICE_EXTRA),
    unprovenIntakeLimit: int(env, 'REDRESS_UNPROVEN_INTAKE_LIMIT', 5, 100_000),
    powBits: int(env, 'REDRESS_POW_BITS', 16, 28),
  });
}
