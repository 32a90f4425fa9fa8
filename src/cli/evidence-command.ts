/**
 * `redress evidence CASE --out FILE` writes a case's signed evidence pack (personal data only
 * with `--include-personal-data`, which the case's audit log records); `redress evidence --from
 * DATE --to DATE --out FILE` a pack about the process over a range, without personal data;
 * `redress evidence verify FILE` checks a pack offline; `redress evidence public-key` prints the
 * key packs are signed with, for a recipient to pin with `verify --public-key`.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Command } from 'commander';
import { serialisePack } from '../domain/evidence-pack.ts';
import { exportCaseEvidence } from '../use-cases/export-case-evidence.ts';
import { exportRangeEvidence } from '../use-cases/export-range-evidence.ts';
import { verifyEvidencePack } from '../use-cases/verify-evidence-pack.ts';
import { openCommandRuntime, withDataDir } from './options.ts';

interface ExportOptions {
  dataDir?: string;
  out?: string;
  from?: string;
  to?: string;
  includePersonalData?: boolean;
}

/** A key as printed by `evidence public-key` (a JSON line) or the bare base64url key. */
function trustedKey(raw: string): string {
  const text = raw.trim();
  if (!text.startsWith('{')) return text;
  const parsed = JSON.parse(text) as { publicKey?: unknown };
  return typeof parsed.publicKey === 'string' ? parsed.publicKey : '';
}

export function registerEvidenceCommand(program: Command): void {
  const evidence = withDataDir(program.command('evidence'))
    .description('write or verify a signed evidence pack of a case or a date range')
    .argument('[case]', 'case number, e.g. RD-Q08H-M9QH')
    .option('--out <file>', 'file to write the pack to')
    .option('--from <date>', 'first day of the range (YYYY-MM-DD or ISO-8601), instead of a case')
    .option('--to <date>', 'last day of the range, included')
    .option(
      '--include-personal-data',
      "decrypt the requester's submission and appeal statements (recorded in the audit log)",
    )
    .action(async (caseNumber: string | undefined, options: ExportOptions) => {
      const ranged = options.from !== undefined || options.to !== undefined;
      if (!options.out) throw new Error('--out FILE is required');
      if (ranged === (caseNumber !== undefined))
        throw new Error('give either a case number or --from and --to');
      if (ranged && (!options.from || !options.to)) throw new Error('a range needs both --from and --to');
      if (ranged && options.includePersonalData)
        throw new Error('a date-range pack never holds personal data; export the case for that');
      const rt = await openCommandRuntime(options);
      try {
        const common = {
          db: rt.database.db,
          ...rt.repos,
          clock: rt.clock,
          signer: rt.keys.evidenceSigner,
        };
        const pack = caseNumber
          ? await exportCaseEvidence(
              {
                ...common,
                transact: rt.database.transact,
                copies: rt.stayDown.repos.copies,
                cipher: rt.cipher,
                checkpointPublicKey: rt.keys.checkpointSigner.publicKey,
              },
              {
                caseNumber,
                includePersonalData: options.includePersonalData === true,
                actor: `cli:${os.userInfo().username}`,
              },
            )
          : await exportRangeEvidence(common, { from: options.from!, to: options.to! });
        fs.writeFileSync(options.out, serialisePack(pack), { mode: 0o600 });
        const cases = Array.isArray(pack.content.cases) ? `${pack.content.cases.length} cases, ` : '';
        process.stdout.write(
          `evidence pack written to ${options.out} (${cases}${pack.personalData ? 'with' : 'without'} personal data, signed by ${pack.signer.keyId} ${pack.signer.publicKey})\n`,
        );
      } finally {
        await rt.close();
      }
    });
  evidence
    .command('verify')
    .description('check a pack offline: its bytes, its signature and its chain proof')
    .argument('<file>', 'the evidence pack')
    .option('--public-key <key>', 'the signing key you trust (as printed by `redress evidence public-key`)')
    .action((file: string, options: { publicKey?: string }) => {
      if (!fs.existsSync(file)) throw new Error(`cannot read ${file}`);
      const trusted = options.publicKey === undefined ? undefined : trustedKey(options.publicKey);
      const result = verifyEvidencePack(fs.readFileSync(file, 'utf8'), trusted);
      if (result.ok) {
        const p = result.pack!;
        const proof = p.chainProof;
        const chain = proof
          ? `; chain proof links its audit events to head #${proof.head.seq}${proof.checkpoint ? ` and the signed checkpoint of #${proof.checkpoint.seq}` : ' (no signed checkpoint yet)'}`
          : '';
        const pinned = trusted ? ' (the key you trust)' : '; pass --public-key to pin the signer';
        process.stdout.write(
          `evidence pack OK: signed by ${p.signer.keyId} ${p.signer.publicKey}${pinned}${chain}\n`,
        );
      } else {
        process.stdout.write(
          `evidence pack FAILED verification:\n${result.problems.map((m) => `- ${m}\n`).join('')}`,
        );
        process.exitCode = 2;
      }
    });
  withDataDir(evidence.command('public-key'))
    .description('print the public key evidence packs are signed with')
    .action(async (options: { dataDir?: string }) => {
      const rt = await openCommandRuntime(options);
      try {
        const signer = rt.keys.evidenceSigner;
        process.stdout.write(`${JSON.stringify({ keyId: signer.keyId, publicKey: signer.publicKey })}\n`);
      } finally {
        await rt.close();
      }
    });
}
