/**
 * Assembles the copies and stay-down layer from the core runtime's parts: its repositories, the
 * in-memory bank index (loaded at start, following the change log), the fetch policy for
 * platform URLs, and its job handlers. runtime.ts holds one of these; routes, CLI commands and
 * tests reach it as `runtime.stayDown`.
 */
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './domain/clock.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { AuditRepository } from './db/repositories/audit-repository.ts';
import { banksRepository } from './db/repositories/banks-repository.ts';
import { contentRepository } from './db/repositories/content-repository.ts';
import { copiesRepository } from './db/repositories/copies-repository.ts';
import type { JobsRepository } from './db/repositories/jobs-repository.ts';
import type { RequestsRepository } from './db/repositories/requests-repository.ts';
import { webhooksRepository } from './db/repositories/webhooks-repository.ts';
import { BankIndex } from './index-sync/bank-index.ts';
import { listenForBankChanges } from './index-sync/change-notifications.ts';
import { createCopiesHandlers } from './jobs/copies-handlers.ts';
import type { CopiesJobType } from './jobs/copies-handlers.ts';
import type { JobHandlers } from './jobs/worker.ts';
import { DEFAULT_DECODE_LIMITS } from './media/decode-image.ts';
import { HashPool } from './media/hash-pool.ts';
import type { RegistryHashes } from './media/fingerprint.ts';
import type { DecodeLimits } from './media/decode-image.ts';
import { prepareTempArea } from './media/temp-area.ts';
import { addressPolicy } from './platform/address-policy.ts';
import type { FetchOptions, TargetRules } from './platform/fetch-media.ts';
import type { Cipher } from './security/cipher.ts';
import type { BankEntryDeps } from './use-cases/add-bank-entry.ts';
import { decideCopyFinding } from './use-cases/decide-copy-finding.ts';
import { exportBankPage } from './use-cases/export-bank-page.ts';
import type { ExportPage } from './use-cases/export-bank-page.ts';
import { registerWebhookEndpoint } from './use-cases/register-webhook-endpoint.ts';
import { listStayDownRecords } from './use-cases/list-stay-down-records.ts';
import type { StayDownRecords } from './use-cases/list-stay-down-records.ts';
import type { MediaHashing } from './use-cases/take-in-media.ts';
import { viewCaseCopies } from './use-cases/view-case-copies.ts';
import type { CaseCopies } from './use-cases/view-case-copies.ts';

/** The hashing threads (`MediaHashing`) serve media intake: routes and commands pass this along. */
export interface StayDown extends MediaHashing {
  readonly repos: {
    readonly content: typeof contentRepository;
    readonly banks: typeof banksRepository;
    readonly copies: typeof copiesRepository;
    readonly webhooks: typeof webhooksRepository;
  };
  readonly index: BankIndex;
  readonly handlers: Pick<JobHandlers, CopiesJobType>;
  /** Where webhook endpoints may be (REDRESS_WEBHOOK_ALLOWED_*), checked at registration and delivery. */
  readonly webhookRules: TargetRules;
  readonly decodeLimits: DecodeLimits;
  /** What the registry keeps of media bytes, computed off the event loop. */
  readonly registryHashes: (bytes: Uint8Array, signal?: AbortSignal) => Promise<RegistryHashes>;
  /** Applies committed bank changes to this process's index now (others follow within a poll). */
  readonly afterBankChange: () => Promise<void>;
  /** What the bank use cases (add, withdraw, configure, import) work with. */
  readonly bankEntryDeps: BankEntryDeps;
  /** The layer's use cases bound to their dependencies: faces pass the input only. */
  readonly actions: {
    readonly decideCopyFinding: (
      input: Parameters<typeof decideCopyFinding>[1],
    ) => Promise<{ status: string }>;
    readonly registerWebhookEndpoint: (
      input: Parameters<typeof registerWebhookEndpoint>[1],
    ) => Promise<{ id: string; secret: string }>;
    readonly exportBankPage: (input: Parameters<typeof exportBankPage>[2]) => Promise<ExportPage>;
  };
  /** Banks, webhook endpoints and deliveries, findings in review, as staff read them. */
  readonly records: StayDownRecords;
  /** A case's copy findings and blocked uploads, by its id or case number. */
  readonly caseCopies: (ref: { requestId: string } | { caseNumber: string }) => Promise<CaseCopies>;
  close(): Promise<void>;
}

