/**
 * `redress evidence` on both databases, run as the operator would: a case's pack verifies offline
 * and fails after one altered byte, a changed signature, or a changed event (re-signed by another
 * key: caught by the pinned key; its hash changed: caught by the chain proof); exporting with
 * personal data is recorded in the case's audit log; a date-range pack names no person or item.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packMessage, serialisePack } from '../../src/domain/evidence-pack.ts';
import type { EvidencePack } from '../../src/domain/evidence-pack.ts';
import { deriveSigningKey } from '../../src/security/derived-keys.ts';
import { decideRequest } from '../../src/use-cases/decide-request.ts';
import { fileAppeal } from '../../src/use-cases/file-appeal.ts';
import { submitRequest } from '../../src/use-cases/submit-request.ts';
import type { Runtime } from '../../src/runtime.ts';
import { runCli } from '../helpers/cli.ts';
import { DATABASES, openTestRuntime } from '../helpers/databases.ts';
import type { TestEnv } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const PEOPLE = [
  { name: 'Jordan Quillfeather', email: 'jordan.q@example.net', url: 'https://platform.example/p/quill-1' },
  { name: 'Morgan Tealbrook', email: 'm.tealbrook@example.com', url: 'https://platform.example/p/teal-9' },
];
const FACTS = 'Compared with the photo Jordan Quillfeather supplied.';
const APPEAL = 'My cousin Riley can confirm it is me in this picture.';

describe.each(DATABASES)('evidence packs on %s', (kind) => {
  let rt: Runtime;
  let env: TestEnv;
  let close: () => Promise<void>;
  let caseNumber: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redress-evidence-'));
  const file = (name: string) => path.join(dir, name);
  const cli = (...args: string[]) => runCli(args, env.env);

  beforeAll(async () => {
    const opened = await openTestRuntime(kind);
    ({ rt, env } = opened);
    close = opened.close;
    const deps = { transact: rt.database.transact, ...rt.repos, cipher: rt.cipher, clock: rt.clock };
    const cases = [];
    for (const p of PEOPLE) {
      cases.push(
        await submitRequest(
          deps,
          completeRequest({
            submitter: { role: 'depicted_person', name: p.name, email: p.email },
            signature: { fullName: p.name },
            items: [{ url: p.url, platformItemId: `item-${p.url.slice(-6)}` }],
          }),
        ),
      );
    }
    caseNumber = cases[0].caseNumber;
    await decideRequest(deps, {
      requestId: cases[0].requestId,
      decision: 'reject',
      reasonCode: 'not_identifiable',
      facts: FACTS,
      actor: 'staff',
    });
    await rt.checkpointAudit({ force: true });
    await fileAppeal(deps, {
      requestId: cases[0].requestId,
      appellant: 'requester',
      statement: APPEAL,
      actor: 'requester',
    });
  });
  afterAll(async () => {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a case pack that verifies offline, and fails after any change', async () => {
    const written = await cli('evidence', caseNumber, '--out', file('case.json'));
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const key = (await cli('evidence', 'public-key')).stdout.trim();
    const ok = await cli('evidence', 'verify', file('case.json'), '--public-key', key);
    expect(ok.stdout).toMatch(/evidence pack OK: .*the key you trust.*signed checkpoint of #/);
    expect(ok.code).toBe(0);

    const text = fs.readFileSync(file('case.json'), 'utf8');
    const pack = JSON.parse(text) as EvidencePack;
    const content = pack.content as { decisions: Array<{ data: { facts: string } }>; copies: unknown[] };
    expect(content.decisions[0].data.facts).toBe(FACTS);
    expect(pack.chainProof?.checkpoint).not.toBeNull();
    expect(text).not.toContain(PEOPLE[0].email); // personal data only on request
    expect(text).not.toContain(APPEAL);

    const failsWith = async (name: string, altered: string, expected: RegExp, ...extra: string[]) => {
      fs.writeFileSync(file(name), altered);
      const out = await cli('evidence', 'verify', file(name), ...extra);
      expect(out.stdout).toMatch(expected);
      expect(out.code).toBe(2);
    };
    // One byte: a digit of the head's hash.
    const at = text.indexOf(pack.chainProof!.head.hash) + 10;
    const flipped = text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1);
    await failsWith('byte.json', flipped, /FAILED[\s\S]*signature does not match/);
    // One byte of whitespace: the content parses the same, the bytes differ.
    await failsWith(
      'space.json',
      text.replace('\n  "content"', '\n   "content"'),
      /differs from its signed form/,
    );
    // The signature itself.
    const sig = pack.signature;
    const otherSig = sig.slice(0, 5) + (sig[5] === 'A' ? 'B' : 'A') + sig.slice(6);
    await failsWith('sig.json', serialisePack({ ...pack, signature: otherSig }), /signature does not match/);

    // An event rewritten and the pack re-signed by someone else's key: the pinned key catches it.
    const forger = deriveSigningKey(Buffer.alloc(32, 7), 'evidence/v1');
    const resign = (p: EvidencePack): string => {
      const unsigned = { ...p, signer: { keyId: forger.keyId, publicKey: forger.publicKey } };
      return serialisePack({ ...unsigned, signature: forger.sign(packMessage(unsigned)) });
    };
    const rewritten = structuredClone(pack);
    const events = (
      rewritten.content as { auditEvents: Array<{ data: Record<string, unknown>; hash: string }> }
    ).auditEvents;
    events[0].data = { ...events[0].data, itemCount: 9 };
    await failsWith(
      'forged.json',
      resign(rewritten),
      /different key than the one you trust/,
      '--public-key',
      key,
    );
    // ... and an event whose hash was changed no longer sits in the chain, whoever signed.
    events[0].hash = 'f'.repeat(64);
    await failsWith(
      'rehashed.json',
      resign(rewritten),
      /audit event #1 does not match its place in the chain/,
    );
  });

  it('discloses personal data only with --include-personal-data, and records that it did', async () => {
    const out = await cli('evidence', caseNumber, '--include-personal-data', '--out', file('personal.json'));
    expect(out.code).toBe(0);
    const text = fs.readFileSync(file('personal.json'), 'utf8');
    expect(text).toContain(PEOPLE[0].email);
    expect(text).toContain(APPEAL);
    expect((await cli('evidence', 'verify', file('personal.json'))).code).toBe(0);
    const found = await rt.repos.requests.findByCaseNumber(rt.database.db, caseNumber);
    const exports = (await rt.repos.audit.list(rt.database.db, { requestId: found!.id })).filter(
      (e) => e.type === 'case.evidence_exported',
    );
    expect(exports.map((e) => e.data)).toContainEqual({
      personalData: true,
      fields: ['submission', 'appeals.statement'],
    });
    expect(exports.at(-1)?.actor).toMatch(/^cli:/);
    const last = JSON.parse(text) as EvidencePack;
    const own = (last.content as { auditEvents: Array<{ type: string; data: unknown }> }).auditEvents.at(-1);
    expect(own).toMatchObject({ type: 'case.evidence_exported', data: { personalData: true } });
  });

  it('writes a date-range pack about the process that names no person or item', async () => {
    const out = await cli(
      'evidence',
      '--from',
      '2000-01-01',
      '--to',
      '2100-12-31',
      '--out',
      file('range.json'),
    );
    expect(out.stdout).toContain('2 cases, without personal data');
    expect(out.code).toBe(0);
    expect((await cli('evidence', 'verify', file('range.json'))).code).toBe(0);
    const text = fs.readFileSync(file('range.json'), 'utf8');
    const cases = (JSON.parse(text) as EvidencePack).content.cases as Array<Record<string, unknown>>;
    expect(cases.map((c) => c.caseNumber)).toContain(caseNumber);
    expect(cases.find((c) => c.caseNumber === caseNumber)).toMatchObject({
      decision: 'reject',
      reasonCode: 'not_identifiable',
    });
    for (const p of PEOPLE) {
      for (const value of [p.name, p.email, p.url, p.url.slice(-6)]) expect(text).not.toContain(value);
    }
    expect(text).not.toContain('Quillfeather');
    expect(text).not.toContain('Riley');
  });

  it('refuses a range with personal data or a bad date, with a clear message', async () => {
    const personal = await cli(
      'evidence',
      '--from',
      '2026-01-01',
      '--to',
      '2026-02-01',
      '--include-personal-data',
      '--out',
      file('x.json'),
    );
    expect(personal.stderr).toMatch(/never holds personal data/);
    expect(personal.code).toBe(1);
    const bad = await cli('evidence', '--from', 'yesterday', '--to', '2026-02-01', '--out', file('x.json'));
    expect(bad.stderr).toMatch(/YYYY-MM-DD/);
    expect(bad.code).toBe(1);
  });
});
