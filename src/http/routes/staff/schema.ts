/**
 * Schemas of the staff endpoints (queue, case detail, decisions, item outcomes, appeals).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CursorParam } from '../../page-cursor.ts';
import { ITEM_OUTCOMES, REJECTION_REASONS } from '../../../domain/request.ts';
import { CaseParams, literals } from '../requests/schema.ts';

const strict = { additionalProperties: false } as const;

export { CaseParams };
export const QueueQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    after: Type.Optional(CursorParam),
  },
  strict,
);
export const AssignBody = Type.Object({ assigneeId: Type.Optional(Type.String({ maxLength: 64 })) }, strict);
export const DecisionBody = Type.Object(
  {
    decision: literals(['remove', 'reject', 'escalate_legal'] as const),
    reasonCode: Type.Optional(literals(REJECTION_REASONS)),
    facts: Type.Optional(Type.String({ maxLength: 5000, description: 'Facts relied on (TIDA-F2)' })),
  },
  strict,
);
export const ItemParams = Type.Object(
  { caseNumber: CaseParams.properties.caseNumber, itemId: Type.String({ format: 'uuid' }) },
  strict,
);
export const ItemOutcomeBody = Type.Object(
  { outcome: literals(ITEM_OUTCOMES), facts: Type.Optional(Type.String({ maxLength: 5000 })) },
  strict,
);
export const UploaderAppealBody = Type.Object(
  { statement: Type.String({ minLength: 1, maxLength: 5000 }) },
  strict,
);
export const AppealParams = Type.Object({ appealId: Type.String({ format: 'uuid' }) }, strict);
export const AppealDecisionBody = Type.Object({ outcome: literals(['uphold', 'overturn'] as const) }, strict);
export const UserBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    role: literals(['admin', 'moderator', 'auditor'] as const),
  },
  strict,
);
export const ApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: literals(['admin', 'moderator', 'auditor', 'platform'] as const),
  },
  strict,
);
export const ClaimNextAnswer = Type.Object({
  claimed: Type.Union(
    [Type.Object({ caseNumber: Type.String(), dueAt: Type.String({ format: 'date-time' }) }), Type.Null()],
    { description: 'The case now assigned to you, or null when no unassigned case is waiting' },
  ),
});
export const ApiKeyParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, strict);

export type QueueQuery = Static<typeof QueueQuery>;
export type AssignBody = Static<typeof AssignBody>;
export type DecisionBody = Static<typeof DecisionBody>;
export type ItemParams = Static<typeof ItemParams>;
export type ItemOutcomeBody = Static<typeof ItemOutcomeBody>;
export type UploaderAppealBody = Static<typeof UploaderAppealBody>;
export type AppealParams = Static<typeof AppealParams>;
export type AppealDecisionBody = Static<typeof AppealDecisionBody>;
export type UserBody = Static<typeof UserBody>;
export type ApiKeyBody = Static<typeof ApiKeyBody>;
