/**
 * The removal request and its state machine. A request is received (TIDA-C3), found complete or
 * incomplete (C2, D3), reviewed, decided, and closed when each item is resolved (F1); withdrawals
 * and appeals (G1) are explicit transitions. Every move is checked here so no use case can put a
 * request in a state the process does not know.
 */
import { AppError } from './errors.ts';
import type { ItemVariants } from './item-variants.ts';

export const LEGAL_BASES = ['take_it_down', 'dsa', 'uk_osa', 'dmca'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const SUBMITTER_ROLES = ['depicted_person', 'authorised_representative'] as const;
export type SubmitterRole = (typeof SUBMITTER_ROLES)[number];

/** C1: who may act for the depicted person. */
export const CAPACITIES = ['parent_guardian', 'attorney', 'advocacy_organisation', 'other'] as const;
export type Capacity = (typeof CAPACITIES)[number];

export const REQUEST_STATUSES = [
  'received',
  'incomplete',
  'in_review',
  'legal_review',
  'approved',
  'removed',
  'partially_removed',
  'rejected',
  'withdrawn',
  'appealed',
  'restored',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Reasons a request may be refused; stable codes for statements of reasons (F4, J1). */
export const REJECTION_REASONS = [
  'not_intimate_imagery',
  'not_identifiable',
  'consent_to_publication',
  'not_located',
  'requester_not_authorised',
  'duplicate',
  'fraudulent',
  'other',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const ITEM_OUTCOMES = ['removed', 'preserved', 'not_found'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];
export type ItemStatus = 'pending' | ItemOutcome | 'restored';

export interface ItemInput {
  url?: string;
  platformItemId?: string;
  sha256?: string;
  pdq?: string;
  description?: string;
  /** Derived hashes of the requester's own copy, made in their browser (see item-variants.ts). */
  variants?: ItemVariants;
}

/** The request as the requester wrote it (C2, C5, J1-J3). Everything is optional at intake
 * because an incomplete request still gets a receipt time and an answer listing what is missing. */
export interface Submission {
  legalBasis: LegalBasis;
  submitter: {
    role: SubmitterRole;
    capacity?: Capacity;
    name?: string;
    email?: string;
    phone?: string;
    postalAddress?: string;
    authorityEvidence?: string;
  };
  items: ItemInput[];
  signature?: { fullName: string; signedAt?: string };
  goodFaithStatement?: string;
  context?: string;
  aiGeneratedBelief?: boolean;
  minorInvolved?: boolean;
  perjuryStatement?: boolean;
  bonaFideStatement?: boolean;
  copyrightedWork?: string;
}

export const OPEN_STATUSES: readonly RequestStatus[] = [
  'received',
  'incomplete',
  'in_review',
  'legal_review',
  'approved',
];

export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export type Action =
  | 'validate_complete'
  | 'validate_incomplete'
  | 'complete'
  | 'assign'
  | 'approve'
  | 'reject'
  | 'escalate_legal'
  | 'resolve_items'
  | 'withdraw'
  | 'appeal'
  | 'uphold'
  | 'overturn';

const allowed: Record<Action, readonly RequestStatus[]> = {
  validate_complete: ['received'],
  validate_incomplete: ['received'],
  complete: ['incomplete'],
  assign: ['received', 'incomplete', 'in_review', 'legal_review', 'approved', 'appealed'],
  approve: ['in_review', 'legal_review'],
  reject: ['in_review', 'legal_review', 'incomplete'],
  escalate_legal: ['in_review'],
  resolve_items: ['approved'],
  withdraw: ['received', 'incomplete', 'in_review', 'legal_review', 'approved'],
  appeal: ['removed', 'partially_removed', 'rejected'],
  uphold: ['appealed'],
  overturn: ['appealed'],
};

/** Throws `invalid_transition` unless `action` is allowed from `status`. */
export function assertTransition(status: RequestStatus, action: Action): void {
  if (!allowed[action].includes(status)) {
    throw new AppError(
      'invalid_transition',
      `cannot ${action.replace('_', ' ')} a request that is ${status}`,
      {
        status,
        action,
      },
    );
  }
}

/** Closing status once every item has an outcome: all taken down -> removed, else partial. */
export function closingStatus(outcomes: readonly ItemStatus[]): RequestStatus | null {
  if (outcomes.some((o) => o === 'pending')) return null;
  const down = outcomes.filter((o) => o === 'removed' || o === 'preserved').length;
  if (down === outcomes.length) return 'removed';
  return down > 0 ? 'partially_removed' : 'rejected';
}

/** Status after an appeal is decided: upholding restores the prior outcome; overturning a
 * refusal reopens review, overturning a removal restores the content (after human review, G1). */
export function statusAfterAppeal(prior: RequestStatus, outcome: 'uphold' | 'overturn'): RequestStatus {
  if (outcome === 'uphold') return prior;
  return prior === 'rejected' ? 'in_review' : 'restored';
}

/** A4: evidence of apparent child abuse is preserved one year, never hard-deleted. */
export function preservationEnd(from: Date): Date {
  const end = new Date(from);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end;
}

/** G1: appeals stay open at least six months (DSA Art. 20). */
export const APPEAL_WINDOW_DAYS = 183;

/** Days within which an appeal should be decided, unless the operator sets another target. */
export const DEFAULT_APPEAL_TARGET_DAYS = 7;

/** When an appeal filed at `filedAt` is due: the queue orders it by this, like a deadline. */
export function appealDueAt(filedAt: Date, targetDays: number): Date {
  return new Date(filedAt.getTime() + targetDays * 86_400_000);
}
