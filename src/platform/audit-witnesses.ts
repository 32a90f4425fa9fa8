/**
 * Where checkpoints of the audit chain go, and where `audit verify` reads them back: an NDJSON
 * file (append-only, best on another volume or a mount the database host cannot rewrite) and
 * URLs that receive a signed POST (a webhook, or another Redress's `/api/v1/audit/witness`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCheckpoint } from '../domain/audit-checkpoint.ts';
import type { Checkpoint } from '../domain/audit-checkpoint.ts';
import type { SigningKey } from '../security/derived-keys.ts';

/** Header of a witness POST: the checkpoint key's id and its Ed25519 signature of the exact body. */
export const WITNESS_SIGNATURE_HEADER = 'redress-signature';

/** Appends one checkpoint document as a line, flushed to disk before returning. */
export function appendToWitnessFile(file: string, document: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(document)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface WitnessFileContents {
  checkpoints: Checkpoint[];
  /** Lines that are not checkpoints at all. */
  unreadable: number;
}

/** The checkpoints in a witness file (signatures are checked by the verifier). */
export function readWitnessFile(file: string): WitnessFileContents {
  const text = fs.readFileSync(file, 'utf8');
  const checkpoints: Checkpoint[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: Checkpoint | null = null;
    try {
      parsed = parseCheckpoint(JSON.parse(line));
    } catch {
      parsed = null;
    }
    if (parsed) checkpoints.push(parsed);
    else unreadable++;
  }
  return { checkpoints, unreadable };
}

/** A failure no retry will fix (the witness refused the checkpoint). */
class WitnessRefused extends Error {
  readonly permanent = true;
}

/** POSTs a checkpoint document; throws to retry on network errors and 5xx, permanently on 4xx. */
export async function postToWitness(
  url: string,
  document: Record<string, unknown>,
  signer: SigningKey,
  timeoutMs: number,
): Promise<void> {
  const body = JSON.stringify(document);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [WITNESS_SIGNATURE_HEADER]: `keyId=${signer.keyId},ed25519=${signer.sign(body)}`,
    },
    body,
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  if (response.ok) return;
  const message = `witness answered ${response.status}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
    throw new WitnessRefused(message);
  throw new Error(message);
}

/** The checkpoints of each witness file that exists, named by its path (a missing file has none yet). */
export function witnessSources(files: readonly string[]): (WitnessFileContents & { source: string })[] {
  return files.filter((f) => fs.existsSync(f)).map((f) => ({ source: f, ...readWitnessFile(f) }));
}
