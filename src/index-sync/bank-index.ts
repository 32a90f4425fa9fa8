/**
 * The in-memory PDQ index of the banks, one per process, kept in step with the database. At start
 * it loads every live PDQ bank hash (checks wait only for that load); then it follows the
 * `bank_changes` log by sequence number. PostgreSQL hands out sequence numbers at insert time but
 * transactions commit in any order, so a number seen missing (a gap) is asked for again on later
 * polls until it appears or a minute has passed (a rolled-back insert leaves a gap for ever).
 * Applying a change twice is harmless: a byte per hash id says whether it is in the index.
 *
 * Plain PDQ hashes ('original', what other systems exchange) and the derived variants of
 * @redress/match live in two indexes, so a plain query is searched at the plain threshold against
 * plain hashes and only at the wider review radius against the (usually few) derived ones.
 * Derived hashes made by another version of the match pipeline are left out: they are not
 * comparable with this version's upload hashes (their entries' plain hashes still match).
 * Video frames (vPDQ, kind `vpdq`) have a third index of their own: an upload's frames are
 * searched there only, and image hashes never meet video frames.
 * While the database cannot be reached, polls back off (doubling up to 30 s) and the index keeps
 * answering from what it holds; the first poll that gets through catches up from the change log.
 */
import type { Logger } from 'pino';
import { MultiIndexHash, codesFromHex } from '@redress/hamming-index';
import type { HammingIndex, Match } from '@redress/hamming-index';
import { MATCH_PIPELINE_VERSION, isPlainVariant, meetsPlainHashes } from '@redress/match';
import { isDatabaseUnavailable, retryDelayMs } from '../domain/connection-loss.ts';
import type { Executor } from '../db/database.ts';
import type { BanksRepository, IndexedHash } from '../db/repositories/banks-repository.ts';

const GAP_PATIENCE_MS = 60_000;
const PAGE = 5000;
/** How far below the newest change the initial load looks for numbers still uncommitted. */
const LOOK_BACK = 1000;

export interface BankIndexDeps {
  db: Executor;
  banks: BanksRepository;
  log: Logger;
  /** Where the database can announce committed changes (PostgreSQL's LISTEN), so the index
   *  applies them at once instead of at the next poll. */
  subscribe?: (onChange: () => void) => { close(): Promise<void> };
}

export interface Candidate extends Match {
  /** Which query hash found it. */
  readonly query: number;
}

export class BankIndex {
  private plain: HammingIndex = new MultiIndexHash();
  private derived: HammingIndex = new MultiIndexHash();
  private frames: HammingIndex = new MultiIndexHash();
  /** Per hash id: 0 absent, 1 in the plain index, 2 in the derived index, 3 in the frame index. */
  private present = new Uint8Array(1024);
  private lastSeq = 0;
  private loosest = 0;
  private readonly gaps = new Map<number, number>();
  private loading: Promise<void> | undefined;
  private polling: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  private stopped = false;
  private subscription: { close(): Promise<void> } | undefined;
  /** Polls failed in a row, for the backoff. */
  private failures = 0;

  /** With `pollMs`, the index follows the change log on its own once loaded. */
  constructor(
    private readonly deps: BankIndexDeps,
    private readonly pollMs?: number,
  ) {}

  get size(): number {
    return this.plain.size + this.derived.size + this.frames.size;
  }

  /**
   * The loosest plain-PDQ threshold of the enabled banks, read at load and at every poll (a
   * check would otherwise spend a query on it): how far plain searches must reach.
   */
  get loosestThreshold(): number {
    return this.loosest;
  }

  /** The change-log sequence applied so far: how far behind the log this index is. */
  get appliedSeq(): number {
    return this.lastSeq;
  }

  /** True once loaded: until a process checks anything, it holds no index at all. */
  get loaded(): boolean {
    return this.loading !== undefined;
  }

  /** Loads the live hashes once, on first use; every caller awaits the same load. */
  ready(): Promise<void> {
    this.loading ??= this.load().then(
      () => {
        if (this.pollMs && !this.stopped) {
          this.start(this.pollMs);
          this.subscription = this.deps.subscribe?.(() => void this.poll());
        }
      },
      (error: unknown) => {
        this.loading = undefined; // the next caller tries again
        throw error;
      },
    );
    return this.loading;
  }

  private async load(): Promise<void> {
    // The sequence first: changes made during the load are then replayed, which is harmless.
    this.lastSeq = await this.deps.banks.maxChangeSeq(this.deps.db);
    // Numbers below the maximum that are missing now may belong to transactions still open.
    const recent = new Set(await this.deps.banks.changeSeqsAfter(this.deps.db, this.lastSeq - LOOK_BACK));
    const now = Date.now();
    for (let seq = Math.max(1, this.lastSeq - LOOK_BACK + 1); seq < this.lastSeq; seq++) {
      if (!recent.has(seq)) this.gaps.set(seq, now);
    }
    this.loosest = await this.deps.banks.maxThreshold(this.deps.db);
    const rows = await this.deps.banks.livePdq(this.deps.db);
    const plainRows = rows.filter((r) => isPlainVariant(r.variant));
    const derivedRows = rows.filter(
      (r) => !isPlainVariant(r.variant) && r.pipeline === MATCH_PIPELINE_VERSION,
    );
    const stale = rows.length - plainRows.length - derivedRows.length;
    if (stale > 0) {
      this.deps.log.warn(
        { hashes: stale, pipeline: MATCH_PIPELINE_VERSION },
        'derived bank hashes of another match pipeline are not searched; their entries still match by plain PDQ',
      );
    }
    this.plain = build(plainRows);
    this.derived = build(derivedRows);
    for (const r of plainRows) this.mark(r.id, 1);
    for (const r of derivedRows) this.mark(r.id, 2);
    const frameRows = await this.deps.banks.liveVpdq(this.deps.db);
    this.frames = build(frameRows);
    for (const r of frameRows) this.mark(r.id, 3);
    this.deps.log.debug({ hashes: rows.length, seq: this.lastSeq }, 'bank index loaded');
  }

