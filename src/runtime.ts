/**
 * The composition root: from a `Config` it opens and migrates the database, resolves the
 * encryption key, builds the repositories, the mailer and the worker. `serve`, `worker`, the
 * other commands and the tests all assemble the service here, so they run the same code.
 */
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { systemClock } from './domain/clock.ts';
import type { Clock } from './domain/clock.ts';
import { migrateToLatest, openDatabase } from './db/database.ts';
import type { DatabaseHandle } from './db/database.ts';
import { appealsRepository } from './db/repositories/appeals-repository.ts';
import { createAuditRepository } from './db/repositories/audit-repository.ts';
import { createJobsRepository } from './db/repositories/jobs-repository.ts';
import { createRequestsRepository } from './db/repositories/requests-repository.ts';
import { staffRepository } from './db/repositories/staff-repository.ts';
import { createMailer } from './email/mailer.ts';
import type { Mailer } from './email/mailer.ts';
import { createHandlers } from './jobs/handlers.ts';
import { Worker } from './jobs/worker.ts';
import { createLogger } from './logger.ts';
import { createCipher, resolveKey } from './security/cipher.ts';
import type { Cipher } from './security/cipher.ts';
import { createIntakePipeline } from './use-cases/intake-pipeline.ts';
import type { SubmitInput, SubmitResult } from './use-cases/submit-request.ts';
import { recoverStrandedReceipts } from './use-cases/recover-receipts.ts';
import { sweepDeadlines } from './use-cases/sweep-deadlines.ts';
import { createStayDown } from './stay-down.ts';
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
  readonly mailer: Mailer;
  readonly repos: {
    readonly requests: ReturnType<typeof createRequestsRepository>;
    readonly audit: ReturnType<typeof createAuditRepository>;
    readonly jobs: ReturnType<typeof createJobsRepository>;
    readonly appeals: typeof appealsRepository;
    readonly staff: typeof staffRepository;
  };
  /** Copies and stay-down: registry, banks, the in-memory index, sweeps and webhooks. */
  readonly stayDown: StayDown;
  /** Hash networks: StopNCII and NCMEC feeds, federation, feedback. */
  readonly networks: Networks;
  sweep(): ReturnType<typeof sweepDeadlines>;
  createWorker(): Worker;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Config,
  options: { clock?: Clock; log?: Logger } = {},
): Promise<Runtime> {
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config);
  try {
    await migrateToLatest(database, config.databaseSchema);
  } catch (error) {
    await database.close();
    throw error;
  }
  const keyInfo = resolveKey(config.secretKey, config.dataDir, database.dialect === 'sqlite');
  if (keyInfo.generatedAt)
    log.warn({ file: keyInfo.generatedAt }, 'generated a new encryption key; back it up');
  const cipher = createCipher(keyInfo.key);
  const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
  const d = database.dialect;
  const repos = {
    requests: createRequestsRepository(d),
    audit: createAuditRepository(d),
    jobs: createJobsRepository(d),
    appeals: appealsRepository,
    staff: staffRepository,
  };
  const transact = database.transact;
  // Each pass first finishes receipts a crash interrupted, then fires due escalations.
  const sweep = async () => {
    await recoverStrandedReceipts({ transact, ...repos, cipher, clock });
    return sweepDeadlines({ transact, ...repos, clock, hours: config.escalationHours });
  };
  const stayDown = createStayDown({ config, database, ...repos, cipher, clock, log });
  const handlers = createHandlers({
    transact,
    requests: repos.requests,
    audit: repos.audit,
    cipher,
    mailer,
    clock,
    log,
    publicUrl: config.publicUrl,
    staffEmails: config.staffEmails,
  });
  Object.assign(handlers, stayDown.handlers);
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
  Object.assign(handlers, networks.handlers);
  return {
    config,
    log,
    clock,
    database,
    submit: createIntakePipeline({ transact, ...repos, cipher, clock }),
    cipher,
    mailer,
    repos,
    stayDown,
    networks,
    sweep,
    createWorker: () =>
      new Worker({ transact, jobs: repos.jobs, clock, log, handlers, sweep, periodic: networks.tick }),
    async close() {
      mailer.close();
      await stayDown.close();
      await database.close();
    },
  };
}
