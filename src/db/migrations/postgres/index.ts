/**
 * The postgres migration chain, listed explicitly so the migrator needs no file-system scanning
 * (which would not see through tsx). Names are timestamps; order is by name.
 */
import type { Migration } from 'kysely';
import * as initial from './20261127190000_initial.ts';
import * as copies from './20261127210000_copies.ts';
import * as videoRegistry from './20261128000000_video_registry.ts';
import * as bankHashPipeline from './20261128120000_bank_hash_pipeline.ts';
import * as bankEntryOrder from './20261128130000_bank_entry_order.ts';
import * as networks from './20261204100800_networks.ts';

export const migrations: Record<string, Migration> = {
  '20261127190000_initial': initial,
  '20261127210000_copies': copies,
  '20261128000000_video_registry': videoRegistry,
  '20261128120000_bank_hash_pipeline': bankHashPipeline,
  '20261128130000_bank_entry_order': bankEntryOrder,
  '20261204100800_networks': networks,
};