  /** Applies changes committed since the last poll; polls never overlap. */
  poll(): Promise<void> {
    this.polling = this.polling
      .then(() => this.pollOnce())
      .then(
        () => {
          if (this.failures > 0) this.deps.log.info({ after: this.failures }, 'bank index caught up');
          this.failures = 0;
        },
        (error: unknown) => {
          this.failures += 1;
          if (!isDatabaseUnavailable(error)) this.deps.log.warn({ err: error }, 'bank index poll failed');
          else if (this.failures === 1) {
            this.deps.log.warn(
              { err: (error as Error).message },
              'database unavailable; the bank index backs off',
            );
          }
        },
      );
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    await this.ready();
    this.loosest = await this.deps.banks.maxThreshold(this.deps.db);
    const now = Date.now();
    for (const [seq, since] of this.gaps) if (now - since > GAP_PATIENCE_MS) this.gaps.delete(seq);
    // Read again from the oldest open gap: re-applying what is already in is harmless.
    let from = this.lastSeq;
    for (const seq of this.gaps.keys()) from = Math.min(from, seq - 1);
    for (;;) {
      const changes = await this.deps.banks.changesSince(this.deps.db, from, PAGE);
      for (const c of changes) {
        this.gaps.delete(c.seq);
        if (c.seq > this.lastSeq) {
          for (let missing = this.lastSeq + 1; missing < c.seq; missing++) this.gaps.set(missing, now);
          this.lastSeq = c.seq;
        }
        if (c.kind === 'vpdq') this.applyFrame(c.hashId, c.op, c.value);
        else this.apply(c.hashId, c.op, c);
      }
      if (changes.length < PAGE) return;
      from = changes[changes.length - 1].seq;
    }
  }

  private apply(id: number, op: string, { value, variant, pipeline }: Omit<IndexedHash, 'id'>): void {
    const where = this.state(id);
    if (op === 'add' && where === 0) {
      const kind = isPlainVariant(variant) ? 1 : 2;
      if (kind === 2 && pipeline !== MATCH_PIPELINE_VERSION) return;
      (kind === 1 ? this.plain : this.derived).add(value, id);
      this.mark(id, kind);
    } else if (op === 'withdraw' && where !== 0) {
      (where === 1 ? this.plain : this.derived).remove(id, value);
      this.mark(id, 0);
    }
  }

  private applyFrame(id: number, op: string, value: string): void {
    const where = this.state(id);
    if (op === 'add' && where === 0) {
      this.frames.add(value, id);
      this.mark(id, 3);
    } else if (op === 'withdraw' && where === 3) {
      this.frames.remove(id, value);
      this.mark(id, 0);
    }
  }

  /** Banked video frames within `radius` of each upload frame (`query` is the frame's position). */
  searchFrames(hexes: readonly string[], radius: number): Candidate[] {
    const out: Candidate[] = [];
    if (this.frames.size === 0) return out;
    hexes.forEach((hex, query) => {
      for (const m of this.frames.query(hex, radius)) out.push({ ...m, query });
    });
    return out;
  }

  /**
   * Candidates within the radii: plain queries meet plain bank hashes at `plainRadius` and
   * derived ones at `radius`; derived queries meet derived bank hashes at `radius`, and plain
   * ones too when @redress/match's meetsPlainHashes says they may match them.
   */
  search(
    queries: ReadonlyArray<{ variant: string; hex: string }>,
    plainRadius: number,
    radius: number,
  ): Candidate[] {
    const out: Candidate[] = [];
    queries.forEach((q, query) => {
      // Each search at the review radius costs about ten at the plain one: skip those judgePair would refuse.
      if (meetsPlainHashes(q.variant)) {
        const r = isPlainVariant(q.variant) ? plainRadius : radius;
        for (const m of this.plain.query(q.hex, r)) out.push({ ...m, query });
      }
      if (this.derived.size > 0) for (const m of this.derived.query(q.hex, radius)) out.push({ ...m, query });
    });
    return out;
  }

  start(pollMs = 1000): void {
    const loop = () => {
      void this.poll().finally(() => {
        if (this.timer) this.timer = setTimeout(loop, retryDelayMs(this.failures, pollMs)).unref();
      });
    };
    this.timer = setTimeout(loop, pollMs).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.subscription?.close();
    await this.polling;
  }

  private state(id: number): number {
    return id < this.present.length ? this.present[id] : 0;
  }

  private mark(id: number, value: number): void {
    if (id >= this.present.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.present.length * 2));
      grown.set(this.present);
      this.present = grown;
    }
    this.present[id] = value;
  }
}

function build(rows: Array<{ id: number; value: string }>): HammingIndex {
  if (rows.length === 0) return new MultiIndexHash();
  return MultiIndexHash.build(
    codesFromHex(rows.map((r) => r.value)),
    rows.map((r) => r.id),
  );
}
