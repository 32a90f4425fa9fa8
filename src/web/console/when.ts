/**
 * Times on console pages, readable and unambiguous: "Fri 4 Dec 2026, 15:09 UTC". Staff work across
 * time zones and the 48-hour clock is in UTC, so the console names UTC rather than guessing.
 */
const FORMAT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '—' : `${FORMAT.format(t)} UTC`;
}

/** Who a staff actor is, for people: the account's address, "you", or what kind of key it was. */
export function staffName(
  actor: string | null | undefined,
  /** User id -> address, and `apikey:<id>` -> the key's name. */
  emails: ReadonlyMap<string, string>,
  me: string | null,
): string {
  if (!actor) return 'nobody';
  const id = actor.startsWith('user:') ? actor.slice(5) : actor;
  if (me && id === me) return 'you';
  const known = emails.get(id) ?? emails.get(actor);
  if (known) return known;
  if (actor === 'requester') return 'the requester';
  if (actor === 'system') return 'Redress (automatic)';
  if (actor.startsWith('apikey:')) return 'the platform (API key)';
  if (actor.startsWith('cli:')) return `${actor.slice(4)} (command line)`;
  return 'a former staff account';
}
