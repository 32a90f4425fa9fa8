/**
 * The audit log's `submissionDigest` is keyed with a key derived from the instance secret: a
 * plain SHA-256 of the submission would let anyone holding the log confirm a guessed email
 * address. The digest stays stable for the same submission under one key, on both databases.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/audit-events.ts';
import { createCipher } from '../../src/security/cipher.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

describe.each(DATABASES)('the submission digest on %s', (kind) => {
  it('is not the plain SHA-256 and is stable for the same submission under one key', async () => {
    const { rt, close } = await openTestRuntime(kind);
    try {
      const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
      const submission = completeRequest();
      await submitRequest(deps, submission);
      await submitRequest(deps, completeRequest());
      await submitRequest(
        deps,
        completeRequest({ submitter: { ...submission.submitter, email: 'b@example.org' } }),
      );
      const events = await rt.repos.audit.list(rt.database.db);
      const digests = events
        .filter((e) => e.type === 'request.received')
        .map((e) => (e.data as { submissionDigest: string }).submissionDigest);
      expect(digests).toHaveLength(3);
      // A guess of the whole submission (email included) must not be confirmable from the log.
      expect(digests[0]).not.toBe(sha256(canonicalJson(submission)));
      expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(digests[1]).toBe(digests[0]);
      expect(digests[2]).not.toBe(digests[0]);
      const rows = await rt.database.db.selectFrom('requests').select('submission_digest').execute();
      expect(rows.map((r) => r.submission_digest).sort()).toEqual([...digests].sort());
      // Another instance secret gives another digest of the same submission.
      expect(createCipher(crypto.randomBytes(32)).fingerprint(canonicalJson(submission))).not.toBe(
        digests[0],
      );
    } finally {
      await close();
    }
  });
});
