/**
 * Hash lists from partners (E4): what `redress bank import` reads. Two shapes, told by the first
 * character:
 * - a bank export of another Redress (`GET /api/v1/banks/{name}/export`): one page, an array of
 *   pages, or one page per line as a paging loop writes them; each entry keeps the partner's entry
 *   id, its hashes and whether it was withdrawn;
 * - a plain list, one hash per line: `HEX` or `HEX,QUALITY`, or with its kind first as HMA's file
 *   exchange writes it (`pdq HEX`, `md5 HEX`, which is what StopNCII shares for video); `#`
 *   comments and blank lines skipped. Each hash is its own entry, named by itself.
 * The whole list is checked before anything is written: a bad line names itself and nothing is
 * imported.
 */
import { AppError } from './errors.ts';

export type HashKind = 'pdq' | 'vpdq' | 'sha256' | 'md5';
/** Kinds a plain list may hold: a video's frames only make sense together, as an export lists them. */
export type PlainKind = Exclude<HashKind, 'vpdq'>;

export const HEX_DIGITS: Record<HashKind, number> = { pdq: 64, vpdq: 64, sha256: 64, md5: 32 };
/** The variant a hash given without one is stored as; `i` is its place among its entry's hashes. */
export function defaultVariant(kind: HashKind, i: number): string {
  return kind === 'pdq' ? 'original' : kind === 'vpdq' ? `frame#${i}` : 'file';
}

export interface ListedHash {
  kind: HashKind;
  value: string;
  variant: string;
  quality: number | null;
  /** Match-pipeline version of a derived PDQ variant, as the export lists it. */
  pipeline?: number;
}

export interface ListedEntry {
  /** The partner's name for the entry: its entry id, or the hash itself in a plain list. */
  ref: string;
  withdrawn: boolean;
  hashes: ListedHash[];
  /** What the partner says of the entry's origin (a federated feed's `origin`), kept as its label. */
  label?: string;
}

const HEX = /^[0-9a-f]+$/;

/** Reads a list; `plainKind` says what a plain list's hashes without a kind are (64 hex digits fit PDQ and SHA-256). */
export function parseHashList(text: string, plainKind: PlainKind = 'pdq'): ListedEntry[] {
  const start = text.trimStart()[0];
  return start === '{' || start === '[' ? parseExport(text) : parsePlain(text, plainKind);
}

const PLAIN_KINDS: readonly string[] = ['pdq', 'md5', 'sha256'] satisfies PlainKind[];

function parsePlain(text: string, defaultKind: PlainKind): ListedEntry[] {
  const seen = new Set<string>();
  const out: ListedEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const tokens = line.split(/\s*[,\s]\s*/);
    const named = PLAIN_KINDS.includes(tokens[0].toLowerCase());
    const kind = named ? (tokens.shift()!.toLowerCase() as PlainKind) : defaultKind;
    const [hex, quality, ...rest] = tokens;
    const value = (hex ?? '').toLowerCase();
    const where = `line ${i + 1}`;
    checkHex(kind, value, where);
    const q = quality === undefined ? null : Number(quality);
    if (rest.length > 0 || (q !== null && !(Number.isInteger(q) && q >= 0 && q <= 100))) {
      throw invalid(`${where}: expected [KIND] HEX [QUALITY (0-100)]`);
    }
    if (seen.has(value)) return;
    seen.add(value);
    out.push({
      ref: value,
      withdrawn: false,
      hashes: [{ kind, value, variant: defaultVariant(kind, 0), quality: q }],
    });
  });
  return out;
}

function parseExport(text: string): ListedEntry[] {
  let pages: unknown[];
  try {
    const whole: unknown = JSON.parse(text);
    pages = Array.isArray(whole) ? whole : [whole];
  } catch {
    pages = text
      .split('\n')
      .map((line, i) => ({ line: line.trim(), i }))
      .filter(({ line }) => line !== '')
      .map(({ line, i }) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw invalid(`line ${i + 1}: not JSON (a bank export page per line, or one JSON document)`);
        }
      });
  }
  const out = new Map<string, ListedEntry>();
  pages.forEach((page, p) => {
    const entries = (page as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(entries)) throw invalid(`page ${p + 1}: no "entries" list (is it a bank export?)`);
    for (const entry of entries) {
      const listed = exportEntry(entry, `page ${p + 1}`);
      out.set(listed.ref, listed); // a later page has the newer state of an entry
    }
  });
  return [...out.values()];
}

function exportEntry(raw: unknown, page: string): ListedEntry {
  const e = (raw ?? {}) as { entry?: unknown; withdrawnAt?: unknown; hashes?: unknown };
  if (typeof e.entry !== 'string' || e.entry === '' || e.entry.length > 100) {
    throw invalid(`${page}: an entry without an "entry" id`);
  }
  const where = `${page}, entry ${e.entry}`;
  if (!Array.isArray(e.hashes) || e.hashes.length === 0) throw invalid(`${where}: no hashes`);
  const hashes = e.hashes.map(
    (h: { kind?: unknown; value?: unknown; variant?: unknown; pipeline?: unknown }, i) => {
      const kind = h?.kind as HashKind;
      if (!(kind in HEX_DIGITS)) throw invalid(`${where}: unknown hash kind ${JSON.stringify(h?.kind)}`);
      const value = String(h.value ?? '').toLowerCase();
      checkHex(kind, value, where);
      const variant = h.variant === undefined ? defaultVariant(kind, i) : String(h.variant).slice(0, 40);
      const pipeline = h.pipeline === undefined ? undefined : Number(h.pipeline);
      if (pipeline !== undefined && !(Number.isInteger(pipeline) && pipeline >= 1)) {
        throw invalid(`${where}: "pipeline" is a version number from 1`);
      }
      return { kind, value, variant, quality: null, ...(pipeline === undefined ? {} : { pipeline }) };
    },
  );
  return { ref: e.entry, withdrawn: e.withdrawnAt !== null && e.withdrawnAt !== undefined, hashes };
}

function checkHex(kind: HashKind, value: string, where: string): void {
  if (value.length !== HEX_DIGITS[kind] || !HEX.test(value)) {
    throw invalid(`${where}: ${kind} hashes are ${HEX_DIGITS[kind]} hex digits`);
  }
}

const invalid = (message: string) => new AppError('invalid_input', message);
