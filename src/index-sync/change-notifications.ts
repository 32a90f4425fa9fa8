/**
 * Hears of committed bank changes at once on PostgreSQL: one dedicated connection LISTENs on the
 * schema's channel (see the `bank_change_notify` migration) and calls `onChange`. If the
 * connection drops it reconnects with backoff and calls `onChange` once more, in case a change
 * went by unheard; the index's own polling still runs, so a lost notification only delays.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export interface ChangeListener {
  close(): Promise<void>;
}

export function listenForBankChanges(options: {
  databaseUrl: string;
  schema: string | undefined;
  log: Logger;
  onChange: () => void;
}): ChangeListener {
  const schema = options.schema ?? 'public';
  const channel = `redress_bank_changes_${schema}`;
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = 500;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: 'redress-bank-listener',
      options: `-c search_path=${schema}`,
    });
    next.on('notification', () => options.onChange());
    next.on('error', (error) => {
      options.log.warn({ err: error.message }, 'bank change listener lost its connection');
      reconnect(next);
    });
    next.on('end', () => reconnect(next));
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (closed) return void (await next.end());
      client = next;
      retryMs = 500;
      options.onChange();
    } catch (error) {
      options.log.warn({ err: (error as Error).message }, 'bank change listener could not connect');
      reconnect(next);
    }
  };

  const reconnect = (failed: pg.Client) => {
    if (closed || retryTimer || (client && client !== failed)) return;
    client = undefined;
    failed.removeAllListeners('end');
    failed.end().catch(() => undefined);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, 30_000);
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      current?.removeAllListeners('end');
      await current?.end().catch(() => undefined);
    },
  };
}
