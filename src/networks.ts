/**
 * Assembles the hash-network layer from the runtime's parts: the partner clients configured
 * (StopNCII, NCMEC), the feeds' schedule (each fetch claimed by one worker when due, its outcome
 * recorded for the admin page and `GET /api/v1/networks`), the feedback job, and the hook that
 * records matches of network hashes. runtime.ts holds one of these as `runtime.networks`.
 */
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './domain/clock.ts';
import { AppError } from './domain/errors.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { AuditRepository } from './db/repositories/audit-repository.ts';
import type { JobsRepository } from './db/repositories/jobs-repository.ts';
import { networksRepository } from './db/repositories/networks-repository.ts';
import type { FeedRow } from './db/repositories/networks-repository.ts';
import type { JobHandlers } from './jobs/worker.ts';
import { addressPolicy } from './platform/address-policy.ts';
import type { FetchOptions } from './platform/fetch-media.ts';
import { federationFetcher } from './platform/federation-client.ts';
import { ncmecClient } from './platform/ncmec-client.ts';
import { stopnciiClient } from './platform/stopncii-client.ts';
import { deriveSigningKey } from './security/derived-keys.ts';
import type { SigningKey } from './security/derived-keys.ts';
import type { Cipher } from './security/cipher.ts';
import type { StayDown } from './stay-down.ts';
import { PageRefused, feedName, fetchFederationFeed } from './use-cases/fetch-federation-feed.ts';
import { fetchNcmec } from './use-cases/fetch-ncmec.ts';
import { fetchStopNCII } from './use-cases/fetch-stopncii.ts';
import { uploadStopNCIIHashes } from './use-cases/upload-stopncii-hashes.ts';
import { poisoningRepository } from './db/repositories/poisoning-repository.ts';
import { quarantineFloodedEntries } from './use-cases/quarantine-flooded-entries.ts';
import { recordNetworkMatches } from './use-cases/record-network-matches.ts';
import type { NetworkMatchDeps } from './use-cases/record-network-matches.ts';

export interface Networks {
  readonly repo: typeof networksRepository;
  readonly handlers: Pick<JobHandlers, 'network.feedback'>;
  readonly matchDeps: NetworkMatchDeps;
  /** The feeds this instance follows, by name, with their period. */
  readonly feeds: () => Promise<Array<{ name: string; intervalS: number }>>;
  /** Runs every feed whose turn has come (the worker calls this on each tick). */
  tick(): Promise<void>;
  /** Fetches one feed now, whatever its schedule; the outcome is recorded as a scheduled run's. */
  fetchNow(name: string): Promise<unknown>;
  /** Records matches of network hashes after a check, queueing feedback as it changes. */
  recordMatches(
    matches: ReadonlyArray<{ entry: string; verdict: 'block' | 'review' }>,
    platformItemId: string | null,
  ): Promise<void>;
  status(): Promise<FeedRow[]>;
  /** The flood rule after a check's blocks (poisoning defence). */
  quarantine(entryIds: readonly string[]): Promise<string[]>;
  /** The key this instance signs its feed with now, and every key id it still publishes. */
  readonly signer: SigningKey;
  readonly publishedKeys: ReadonlyArray<{ keyId: string; publicKey: string; current: boolean }>;
}