export function createStayDown(parts: {
  config: Config;
  database: DatabaseHandle;
  requests: RequestsRepository;
  audit: AuditRepository;
  jobs: JobsRepository;
  cipher: Cipher;
  clock: Clock;
  log: Logger;
}): StayDown {
  const cfg = parts.config.copies;
  const { transact } = parts.database;
  const { clock } = parts;
  const { publicUrl } = parts.config;
  const repos = {
    content: contentRepository,
    banks: banksRepository,
    copies: copiesRepository,
    webhooks: webhooksRepository,
  };
  // Loaded on first use (the HTTP app asks at start), so commands that never check hold no index.
  const { databaseUrl, databaseSchema } = parts.config;
  const index = new BankIndex(
    {
      db: parts.database.db,
      banks: banksRepository,
      log: parts.log,
      subscribe: databaseUrl
        ? (onChange) =>
            listenForBankChanges({ databaseUrl, schema: databaseSchema, log: parts.log, onChange })
        : undefined,
    },
    cfg.indexPollMs,
  );
  const fetchOptions: FetchOptions = {
    policy: addressPolicy(cfg.fetchAllowedSubnets),
    allowedHosts: cfg.fetchAllowedHosts,
    maxBytes: cfg.maxMediaBytes,
    timeoutMs: cfg.fetchTimeoutMs,
    maxRedirects: 3,
  };
  const webhookRules: TargetRules = {
    policy: addressPolicy(cfg.webhookAllowedSubnets),
    allowedHosts: cfg.webhookAllowedHosts,
  };
  const decodeLimits: DecodeLimits = { ...DEFAULT_DECODE_LIMITS, maxBytes: cfg.maxMediaBytes };
  const afterBankChange = () => (index.loaded ? index.poll() : Promise.resolve());
  const pool = new HashPool(cfg.hashThreads);
  // What a crash left in the data folder's temporary area goes now (see temp-area.ts).
  const tempDir = prepareTempArea(parts.config.dataDir);
  const handlers = createCopiesHandlers({
    transact: parts.database.transact,
    requests: parts.requests,
    audit: parts.audit,
    jobs: parts.jobs,
    ...repos,
    cipher: parts.cipher,
    clock: parts.clock,
    log: parts.log,
    takedownBank: cfg.takedownBank,
    publicUrl: parts.config.publicUrl,
    webhookTimeoutMs: cfg.webhookTimeoutMs,
    webhookRules,
    fetchOptions,
    afterBankChange,
  });
  return {
    repos,
    index,
    handlers,
    fetchOptions,
    webhookRules,
    decodeLimits,
    fingerprintUpload: (bytes, signal) => pool.fingerprint(bytes, decodeLimits, cfg.uploadMatching, signal),
    registryHashes: (bytes, signal) => pool.registryHashes(bytes, decodeLimits, cfg.uploadMatching, signal),
    bankHashes: (bytes, signal) => pool.bankHashes(bytes, decodeLimits, signal),
    videoHashes: (bytes, purpose, signal) =>
      pool.videoHashes(bytes, purpose, { maxBytes: cfg.maxMediaBytes, tempDir, signal }),
    afterBankChange,
    bankEntryDeps: {
      transact: parts.database.transact,
      banks: banksRepository,
      audit: parts.audit,
      clock: parts.clock,
      afterChange: afterBankChange,
    },
    actions: {
      decideCopyFinding: (input) =>
        decideCopyFinding(
          {
            transact,
            requests: parts.requests,
            audit: parts.audit,
            jobs: parts.jobs,
            ...repos,
            clock,
            publicUrl,
          },
          input,
        ),
      registerWebhookEndpoint: (input) =>
        registerWebhookEndpoint(
          { transact, webhooks: webhooksRepository, cipher: parts.cipher, clock, rules: webhookRules },
          input,
        ),
      exportBankPage: (input) => exportBankPage(parts.database.db, banksRepository, input),
    },
    records: listStayDownRecords({ db: parts.database.db, ...repos }),
    caseCopies: (ref) =>
      viewCaseCopies({ transact: parts.database.transact, requests: parts.requests, ...repos }, ref),
    async close() {
      await index.stop();
      await pool.close();
    },
  };
}
