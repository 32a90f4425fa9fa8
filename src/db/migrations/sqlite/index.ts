/**
 * The sqlite migration chain, listed explicitly so the migrator needs no file-system scanning
 * (which would not see through tsx). Names are timestamps; order is by name.
 */
import type { Migration } from 'kysely';
import * as initial from './20261127190000_initial.ts';
import * as copies from './20261127210000_copies.ts';
import * as videoRegistry from './20261128000000_video_registry.ts';
import * as bankHashPipeline from './20261128120000_bank_hash_pipeline.ts';
import * as bankEntryOrder from './20261128130000_bank_entry_order.ts';
import * as workerHeartbeats from './20261204100900_worker_heartbeats.ts';
import * as retention from './20261204100700_retention.ts';
import * as dataKeys from './20261204100701_data_keys.ts';
import * as auditCheckpoints from './20261204100300_audit_checkpoints.ts';
import * as loginFailures from './20261204100301_login_failures.ts';
import * as appealDueAt from './20261204100500_appeal_due_at.ts';
import * as contentQueryHashes from './20261204100600_content_query_hashes.ts';
import * as requestLanguage from './20261204100600_request_language.ts';
import * as itemVariants from './20261204100601_item_variants.ts';
import * as networks from './20261204100800_networks.ts';
import * as cybertipline from './20261204110300_cybertipline.ts';
import * as reviewerPreviews from './20261204110200_reviewer_previews.ts';

export const migrations: Record<string, Migration> = {
  '20261127190000_initial': initial,
  '20261127210000_copies': copies,
  '20261128000000_video_registry': videoRegistry,
  '20261128120000_bank_hash_pipeline': bankHashPipeline,
  '20261128130000_bank_entry_order': bankEntryOrder,
  '20261204100900_worker_heartbeats': workerHeartbeats,
  '20261204100700_retention': retention,
  '20261204100701_data_keys': dataKeys,
  '20261204100300_audit_checkpoints': auditCheckpoints,
  '20261204100301_login_failures': loginFailures,
  '20261204100500_appeal_due_at': appealDueAt,
  '20261204100600_content_query_hashes': contentQueryHashes,
  '20261204100600_request_language': requestLanguage,
  '20261204100601_item_variants': itemVariants,
  '20261204100800_networks': networks,
  '20261204110300_cybertipline': cybertipline,
  '20261204110200_reviewer_previews': reviewerPreviews,
};
