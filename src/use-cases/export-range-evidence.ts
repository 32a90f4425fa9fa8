/**
 * `redress evidence --from --to`: an evidence pack about the process, not about people, for an
 * inquiry such as the FTC's into how requests were handled. For each case received in the range:
 * its legal basis, channel, status, timings and whether it met its deadline, the decision and its
 * reason code, item outcomes and copies as counts, appeals and escalations, and the types and
 * times of its audit events. Nothing that names or points to a person or an item: no submission,
 * no facts written by staff, no statements, no URLs, no platform item ids, no staff ids.
 */
import type { Clock } from '../domain/clock.ts';
import { EVIDENCE_PACK_TYPE, evidenceRange, packMessage } from '../domain/evidence-pack.ts';
import type { EvidencePack } from '../domain/evidence-pack.ts';
import type { Executor } from '../db/database.ts';
import type { AppealsRepository } from '../db/repositories/appeals-repository.ts';
import type { auditCheckpointsRepository } from '../db/repositories/audit-checkpoints-repository.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import { evidenceRepository } from '../db/repositories/evidence-repository.ts';
import type { RequestsRepository } from '../db/repositories/requests-repository.ts';
import type { SigningKey } from '../security/derived-keys.ts';

export interface RangeEvidenceDeps {
  db: Executor;
  requests: RequestsRepository;
  appeals: AppealsRepository;
  audit: AuditRepository;
  checkpoints: typeof auditCheckpointsRepository;
  clock: Clock;
  signer: SigningKey;
}

const countBy = (values: string[]): Record<string, number> =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

const hoursBetween = (from: string, to: string | null): number | null =>
  to === null ? null : Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 100) / 100;

export async function exportRangeEvidence(
  deps: RangeEvidenceDeps,
  input: { from: string; to: string },
): Promise<EvidencePack> {
  const range = evidenceRange(input.from, input.to);
  const ex = deps.db;
  const rows = await evidenceRepository.receivedBetween(ex, range.from, range.to);
  const cases = [];
  for (const r of rows) {
    const items = await deps.requests.items(ex, r.id);
    const findings = await evidenceRepository.findings(ex, r.id);
    const appeals = await deps.appeals.forRequest(ex, r.id);
    const events = await deps.audit.list(ex, { requestId: r.id });
    cases.push({
      caseNumber: r.case_number,
      legalBasis: r.legal_basis,
      channel: r.channel,
      submitterRole: r.submitter_role,
      status: r.status,
      minorInvolved: Number(r.minor_involved) === 1,
      receivedAt: r.received_at,
      validatedAt: r.validated_at,
      assignedAt: r.assigned_at,
      decidedAt: r.decided_at,
      closedAt: r.closed_at,
      deadlineAt: r.deadline_at,
      hoursToDecide: hoursBetween(r.received_at, r.decided_at),
      hoursToClose: hoursBetween(r.received_at, r.closed_at),
      closedWithinDeadline: r.closed_at === null ? null : r.closed_at <= r.deadline_at,
      decision: r.decision,
      reasonCode: r.reason_code,
      itemOutcomes: countBy(items.map((i) => i.status)),
      copies: countBy(findings.map((f) => f.status)),
      appeals: appeals.map((a) => ({
        appellant: a.appellant,
        status: a.status,
        filedAt: a.created_at,
        decidedAt: a.decided_at,
      })),
      escalations: (await deps.requests.escalations(ex, r.id)).map((e) => ({
        stage: e.stage,
        dueAt: e.due_at,
        firedAt: e.fired_at,
      })),
      auditEvents: events.map((e) => ({ seq: e.seq, type: e.type, at: e.occurredAt, hash: e.hash })),
    });
  }
  const unsigned: Omit<EvidencePack, 'signature'> = {
    type: EVIDENCE_PACK_TYPE,
    generatedAt: deps.clock.now().toISOString(),
    scope: range,
    personalData: false,
    content: { cases },
    chainProof: null,
    signer: { keyId: deps.signer.keyId, publicKey: deps.signer.publicKey },
  };
  const plain = JSON.parse(JSON.stringify(unsigned)) as Omit<EvidencePack, 'signature'>;
  return { ...plain, signature: deps.signer.sign(packMessage(plain)) };
}
