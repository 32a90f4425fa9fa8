/**
 * Copies and stay-down (postgres): the platform's content registry, hash banks with provenance per
 * entry and withdrawable hashes, the change log the in-memory indexes follow, copy findings of
 * removal sweeps, blocked uploads, and webhook endpoints with their delivery record. Frozen: never
 * edit a migration that has shipped; add a new timestamped file instead.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_item_id', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text')
    .addColumn('uploader_id', 'text')
    .addColumn('sha256', 'text')
    .addColumn('md5', 'text')
    .addColumn('pdq', 'text')
    .addColumn('pdq_dihedral', 'text')
    .addColumn('pdq_quality', 'integer')
    .addColumn('pdq_profile', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('removed_by_request', 'text')
    .execute();
  await db.schema.createIndex('content_items_sha256').on('content_items').column('sha256').execute();
  await db.schema.createIndex('content_items_md5').on('content_items').column('md5').execute();
  await db.schema.createIndex('content_items_url').on('content_items').column('url').execute();

  await db.schema
    .createTable('banks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('match_threshold', 'integer', (c) => c.notNull())
    .addColumn('on_match', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bank_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bank_id', 'text', (c) => c.notNull().references('banks.id'))
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_request_id', 'text')
    .addColumn('source_item_id', 'text')
    .addColumn('source_ref', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawn_reason', 'text')
    .execute();
  await db.schema.createIndex('bank_entries_bank').on('bank_entries').column('bank_id').execute();
  await db.schema
    .createIndex('bank_entries_source_item')
    .on('bank_entries')
    .column('source_item_id')
    .execute();

  // The integer id is the in-memory index's id: small, dense, 32 bits.
  await db.schema
    .createTable('bank_hashes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('entry_id', 'text', (c) => c.notNull().references('bank_entries.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('quality', 'integer')
    .execute();
  await db.schema
    .createIndex('bank_hashes_kind_value')
    .on('bank_hashes')
    .columns(['kind', 'value'])
    .execute();
  await db.schema.createIndex('bank_hashes_entry').on('bank_hashes').column('entry_id').execute();

  // Append-only log of PDQ hashes added or withdrawn; every process's index follows it by seq.
  await db.schema
    .createTable('bank_changes')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('hash_id', 'integer', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('copy_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('source_item_id', 'text', (c) => c.notNull())
    .addColumn('content_item_id', 'text', (c) => c.notNull().references('content_items.id'))
    .addColumn('match_kind', 'text', (c) => c.notNull())
    .addColumn('distance', 'integer')
    .addColumn('variant', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addUniqueConstraint('copy_findings_request_content', ['request_id', 'content_item_id'])
    .execute();

  await db.schema
    .createTable('upload_blocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('bank_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('match_kind', 'text', (c) => c.notNull())
    .addColumn('variant', 'text')
    .addColumn('distance', 'integer')
    .addColumn('platform_item_id', 'text')
    .addColumn('uploader_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('upload_blocks_request').on('upload_blocks').column('request_id').execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_event')
    .on('webhook_deliveries')
    .column('event_id')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'webhook_deliveries',
    'webhook_endpoints',
    'upload_blocks',
    'copy_findings',
    'bank_changes',
    'bank_hashes',
    'bank_entries',
    'banks',
    'content_items',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
