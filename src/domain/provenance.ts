/**
 * Where a bank entry's hashes came from, in words a moderator or a platform reads with a match:
 * a removal request here, a partner list or hash network (StopNCII, NCMEC, another Redress's
 * signed feed, with where that one had it from), the command line or the API.
 */
const NETWORKS: Record<string, string> = { stopncii: 'StopNCII.org', ncmec: 'NCMEC hash sharing' };

export interface EntrySource {
  kind: string;
  ref: string | null;
  label: string | null;
}

/** The partner or network's name (`stopncii`, a subscription's name), or null for local entries. */
export function sourceName(source: EntrySource): string | null {
  if (source.kind !== 'import' || !source.ref) return null;
  const at = source.ref.indexOf('#');
  return at > 0 ? source.ref.slice(0, at) : null;
}

export function describeSource(source: EntrySource): string {
  const name = sourceName(source);
  if (name) {
    const network = NETWORKS[name] ?? `partner "${name}"`;
    // An entry from a federation feed carries what the publisher said of its origin as its label.
    return source.label ? `${network} (${source.label})` : network;
  }
  if (source.kind === 'request') return 'a removal request here';
  if (source.kind === 'cli') return 'the command line';
  if (source.kind === 'api') return 'the API';
  return source.kind;
}
