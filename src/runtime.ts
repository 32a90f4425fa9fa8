/**
 * The composition root: from a `Config` it opens and migrates the database, resolves the
 * encryption key, builds the repositories, the mailer and the worker. `serve`, `worker`, the
 * other commands and the tests all assemble the service here, so they run the same code.
 */
import os from 'node:os';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { systemClock } from './domain/clock.ts';
import type { Clock } from './domain/clock.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import type { DatabaseHandle } from './db/database.ts';
import { appealsRepository } from './db/repositories/appeals-repository.ts';
import { auditCheckpointsRepository } from './db/repositories/audit-checkpoints-repository.ts';
import { createWorkQueueRepository } from './db/repositories/work-queue-repository.ts';
import type { WorkQueueRepository } from './db/repositories/work-queue-repository.ts';
import { createAuditRepository } from './db/repositories/audit-repository.ts';
import { createJobsRepository } from './db/repositories/jobs-repository.ts';
import { loginFailuresRepository } from './db/repositories/login-failures-repository.ts';
import { previewsRepository } from './db/repositories/previews-repository.ts';
import { createRequestsRepository } from './db/repositories/requests-repository.ts';
import { staffRepository } from './db/repositories/staff-repository.ts';
import { createMailer } from './email/mailer.ts';
import type { Mailer } from './email/mailer.ts';
import { createAuditWitnessHandlers, witnessTargets } from './jobs/audit-witness-handler.ts';
import { MAIL_JOB_TYPES } from './email/mail-jobs.ts';
import { createCyberTiplineHandlers } from './jobs/cybertipline-handler.ts';
import { createCyberTiplineClient } from './platform/cybertipline-client.ts';
import { webhooksRepository } from './db/repositories/webhooks-repository.ts';
import { releaseExpiredPreservations } from './use-cases/release-preservations.ts';
import { createEmailHandlers } from './jobs/email-handlers.ts';
import { Worker } from './jobs/worker.ts';
import type { JobHandlers } from './jobs/worker.ts';
import { createLogger } from './logger.ts';
import { resolveKey } from './security/cipher.ts';
import type { Cipher } from './security/cipher.ts';
import { createKeyRing, KEY_RING_REFRESH_MS } from './security/key-ring.ts';
import type { KeyRing } from './security/key-ring.ts';
import { instanceKeys } from './security/instance-keys.ts';
import type { InstanceKeys } from './security/instance-keys.ts';
import { checkpointAuditHead } from './use-cases/checkpoint-audit-head.ts';
import { createIntakePipeline } from './use-cases/intake-pipeline.ts';
import type { SubmitInput, SubmitResult } from './use-cases/submit-request.ts';
import { recoverStrandedReceipts } from './use-cases/recover-receipts.ts';
import { sweepDeadlines } from './use-cases/sweep-deadlines.ts';
import { purgeExpiredPersonalData } from './use-cases/purge-personal-data.ts';
import { createStayDown } from './stay-down.ts';
import { operationsRepository } from './db/repositories/operations-repository.ts';
import type { OperationalStatus } from './domain/operational-status.ts';
import { reportOperationalStatus } from './use-cases/report-operational-status.ts';
import { transparencyRepository } from './db/repositories/transparency-repository.ts';
import type { TransparencyReport } from './domain/transparency.ts';
import { reportTransparency } from './use-cases/report-transparency.ts';

import type { StayDown } from './stay-down.ts';
import { createNetworks } from './networks.ts';
import type { Networks } from './networks.ts';

