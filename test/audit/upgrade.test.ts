/**
 * A log written before the chain was keyed still verifies after the upgrade: its events keep
 * their unkeyed SHA-256, every new event is keyed, and the boundary the upgrade recorded stops
 * anyone passing a recomputed unkeyed event off as an old one. Both databases.
 */
import crypto from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { migrations as postgresMigrations } from '../../src/db/migrations/postgres/index.ts';
import { migrations as sqliteMigrations } from '../../src/db/migrations/sqlite/index.ts';
import { chainPayload, GENESIS_HASH } from '../../src/domain/audit-events.ts';
import { createLogger } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { verifyAuditLog } from '../../src/use-cases/verify-audit-log.ts';
import { DATABASES, testEnv } from '../helpers/databases.ts';
import { recomputeUnkeyed } from '../helpers/audit-rewrite.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

describe.each(DATABASES)('an audit log from before keyed hashing on %s', (kind) => {
  it('still verifies, and new events are keyed', async () => {
    const env = testEnv(kind);
    const old = openDatabase(env.config);
    try {
      const schema = env.config.databaseSchema;
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(old.db);
      const chain = old.dialect === 'sqlite' ? sqliteMigrations : postgresMigrations;
      const before = Object.fromEntries(Object.entries(chain).filter(([name]) => name < '20261204100300'));
      const migrator = new Migrator({
        db: old.db,
        provider: { getMigrations: async () => before },
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      // Three events as the unkeyed scheme wrote them.
      let prevHash = GENESIS_HASH;
      for (let seq = 1; seq <= 3; seq++) {
        const base = {
          seq,
          id: crypto.randomUUID(),
          requestId: null,
          type: 'case.viewed',
          version: 1,
          actor: 'system',
          occurredAt: new Date(Date.UTC(2026, 10, seq)).toISOString(),
          data: { purpose: `old ${seq}` },
          prevHash,
        };
        const hash = sha256(chainPayload(base));
        await old.db
          .insertInto('audit_events')
          .values({
            seq,
            id: base.id,
            request_id: null,
            type: base.type,
            version: 1,
            actor: base.actor,
            occurred_at: base.occurredAt,
            data: JSON.stringify(base.data),
            prev_hash: prevHash,
            hash,
          })
          .execute();
        prevHash = hash;
      }
      await sql`update audit_head set seq = 3, hash = ${prevHash} where id = 1`.execute(old.db);
    } finally {
      await old.close();
    }

    const rt = await openRuntime(env.config, { log: createLogger('warn') });
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
      await submitRequest(deps, completeRequest());
      const verifyDeps = {
        db: rt.database.db,
        audit: rt.repos.audit,
        checkpoints: rt.repos.checkpoints,
        publicKey: rt.keys.checkpointSigner.publicKey,
      };
      const events = await rt.repos.audit.list(rt.database.db);
      expect(events).toHaveLength(5);
      const { hash, ...unhashed } = events[3];
      const keyed = crypto.createHmac('sha256', rt.keys.auditChain).update(chainPayload(unhashed));
      expect(hash, 'the first new event is keyed').toBe(keyed.digest('hex'));
      expect(events[2].hash).toBe(sha256(chainPayload(events[2])));
      expect(await verifyAuditLog(verifyDeps, [])).toMatchObject({ ok: true, checked: 5, unkeyed: 3 });

      // A keyed event recomputed the unkeyed way is not taken for an old one.
      await rt.database.transact((trx) => recomputeUnkeyed(rt, trx, 5));
      expect(await verifyAuditLog(verifyDeps, [])).toMatchObject({
        ok: false,
        firstBad: {
          seq: 5,
          problem: 'rewritten: hashed without the instance key, but the chain is keyed from #4',
        },
      });
    } finally {
      await rt.close();
      await env.cleanup();
    }
  });
});
