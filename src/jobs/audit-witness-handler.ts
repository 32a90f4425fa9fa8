/**
 * Delivers a checkpoint to one witness (the `audit.witness` job). Only witnesses the operator
 * configures now are served: a job naming any other URL (someone wrote it into the database)
 * fails permanently instead of making the service POST wherever it says.
 */
import { PermanentJobError } from '../domain/jobs.ts';
import type { AuditWitnessConfig } from '../platform/audit-witness-config.ts';
import { appendToWitnessFile, postToWitness } from '../platform/audit-witnesses.ts';
import type { SigningKey } from '../security/derived-keys.ts';
import type { JobHandlers } from './worker.ts';

/** The witnesses checkpoints go to, as job payloads name them: `file` and each URL. */
export function witnessTargets(config: AuditWitnessConfig): string[] {
  return [...(config.witnessFile ? ['file'] : []), ...config.witnessUrls];
}

export function createAuditWitnessHandlers(
  config: AuditWitnessConfig,
  signer: SigningKey,
): Pick<JobHandlers, 'audit.witness'> {
  const deliver: JobHandlers['audit.witness'] = async (_job, payload) => {
    const { checkpoint: document, witness } = payload;
    if (witness === 'file' && config.witnessFile) return appendToWitnessFile(config.witnessFile, document);
    if (config.witnessUrls.includes(witness))
      return postToWitness(witness, document, signer, config.witnessTimeoutMs);
    throw new PermanentJobError('this witness is no longer configured');
  };
  return { 'audit.witness': deliver };
}
