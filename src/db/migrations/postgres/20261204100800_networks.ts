/**
 * Hash networks (postgres): each partner feed's checkpoint and health, the feedback state Redress last
 * gave a partner per hash, matches of partner hashes awaiting or past review, federation
 * subscriptions, and a per-bank log of entries added and withdrawn (the order a published feed
 * follows; the index's change log carries perceptual hashes only). Existing entries are logged in
 * creation order. Frozen once shipped, like every migration.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_feeds')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('checkpoint', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('next_run_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refused_pages', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('network_feedback')
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('hash_key', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('changes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_feedback_pk', ['network', 'hash_key'])
    .execute();

  await db.schema
    .createTable('network_matches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('hash_key', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('platform_item_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .execute();
  await db.schema
    .createIndex('network_matches_status')
    .on('network_matches')
    .columns(['status', 'created_at'])
    .execute();

  await db.schema
    .createTable('federation_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('on_match', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('token_sealed', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Poisoning defence: entries moved to review for flooding, and sources flagged.
  await db.schema
    .createTable('entry_quarantine')
    .addColumn('entry_id', 'text', (c) => c.primaryKey())
    .addColumn('bank_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('quarantined_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('source_flags')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('review_only', 'integer', (c) => c.notNull())
    .addColumn('flagged_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('upload_blocks_entry_time')
    .on('upload_blocks')
    .columns(['entry_id', 'created_at'])
    .execute();

  // A partner feed's page is synced by the names of its entries: one index probe per name.
  await db.schema
    .createIndex('bank_entries_bank_source_ref')
    .on('bank_entries')
    .columns(['bank_id', 'source_ref'])
    .execute();

  await db.schema
    .createTable('bank_entry_log')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('bank_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('bank_entry_log_bank_seq')
    .on('bank_entry_log')
    .columns(['bank_id', 'seq'])
    .execute();
  await sql`insert into bank_entry_log (bank_id, entry_id, op, created_at)
    select bank_id, id, 'add', created_at from bank_entries order by created_at, id`.execute(db);
  await sql`insert into bank_entry_log (bank_id, entry_id, op, created_at)
    select bank_id, id, 'withdraw', withdrawn_at from bank_entries where withdrawn_at is not null
    order by withdrawn_at, id`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bank_entries_bank_source_ref').execute();
  await db.schema.dropIndex('upload_blocks_entry_time').execute();
  await db.schema.dropTable('source_flags').execute();
  await db.schema.dropTable('entry_quarantine').execute();
  for (const t of [
    'bank_entry_log',
    'federation_subscriptions',
    'network_matches',
    'network_feedback',
    'network_feeds',
  ])
    await db.schema.dropTable(t).execute();
}
