/**
 * `redress evidence CASE`: the evidence pack of one case, signed with the instance's evidence key.
 * It holds the request as received (its sealed submission and appeal statements only when the
 * operator asks for personal data), every decision with its facts, every copy found with its
 * distance, the removals and their verification, escalations, appeals, and the case's audit
 * events with a chain proof up to the log's head and the latest signed checkpoint.
 *
 * The export itself is an audit event of the case, written in the same transaction as the reads,
 * so the pack shows its own export, and a disclosure of personal data cannot happen unrecorded.
 * The keyed chain is verified first: a pack is never signed over a log that does not verify.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { EVIDENCE_PACK_TYPE, packMessage, proofStart } from '../domain/evidence-pack.ts';
import type { ChainProof, EvidencePack } from '../domain/evidence-pack.ts';
import type { Submission } from '../domain/request.ts';
import type { Executor, Transact } from '../db/database.ts';
import type { AppealsRepository } from '../db/repositories/appeals-repository.ts';
import type { auditCheckpointsRepository } from '../db/repositories/audit-checkpoints-repository.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { CopiesRepository } from '../db/repositories/copies-repository.ts';
import { evidenceRepository } from '../db/repositories/evidence-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import type { SigningKey } from '../security/derived-keys.ts';

export interface CaseEvidenceDeps {
  db: Executor;
  transact: Transact;
  requests: RequestsRepository;
  appeals: AppealsRepository;
  audit: AuditRepository;
  checkpoints: typeof auditCheckpointsRepository;
  copies: CopiesRepository;
  cipher: Cipher;
  clock: Clock;
  signer: SigningKey;
  /** Verifies a checkpoint made by this instance (its public key goes into the pack). */
  checkpointPublicKey: string;
}

const DECISION_EVENTS = new Set(['request.decided', 'appeal.decided', 'item.resolved', 'copy.reviewed']);
const REMOVAL_EVENTS = new Set(['item.resolved', 'copy.removed', 'removal.verified', 'upload.blocked']);
const PERSONAL_FIELDS = ['submission', 'appeals.statement'];

export async function exportCaseEvidence(
  deps: CaseEvidenceDeps,
  input: { caseNumber: string; includePersonalData: boolean; actor: string },
): Promise<EvidencePack> {
  const chain = await deps.audit.verify(deps.db);
  if (!chain.ok)
    throw new AppError(
      'conflict',
      `the audit log does not verify (event #${chain.firstBad?.seq}: ${chain.firstBad?.problem}); run redress audit verify`,
    );
  const unsigned = await deps.transact(async (trx) => {
    const found = await deps.requests.findByCaseNumber(trx, input.caseNumber);
    if (!found) throw new AppError('not_found', `no case ${input.caseNumber}`);
    const row = (await deps.requests.getForUpdate(trx, found.id)) ?? found;
    const now = deps.clock.now();
    await deps.audit.append(trx, {
      requestId: row.id,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'case.evidence_exported',
        version: 1,
        data: {
          personalData: input.includePersonalData,
          fields: input.includePersonalData ? PERSONAL_FIELDS : [],
        },
      },
    });
    const events = await deps.audit.list(trx, { requestId: row.id });
    const checkpoint = await deps.checkpoints.latest(trx);
    const head = await deps.checkpoints.head(trx);
    const start = proofStart(
      events.map((e) => e.seq),
      checkpoint?.seq,
    );
    const chainProof: ChainProof = {
      head,
      links: await evidenceRepository.chainLinks(trx, start),
      checkpoint: checkpoint ? { ...checkpoint, publicKey: deps.checkpointPublicKey } : null,
    };
    const appeals = await deps.appeals.forRequest(trx, row.id);
    const content = {
      request: {
        caseNumber: row.case_number,
        channel: row.channel,
        legalBasis: row.legal_basis,
        submitterRole: row.submitter_role,
        status: row.status,
        receivedAt: row.received_at,
        deadlineAt: row.deadline_at,
        validatedAt: row.validated_at,
        missing: row.missing === null ? null : (JSON.parse(row.missing) as unknown),
        assignedAt: row.assigned_at,
        decidedAt: row.decided_at,
        decision: row.decision,
        reasonCode: row.reason_code,
        closedAt: row.closed_at,
        minorInvolved: Number(row.minor_involved) === 1,
        aiGenerated: Number(row.ai_generated) === 1,
        preserveUntil: row.preserve_until,
        personalDataPurgedAt: row.personal_data_purged_at,
        submissionDigest: row.submission_digest,
        submission: input.includePersonalData
          ? (JSON.parse(deps.cipher.open(row.submission_enc)) as Submission)
          : undefined,
      },
      items: (await deps.requests.items(trx, row.id)).map((i) => ({
        id: i.id,
        position: Number(i.position),
        url: i.url,
        platformItemId: i.platform_item_id,
        sha256: i.sha256,
        pdq: i.pdq,
        status: i.status,
        resolvedAt: i.resolved_at,
        facts: i.facts,
      })),
      decisions: events.filter((e) => DECISION_EVENTS.has(e.type)),
      copies: (await evidenceRepository.findings(trx, row.id)).map((f) => ({
        id: f.id,
        sourceItemId: f.source_item_id,
        contentItemId: f.content_item_id,
        platformItemId: f.platform_item_id,
        matchKind: f.match_kind,
        distance: f.distance === null ? null : Number(f.distance),
        variant: f.variant,
        frameShare: f.frame_share === null ? null : Number(f.frame_share),
        status: f.status,
        foundAt: f.created_at,
        decidedAt: f.decided_at,
        decidedBy: f.decided_by,
      })),
      removals: events.filter((e) => REMOVAL_EVENTS.has(e.type)),
      uploadBlocks: await deps.copies.blocks(trx, row.id),
      escalations: await deps.requests.escalations(trx, row.id),
      appeals: appeals.map((a) => ({
        id: a.id,
        appellant: a.appellant,
        priorStatus: a.prior_status,
        status: a.status,
        filedAt: a.created_at,
        dueAt: a.due_at,
        decidedAt: a.decided_at,
        decidedBy: a.decided_by,
        statement: input.includePersonalData ? deps.cipher.open(a.statement_enc) : undefined,
      })),
      auditEvents: events,
    };
    return {
      type: EVIDENCE_PACK_TYPE,
      generatedAt: now.toISOString(),
      scope: { caseNumber: row.case_number },
      personalData: input.includePersonalData,
      content,
      chainProof,
      signer: { keyId: deps.signer.keyId, publicKey: deps.signer.publicKey },
    } satisfies Omit<EvidencePack, 'signature'>;
  });
  // Signed in the form a reader parses back (JSON types only), so the same bytes verify there.
  const plain = JSON.parse(JSON.stringify(unsigned)) as Omit<EvidencePack, 'signature'>;
  return { ...plain, signature: deps.signer.sign(packMessage(plain)) };
}
