/**
 * `redress audit verify` checks the keyed hash chain and holds it against the latest signed
 * checkpoint it can obtain (the witness file, or `--checkpoints FILE`), exiting non-zero and
 * naming the gap: an altered or rewritten event, a missing tail, everything deleted.
 * `redress audit checkpoint` signs one now; `redress audit public-key` prints the key witnesses
 * and peers check signatures with; `redress audit export` writes the log as NDJSON (TIDA-H1).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { checkpointDocument } from '../domain/audit-checkpoint.ts';
import { verifyAuditLog } from '../use-cases/verify-audit-log.ts';
import type { AuditVerification } from '../use-cases/verify-audit-log.ts';
import { witnessSources } from '../platform/audit-witnesses.ts';
import { openCommandRuntime, withDataDir } from './options.ts';

export function describeVerification(result: AuditVerification): string {
  const lines: string[] = [];
  if (result.ok) {
    const unkeyed = result.unkeyed ? `; the first ${result.unkeyed} from before keyed hashing` : '';
    lines.push(`audit log OK: ${result.checked} events, chain intact${unkeyed}`);
    const c = result.checkpoint;
    lines.push(
      c
        ? `matches the signed checkpoint of #${c.seq} made ${c.at} (${c.source})`
        : 'warning: no signed checkpoint found, so a removed tail or an emptied log cannot be detected (set REDRESS_AUDIT_WITNESS_FILE or pass --checkpoints FILE)',
    );
  } else {
    const bad = result.firstBad;
    const id = bad?.id.startsWith('(') ? bad.id : `(${bad?.id})`;
    lines.push(`audit log BROKEN at event #${bad?.seq} ${id}: ${bad?.problem}`);
  }
  if (result.ignored)
    lines.push(`warning: ${result.ignored} checkpoints not signed by this instance's key were ignored`);
  return lines.join('\n') + '\n';
}

export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('verify, checkpoint or export the tamper-evident audit log');
  withDataDir(audit.command('verify'))
    .description('check every event of the hash chain, and the chain against the latest checkpoint')
    .option(
      '--checkpoints <file>',
      'witness file (NDJSON) to read checkpoints from (default REDRESS_AUDIT_WITNESS_FILE)',
    )
    .action(async (options: { dataDir?: string; checkpoints?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const file = options.checkpoints ?? rt.config.auditWitness.witnessFile;
        if (options.checkpoints && !fs.existsSync(options.checkpoints))
          throw new Error(`cannot read ${options.checkpoints}`);
        const sources = witnessSources(file ? [file] : []);
        const result = await verifyAuditLog(
          {
            db: rt.database.db,
            audit: rt.repos.audit,
            checkpoints: rt.repos.checkpoints,
            publicKey: rt.keys.checkpointSigner.publicKey,
          },
          sources,
        );
        process.stdout.write(describeVerification(result));
        for (const s of sources)
          if (s.unreadable)
            process.stdout.write(`warning: ${s.unreadable} lines of ${s.source} are not checkpoints\n`);
        if (!result.ok) process.exitCode = 2;
      } finally {
        await rt.close();
      }
    });
  withDataDir(audit.command('checkpoint'))
    .description(
      "sign a checkpoint of the chain's head now and queue it for the witnesses (the worker sends it)",
    )
    .action(async (options: { dataDir?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const checkpoint = await rt.checkpointAudit({ force: true });
        // Delivery to the witnesses is the worker's job (with retries), as for scheduled ones.
        const signer = rt.keys.checkpointSigner;
        process.stdout.write(
          checkpoint
            ? `${JSON.stringify(checkpointDocument(checkpoint, signer.publicKey))}\n`
            : 'nothing new since the last checkpoint\n',
        );
      } finally {
        await rt.close();
      }
    });
  withDataDir(audit.command('public-key'))
    .description(
      "print the public key that verifies this instance's checkpoints (for peers: REDRESS_AUDIT_WITNESS_FOR)",
    )
    .action(async (options: { dataDir?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const signer = rt.keys.checkpointSigner;
        process.stdout.write(`${JSON.stringify({ keyId: signer.keyId, publicKey: signer.publicKey })}\n`);
      } finally {
        await rt.close();
      }
    });
  withDataDir(audit.command('export'))
    .description('write every event as one JSON line')
    .option('--out <file>', 'file to write (default: standard output)')
    .action(async (options: { dataDir?: string; out?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const events = await rt.repos.audit.list(rt.database.db);
        const text = events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
        if (options.out) fs.writeFileSync(options.out, text, { mode: 0o600 });
        else process.stdout.write(text);
      } finally {
        await rt.close();
      }
    });
}