export function createNetworks(parts: {
  config: Config;
  database: DatabaseHandle;
  audit: AuditRepository;
  jobs: JobsRepository;
  clock: Clock;
  log: Logger;
  stayDown: StayDown;
  /** The instance secret: the federation feed's signing keys derive from it. */
  secret: Buffer;
  cipher: Cipher;
}): Networks {
  const cfg = parts.config.networks;
  const { transact } = parts.database;
  const repo = networksRepository;
  const fetchOptions: FetchOptions = {
    policy: addressPolicy(cfg.allowedSubnets),
    allowedHosts: cfg.allowedHosts,
    maxBytes: 32 * 1024 * 1024,
    timeoutMs: 60_000,
    maxRedirects: 0,
  };
  const stopncii = cfg.stopncii && stopnciiClient(cfg.stopncii, fetchOptions);
  const bank = parts.stayDown.bankEntryDeps;
  const matchDeps: NetworkMatchDeps = {
    transact,
    banks: bank.banks,
    networks: repo,
    jobs: parts.jobs,
    audit: parts.audit,
    clock: parts.clock,
    poisoning: poisoningRepository,
    reviewOnlyAfter: cfg.reviewOnlyAfterDismissals,
  };
  const floodDeps = {
    transact,
    banks: bank.banks,
    poisoning: poisoningRepository,
    audit: parts.audit,
    clock: parts.clock,
    uploaders: cfg.quarantineUploaders,
  };

  const runners = new Map<string, { intervalS: number; run: () => Promise<unknown> }>();
  if (stopncii && cfg.stopncii)
    runners.set('stopncii', {
      intervalS: cfg.stopncii.intervalS,
      run: async () => {
        const fetched = await fetchStopNCII({ bank, networks: repo, client: stopncii });
        const upload = cfg.stopncii?.submitKey && cfg.stopncii.uploadBank;
        if (!upload) return fetched;
        const deps = {
          transact,
          banks: bank.banks,
          networks: repo,
          client: stopncii,
          now: parts.clock.now,
          bank: upload,
        };
        return { ...fetched, ...(await uploadStopNCIIHashes(deps)) };
      },
    });

  if (cfg.ncmec) {
    const client = ncmecClient(cfg.ncmec, fetchOptions);
    runners.set('ncmec', {
      intervalS: cfg.ncmec.intervalS,
      run: () => fetchNcmec({ bank, networks: repo, client }),
    });
  }

  const fetcher = federationFetcher(fetchOptions);
  const followDeps = {
    bank,
    networks: repo,
    audit: parts.audit,
    clock: parts.clock,
    fetcher,
    openToken: (sealed: string) => parts.cipher.open(sealed),
  };
  /** Fixed feeds and one per enabled federation subscription, read afresh each time. */
  async function allRunners(): Promise<Map<string, { intervalS: number; run: () => Promise<unknown> }>> {
    const all = new Map(runners);
    for (const sub of await transact((trx) => repo.subscriptions(trx)))
      if (sub.enabled)
        all.set(feedName(sub.name), {
          intervalS: cfg.federationIntervalS,
          run: () => fetchFederationFeed(followDeps, sub),
        });
    return all;
  }
  const feeds = async () => [...(await allRunners())].map(([name, r]) => ({ name, intervalS: r.intervalS }));
  const signer = deriveSigningKey(parts.secret, cfg.federationKeyId);
  const publishedKeys = [
    { keyId: signer.keyId, publicKey: signer.publicKey, current: true },
    ...cfg.federationPreviousKeyIds.map((keyId) => ({
      keyId,
      publicKey: deriveSigningKey(parts.secret, keyId).publicKey,
      current: false,
    })),
  ];

  /** Runs a fetch and records how it went; errors are recorded, logged and rethrown. */
  async function recorded(name: string, run: () => Promise<unknown>): Promise<unknown> {
    try {
      const result = await run();
      await transact((trx) => repo.recordSuccess(trx, name, parts.clock.now()));
      parts.log.info({ feed: name, result }, 'network feed fetched');
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A refused page was recorded (and audited) where it was refused.
      if (!(error instanceof PageRefused))
        await transact((trx) => repo.recordError(trx, name, message, parts.clock.now()));
      parts.log.warn({ feed: name, err: message }, 'network feed fetch failed');
      throw error;
    }
  }

  async function runIfDue(name: string, intervalS: number, run: () => Promise<unknown>): Promise<void> {
    const now = parts.clock.now();
    const claimed = await transact(async (trx) => {
      await repo.ensureFeed(trx, name);
      const row = await repo.feed(trx, name);
      if (row?.next_run_at && row.next_run_at > now.toISOString()) return false;
      return repo.claimRun(
        trx,
        name,
        row?.next_run_at ?? null,
        now,
        new Date(now.getTime() + intervalS * 1000),
      );
    });
    if (claimed) await recorded(name, run).catch(() => undefined);
  }

  const handlers: Pick<JobHandlers, 'network.feedback'> = {
    'network.feedback': async (_job, { network, hashKey, state, changes }) => {
      if (network !== 'stopncii' || !stopncii || !cfg.stopncii?.feedbackKey) {
        parts.log.info({ network, hashKey }, 'feedback not sent: the network has no feedback key');
        return;
      }
      const current = await transact((trx) => repo.feedback(trx, network, hashKey));
      if (!current || Number(current.changes) !== changes) return; // a newer word supersedes this one
      await stopncii.submitFeedback([
        { hashValue: hashKey.slice(hashKey.indexOf(':') + 1), feedback: state },
      ]);
    },
  };

  return {
    repo,
    handlers,
    matchDeps,
    feeds,
    signer,
    publishedKeys,
    async tick() {
      for (const [name, r] of await allRunners()) await runIfDue(name, r.intervalS, r.run);
    },
    async fetchNow(name) {
      const runner = (await allRunners()).get(name);
      if (!runner) throw new AppError('not_found', `no network feed named ${name}`);
      await transact((trx) => repo.ensureFeed(trx, name));
      return recorded(name, runner.run);
    },
    recordMatches: (matches, platformItemId) => recordNetworkMatches(matchDeps, { matches, platformItemId }),
    status: () => transact((trx) => repo.feeds(trx)),
    quarantine: (entryIds) => quarantineFloodedEntries(floodDeps, entryIds),
  };
}
