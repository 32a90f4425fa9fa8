/**
 * Someone who can write the database rewrites history, by direct SQL, on both databases:
 * (a) deletes the tail and moves the head back, (b) turns a `reject` into a `remove` and
 * recomputes the chain as the old unkeyed scheme would, (c) deletes everything. Each time they
 * also delete the database's own record of checkpoints. `redress audit verify` holds the keyed
 * chain against the signed checkpoint in the witness file and names the gap; a clean log passes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/database.ts';
import { GENESIS_HASH } from '../../src/domain/audit-events.ts';
import type { Runtime } from '../../src/runtime.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { recomputeUnkeyed } from '../helpers/audit-rewrite.ts';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

type Rewrite = (rt: Runtime, db: Executor, decidedSeq: number) => Promise<unknown>;

const rewrites: [string, Rewrite, RegExp][] = [
  [
    '(a) the tail deleted and the head moved back',
    async (_rt, db) => {
      const kept = await db
        .selectFrom('audit_events')
        .select(['seq', 'hash'])
        .where('seq', '=', 4)
        .executeTakeFirstOrThrow();
      await db.deleteFrom('audit_events').where('seq', '>', 4).execute();
      await db.updateTable('audit_head').set({ seq: 4, hash: kept.hash }).where('id', '=', 1).execute();
    },
    /BROKEN at event #5 \(missing\): missing tail: the log ends at #4, but the checkpoint of #\d+ made .* witnessed #\d+; events #5 to #\d+ were removed/,
  ],
  [
    '(b) a reject rewritten into a remove, the chain recomputed',
    async (rt, db, decidedSeq) => {
      const data = JSON.stringify({
        decision: 'remove',
        reasonCode: null,
        facts: 'no consent',
        automated: false,
      });
      await db.updateTable('audit_events').set({ data }).where('seq', '=', decidedSeq).execute();
      await recomputeUnkeyed(rt, db, decidedSeq);
    },
    /BROKEN at event #\d+ \(.+\): rewritten: hashed without the instance key, but the chain is keyed from #1/,
  ],
  [
    '(b) every event recomputed unkeyed and the keyed boundary moved',
    async (rt, db, decidedSeq) => {
      const data = JSON.stringify({
        decision: 'remove',
        reasonCode: null,
        facts: 'no consent',
        automated: false,
      });
      await db.updateTable('audit_events').set({ data }).where('seq', '=', decidedSeq).execute();
      await recomputeUnkeyed(rt, db, 1);
      await db.updateTable('audit_head').set({ keyed_from: 1_000_000 }).where('id', '=', 1).execute();
    },
    /BROKEN at event #\d+ \(.+\): rewritten: its hash differs from the one in the checkpoint of #\d+ made .*witness\.ndjson\)/,
  ],
  [
    '(c) everything deleted',
    async (_rt, db) => {
      await db.deleteFrom('audit_events').execute();
      await db.updateTable('audit_head').set({ seq: 0, hash: GENESIS_HASH }).where('id', '=', 1).execute();
    },
    /BROKEN at event #1 \(missing\): everything deleted: the log holds no events, but the checkpoint of #\d+ made .* witnessed #\d+/,
  ],
];

describe.each(DATABASES)('rewriting history on %s', (kind) => {
  it.each(rewrites)('%s is named by audit verify', async (_name, rewrite, expected) => {
    const witnessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-witness-'));
    const witnessFile = path.join(witnessDir, 'witness.ndjson');
    const { rt, env, close } = await openTestRuntime(kind, {
      extraEnv: { REDRESS_AUDIT_WITNESS_FILE: witnessFile },
    });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
      const first = await submitRequest(deps, completeRequest());
      await submitRequest(deps, completeRequest({ minorInvolved: true }));
      await decideRequest(deps, {
        requestId: first.requestId,
        decision: 'reject',
        reasonCode: 'not_identifiable',
        facts: 'no consent',
        actor: 'user:mod',
      });
      const events = await rt.repos.audit.list(rt.database.db);
      const decided = events.find((e) => e.type === 'request.decided');
      expect(decided?.data).toMatchObject({ decision: 'reject' });
      // The worker's checkpoint pass signs the head; the job writes it to the witness file.
      await rt.createWorker().tick();
      expect(fs.readFileSync(witnessFile, 'utf8').trim().split('\n')).toHaveLength(1);

      const clean = await runCli(['audit', 'verify'], env.env);
      expect(clean.stdout, clean.stderr).toContain(`audit log OK: ${events.length} events, chain intact`);
      expect(clean.stdout).toContain(`matches the signed checkpoint of #${events.length}`);
      expect(clean.code).toBe(0);

      await rt.database.transact(async (trx) => {
        await rewrite(rt, trx, decided!.seq);
        await trx.deleteFrom('audit_checkpoints').execute();
      });
      const broken = await runCli(['audit', 'verify'], env.env);
      expect(broken.stdout, broken.stderr).toMatch(expected);
      expect(broken.code).toBe(2);
    } finally {
      await close();
      fs.rmSync(witnessDir, { recursive: true, force: true });
    }
  });
});