export interface Runtime {
  readonly config: Config;
  readonly log: Logger;
  readonly clock: Clock;
  readonly database: DatabaseHandle;
  /** Intake with group commit: concurrent submissions share statements and commits. */
  readonly submit: (input: SubmitInput) => Promise<SubmitResult>;
  readonly cipher: Cipher;
  /** The cipher's keys, for rotation (src/security/key-ring.ts). */
  readonly keyRing: KeyRing;
  /** Keys derived from the instance secret, one per purpose (audit chain, checkpoints, login). */
  readonly keys: InstanceKeys;
  readonly mailer: Mailer;
  readonly repos: {
    readonly requests: ReturnType<typeof createRequestsRepository>;
    readonly audit: ReturnType<typeof createAuditRepository>;
    readonly jobs: ReturnType<typeof createJobsRepository>;
    readonly appeals: typeof appealsRepository;
    readonly staff: typeof staffRepository;
    readonly checkpoints: typeof auditCheckpointsRepository;
    readonly loginFailures: typeof loginFailuresRepository;
    readonly workQueue: WorkQueueRepository;
    readonly webhooks: typeof webhooksRepository;
    readonly previews: typeof previewsRepository;
  };
  /** Copies and stay-down: registry, banks, the in-memory index, sweeps and webhooks. */
  readonly stayDown: StayDown;
  /** Hash networks: StopNCII and NCMEC feeds, federation, feedback. */
  readonly networks: Networks;
  sweep(): ReturnType<typeof sweepDeadlines>;
  /** The transparency report for a period (no personal data). */
  transparencyReport(period: { from: Date; to: Date }): Promise<TransparencyReport>;
  /** This node's health: database, bank index, worker heartbeat, backlog, overdue requests. */
  operationalStatus(): Promise<OperationalStatus>;
  /** Signs a checkpoint of the audit head for the witnesses when due (or now, with `force`). */
  checkpointAudit(options?: { force?: boolean }): ReturnType<typeof checkpointAuditHead>;
  createWorker(): Worker;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Config,
  options: { clock?: Clock; log?: Logger } = {},
): Promise<Runtime> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config, (error) =>
    log.warn({ err: error.message }, 'a database connection was lost; the next query opens another'),
  );
  try {
    await migrateToLatest(database, config.databaseSchema);
  } catch (error) {
    await database.close();
    throw error;
  }
  const keyInfo = resolveKey(config.secretKey, config.dataDir, database.dialect === 'sqlite');
  if (keyInfo.generatedAt)
    log.warn({ file: keyInfo.generatedAt }, 'generated a new encryption key; back it up');
  const keyRing = createKeyRing(keyInfo.key);
  await keyRing.refresh(database.db);
  const keyRingTimer = setInterval(() => {
    keyRing
      .refresh(database.db)
      .catch((error: unknown) => log.warn({ err: error }, 'could not re-read the key ring'));
  }, KEY_RING_REFRESH_MS).unref();
  const cipher: Cipher = keyRing;
  const keys = instanceKeys(keyInfo.key);
  const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
  const d = database.dialect;
  const repos = {
    requests: createRequestsRepository(d),
    audit: createAuditRepository(d, keys.auditChain),
    jobs: createJobsRepository(d),
    appeals: appealsRepository,
    staff: staffRepository,
    checkpoints: auditCheckpointsRepository,
    loginFailures: loginFailuresRepository,
    workQueue: createWorkQueueRepository(d),
    webhooks: webhooksRepository,
    previews: previewsRepository,
  };
  const transact = database.transact;
  // Each pass first finishes receipts a crash interrupted, then fires due escalations, then
  // purges the personal data retention lets go.
  const sweep = async () => {
    await recoverStrandedReceipts({ transact, ...repos, cipher, clock });
    const stale = new Date(clock.now().getTime() - 2 * 86_400_000);
    await transact((trx) => repos.loginFailures.prune(trx, stale));
    const fired = await sweepDeadlines({ transact, ...repos, clock, hours: config.escalationHours });
    await releaseExpiredPreservations({ transact, ...repos, clock });
    await purgeExpiredPersonalData({
      transact,
      audit: repos.audit,
      cipher,
      clock,
      retentionDays: config.retentionDays,
    });
    return fired;
  };
  const stayDown = createStayDown({ config, database, ...repos, cipher, clock, log });
  const witnessing = {
    transact,
    checkpoints: repos.checkpoints,
    jobs: repos.jobs,
    clock,
    signer: keys.checkpointSigner,
    witnesses: witnessTargets(config.auditWitness),
    policy: {
      everyMinutes: config.auditWitness.checkpointMinutes,
      everyEvents: config.auditWitness.checkpointEvents,
    },
  };
  const checkpointAudit = (options?: { force?: boolean }) => checkpointAuditHead(witnessing, options);
  const networks = createNetworks({
    config,
    database,
    ...repos,
    clock,
    log,
    stayDown,
    secret: keyInfo.key,
    cipher,
  });
  // One handler for every job type: a type without one fails the type check here.
  const handlers: JobHandlers = {
    ...createEmailHandlers({
      transact,
      requests: repos.requests,
      audit: repos.audit,
      cipher,
      mailer,
      clock,
      log,
      publicUrl: config.publicUrl,
      staffEmails: config.staffEmails,
      platformName: config.web.platformName,
    }),
    ...stayDown.handlers,
    ...createAuditWitnessHandlers(config.auditWitness, keys.checkpointSigner),
    ...createCyberTiplineHandlers({
      transact,
      ...repos,
      clock,
      client: createCyberTiplineClient(config.cybertipline),
      reporterEmail: config.adminEmail,
      platformName: config.web.platformName ?? new URL(config.publicUrl).host,
    }),
    ...networks.handlers,
  };
  return {
    config,
    log,
    clock,
    database,
    submit: createIntakePipeline({ transact, ...repos, cipher, clock }),
    cipher,
    keyRing,
    keys,
    mailer,
    repos,
    stayDown,
    networks,
    sweep,
    transparencyReport: (period) =>
      reportTransparency({ db: database.db, transparency: transparencyRepository, clock }, period),
    operationalStatus: () =>
      reportOperationalStatus({
        db: database.db,
        operations: operationsRepository,
        clock,
        index: () => ({
          loaded: stayDown.index.loaded,
          hashes: stayDown.index.size,
          appliedSeq: stayDown.index.appliedSeq,
        }),
      }),
    checkpointAudit,
    createWorker: () =>
      new Worker(
        {
          transact,
          jobs: repos.jobs,
          clock,
          log,
          handlers,
          sweep,
          everyTick: checkpointAudit,
          periodic: networks.tick,
          // Emails wait in the outbox until a mail transport exists.
          held: mailer.configured ? [] : MAIL_JOB_TYPES,
          heartbeat: (workerId, startedAt) =>
            transact((trx) =>
              operationsRepository.heartbeat(trx, {
                workerId,
                host: os.hostname(),
                startedAt,
                now: clock.now(),
              }),
            ),
        },
        { batch: 20, staleAfterMs: config.jobStaleAfterMs, sweepEveryMs: 60_000 },
      ),
    async close() {
      clearInterval(keyRingTimer);
      mailer.close();
      await stayDown.close();
      await database.close();
    },
  };
}
