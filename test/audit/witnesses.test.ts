/**
 * Checkpoints of the audit head: the worker signs one after N events and on a schedule; they
 * reach a webhook (signed POST) and another Redress (kept as the peer's witnessed checkpoints,
 * authenticated by the signature); the peer's copy, fetched by an auditor, is what
 * `audit verify --checkpoints FILE` needs to name a removed tail. Forged checkpoints count for
 * nothing. Both databases.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { checkpointDocument, checkpointMessage } from '../../src/domain/audit-checkpoint.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { deriveSigningKey, verifySignature } from '../../src/security/derived-keys.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const submit = (rt: Runtime) =>
  submitRequest(
    { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock },
    completeRequest(),
  );

describe.each(DATABASES)('audit checkpoints on %s', (kind) => {
  it('are signed by the worker after N events and on a schedule', async () => {
    const clock = new ManualClock('2026-12-01T09:00:00.000Z');
    const { rt, close } = await openTestRuntime(kind, {
      clock,
      extraEnv: { REDRESS_AUDIT_CHECKPOINT_EVENTS: '4', REDRESS_AUDIT_CHECKPOINT_MINUTES: '60' },
    });
    try {
      const worker = rt.createWorker();
      const made = async () => {
        await worker.tick();
        return (await rt.repos.checkpoints.latest(rt.database.db))?.seq ?? 0;
      };
      expect(await made(), 'nothing to checkpoint yet').toBe(0);
      await submit(rt); // 2 events
      expect(await made(), 'the first events').toBe(2);
      await submit(rt); // 4
      expect(await made(), 'two events, ten minutes: not yet').toBe(2);
      await submit(rt); // 6
      expect(await made(), 'four events since the last').toBe(6);
      await submit(rt); // 8
      clock.advanceMs(59 * 60_000);
      expect(await made()).toBe(6);
      clock.advanceMs(60_000);
      expect(await made(), 'an hour since the last').toBe(8);
      clock.advanceHours(5);
      expect(await made(), 'the head has not moved').toBe(8);
      const own = await rt.repos.checkpoints.latest(rt.database.db);
      const publicKey = rt.keys.checkpointSigner.publicKey;
      expect(verifySignature(publicKey, checkpointMessage(own!), own!.signature)).toBe(true);
      expect(own).toMatchObject({ seq: 8, at: '2026-12-01T10:00:00.000Z', keyId: 'audit-checkpoint/v1' });
    } finally {
      await close();
    }
  });

  it('reach a webhook and a peer Redress, whose copy names a removed tail', async () => {
    const received: { body: string; signature: string }[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['redress-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/witness`;
    const keyA = crypto.randomBytes(32).toString('hex');
    const publicKeyA = deriveSigningKey(Buffer.from(keyA, 'hex'), 'audit-checkpoint/v1').publicKey;
    const b = await openTestRuntime(kind, {
      extraEnv: { REDRESS_AUDIT_WITNESS_FOR: `site-a=${publicKeyA}` },
    });
    const appB = await buildApp(b.rt);
    const urlB = await appB.listen({ host: '127.0.0.1', port: 0 });
    const a = await openTestRuntime(kind, {
      extraEnv: {
        REDRESS_SECRET_KEY: keyA,
        REDRESS_AUDIT_WITNESS_URLS: `${urlB}/api/v1/audit/witness,${hookUrl}`,
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-peer-'));
    try {
      expect(a.rt.keys.checkpointSigner.publicKey).toBe(publicKeyA);
      await submit(a.rt);
      await submit(a.rt);
      const checkpoint = await a.rt.checkpointAudit({ force: true });
      expect(checkpoint?.seq).toBe(4);
      await a.rt.createWorker().runDueJobs();
      const jobs = await a.rt.repos.jobs.list(a.rt.database.db, { type: 'audit.witness' });
      expect(jobs.map((j) => j.status)).toEqual(['done', 'done']);

      // The webhook got the checkpoint with a signature of the exact body.
      expect(received).toHaveLength(1);
      const sig = /^keyId=audit-checkpoint\/v1,ed25519=([\w-]+)$/.exec(received[0].signature)?.[1];
      expect(verifySignature(publicKeyA, received[0].body, sig ?? '')).toBe(true);
      expect(JSON.parse(received[0].body)).toMatchObject({ seq: 4, publicKey: publicKeyA });

      // A checkpoint signed by anyone else is refused by the peer.
      const stranger = deriveSigningKey(crypto.randomBytes(32));
      const forgedFields = {
        seq: 99,
        headHash: 'f'.repeat(64),
        at: new Date().toISOString(),
        keyId: 'audit-checkpoint/v1',
      };
      const forged = { ...forgedFields, signature: stranger.sign(checkpointMessage(forgedFields)) };
      const refused = await fetch(`${urlB}/api/v1/audit/witness`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(checkpointDocument(forged, stranger.publicKey)),
      });
      expect(refused.status).toBe(401);

      // The peer's auditor fetches what it witnessed for site-a.
      const deps = { transact: b.rt.database.transact, staff: b.rt.repos.staff, clock: b.rt.clock };
      const { key } = await createApiKey(deps, { name: 'auditor', role: 'auditor' });
      const noAuth = await fetch(`${urlB}/api/v1/audit/witnessed?peer=site-a`);
      expect(noAuth.status).toBe(401);
      const res = await fetch(`${urlB}/api/v1/audit/witnessed?peer=site-a`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(200);
      const witnessed = await res.text();
      expect(
        witnessed
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).seq),
      ).toEqual([4]);
      const file = path.join(dir, 'from-peer.ndjson');
      // A forged line beside the genuine one changes nothing.
      fs.writeFileSync(
        file,
        witnessed + JSON.stringify(checkpointDocument(forged, stranger.publicKey)) + '\n',
      );

      // On site-a, someone deletes the last event, moves the head back and wipes its checkpoints.
      await a.rt.database.transact(async (trx) => {
        const kept = await trx
          .selectFrom('audit_events')
          .select('hash')
          .where('seq', '=', 3)
          .executeTakeFirstOrThrow();
        await trx.deleteFrom('audit_events').where('seq', '>', 3).execute();
        await trx.updateTable('audit_head').set({ seq: 3, hash: kept.hash }).where('id', '=', 1).execute();
        await trx.deleteFrom('audit_checkpoints').execute();
      });
      const plain = await runCli(['audit', 'verify'], a.env.env);
      expect(plain.stdout).toContain('audit log OK: 3 events');
      expect(plain.stdout).toContain('no signed checkpoint found');
      const held = await runCli(['audit', 'verify', '--checkpoints', file], a.env.env);
      expect(held.stdout).toContain(
        'BROKEN at event #4 (missing): missing tail: the log ends at #3, but the checkpoint of #4',
      );
      expect(held.stdout).toContain("1 checkpoints not signed by this instance's key were ignored");
      expect(held.code).toBe(2);
    } finally {
      await appB.close();
      await a.close();
      await b.close();
      await new Promise((resolve) => hook.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GET /api/v1/audit/verify names an emptied log against the witness file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-witness-'));
    const { rt, close } = await openTestRuntime(kind, {
      extraEnv: { REDRESS_AUDIT_WITNESS_FILE: path.join(dir, 'witness.ndjson') },
    });
    const app = await buildApp(rt);
    try {
      const deps = { transact: rt.database.transact, staff: rt.repos.staff, clock: rt.clock };
      const { key } = await createApiKey(deps, { name: 'auditor', role: 'auditor' });
      await submit(rt);
      await rt.createWorker().tick();
      const verify = async () =>
        (
          await app.inject({ url: '/api/v1/audit/verify', headers: { authorization: `Bearer ${key}` } })
        ).json();
      expect(await verify()).toMatchObject({ ok: true, checked: 2, unkeyed: 0, checkpoint: { seq: 2 } });
      await rt.database.transact(async (trx) => {
        await trx.deleteFrom('audit_events').execute();
        await trx.deleteFrom('audit_checkpoints').execute();
        await trx
          .updateTable('audit_head')
          .set({ seq: 0, hash: '0'.repeat(64) })
          .where('id', '=', 1)
          .execute();
      });
      const broken = (await verify()) as { ok: boolean; firstBad: { problem: string } };
      expect(broken.ok).toBe(false);
      expect(broken.firstBad.problem).toMatch(
        /^everything deleted: the log holds no events, but the checkpoint of #2/,
      );
    } finally {
      await app.close();
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(kind === 'sqlite')('audit checkpoint and audit public-key on the command line', async () => {
    const { rt, env, close } = await openTestRuntime(kind);
    try {
      await submit(rt);
      const key = JSON.parse((await runCli(['audit', 'public-key'], env.env)).stdout) as Record<
        string,
        string
      >;
      expect(key).toEqual({ keyId: 'audit-checkpoint/v1', publicKey: rt.keys.checkpointSigner.publicKey });
      const made = await runCli(['audit', 'checkpoint'], env.env);
      const doc = JSON.parse(made.stdout) as { seq: number; signature: string };
      expect(doc.seq).toBe(2);
      expect(verifySignature(key.publicKey, checkpointMessage(doc as never), doc.signature)).toBe(true);
      expect((await runCli(['audit', 'checkpoint'], env.env)).stdout).toBe(
        'nothing new since the last checkpoint\n',
      );
    } finally {
      await close();
    }
  });
});
