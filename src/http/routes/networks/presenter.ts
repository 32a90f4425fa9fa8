/** What the hash-network endpoints answer: feed states and network matches, in the API's casing. */
import type { FeedRow, NetworkMatchRow } from '../../../db/repositories/networks-repository.ts';

export function presentFeeds(configured: Array<{ name: string; intervalS: number }>, rows: FeedRow[]) {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const names = [...new Set([...configured.map((c) => c.name), ...rows.map((r) => r.name)])].sort();
  return {
    feeds: names.map((name) => {
      const row = byName.get(name);
      const config = configured.find((c) => c.name === name);
      return {
        name,
        configured: config !== undefined,
        intervalS: config?.intervalS ?? null,
        checkpoint: row?.checkpoint ? (JSON.parse(row.checkpoint) as unknown) : null,
        lastRunAt: row?.last_run_at ?? null,
        nextRunAt: row?.next_run_at ?? null,
        lastSuccessAt: row?.last_success_at ?? null,
        lastError: row?.last_error ?? null,
        lastErrorAt: row?.last_error_at ?? null,
        errorsSinceSuccess: row?.error_count ?? 0,
        refusedPages: row?.refused_pages ?? 0,
      };
    }),
  };
}

export function presentMatch(m: NetworkMatchRow) {
  return {
    id: m.id,
    network: m.network,
    hash: m.hash_key,
    entry: m.entry_id,
    platformItemId: m.platform_item_id,
    status: m.status,
    createdAt: m.created_at,
    decidedAt: m.decided_at,
  };
}
