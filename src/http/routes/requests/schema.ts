/**
 * Request and response schemas of the public request endpoints. They validate (unknown fields
 * are refused, every string is bounded) and document the API in the OpenAPI file at once. The
 * four statutory elements are optional here on purpose: an incomplete request is still received
 * and answered with what is missing (TIDA-C3, D3).
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CASE_NUMBER_PATTERN } from '../../../domain/case-number.ts';
import { MISSING_CODES } from '../../../domain/elements.ts';
import { MAX_ITEM_VARIANTS } from '../../../domain/item-variants.ts';
import { CAPACITIES, LEGAL_BASES, REQUEST_STATUSES, SUBMITTER_ROLES } from '../../../domain/request.ts';

const strict = { additionalProperties: false } as const;
const text = (maxLength: number) => Type.String({ maxLength });
const hex64 = Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: '256 bits as 64 hex digits' });
/** A string enum, shown as `enum` in OpenAPI and inferred as the union of its values. */
export const literals = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

/** Derived PDQ hashes of your own copy (`bankVariants` of @redress/match), banked on removal. */
const ItemVariantsSchema = Type.Object(
  {
    pipeline: Type.Integer({ minimum: 1, description: 'the match pipeline version that made them' }),
    hashes: Type.Array(
      Type.Object(
        {
          variant: Type.String({ pattern: '^(trimmed/)?(whole|crop-\\d{1,2}|rot[+-]\\d)$' }),
          pdq: hex64,
          quality: Type.Integer({ minimum: 0, maximum: 100 }),
        },
        strict,
      ),
      { maxItems: MAX_ITEM_VARIANTS },
    ),
  },
  {
    ...strict,
    description: 'Derived hashes of your own copy (centre crops, tilts), made where the pixels are',
  },
);

export const Item = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://[^\\s]+$' })),
    platformItemId: Type.Optional(text(256)),
    sha256: Type.Optional(hex64),
    pdq: Type.Optional(hex64),
    description: Type.Optional(text(1000)),
    variants: Type.Optional(ItemVariantsSchema),
  },
  {
    ...strict,
    description: 'One depiction: where it is (URL or item id) and optional hashes of your own copy',
  },
);

const submitterFields = {
  capacity: Type.Optional(literals(CAPACITIES)),
  name: Type.Optional(text(200)),
  email: Type.Optional(Type.String({ maxLength: 320, format: 'email' })),
  phone: Type.Optional(text(50)),
  postalAddress: Type.Optional(text(500)),
  authorityEvidence: Type.Optional(text(2000)),
};

const optionalFields = {
  signature: Type.Optional(
    Type.Object(
      { fullName: text(200), signedAt: Type.Optional(Type.String({ format: 'date-time' })) },
      strict,
    ),
  ),
  goodFaithStatement: Type.Optional(text(5000)),
  context: Type.Optional(text(5000)),
  aiGeneratedBelief: Type.Optional(Type.Boolean()),
  minorInvolved: Type.Optional(Type.Boolean()),
  perjuryStatement: Type.Optional(Type.Boolean()),
  bonaFideStatement: Type.Optional(Type.Boolean()),
  copyrightedWork: Type.Optional(text(2000)),
};

export const SubmissionBody = Type.Object(
  {
    legalBasis: literals(LEGAL_BASES),
    submitter: Type.Object({ role: literals(SUBMITTER_ROLES), ...submitterFields }, strict),
    items: Type.Array(Item, { maxItems: 50 }),
    ...optionalFields,
  },
  strict,
);
export type SubmissionBody = Static<typeof SubmissionBody>;

export const CompletionBody = Type.Object(
  {
    submitter: Type.Optional(Type.Object(submitterFields, strict)),
    items: Type.Optional(Type.Array(Item, { maxItems: 50 })),
    ...optionalFields,
  },
  strict,
);
export type CompletionBody = Static<typeof CompletionBody>;

export const CaseParams = Type.Object({ caseNumber: Type.String({ pattern: CASE_NUMBER_PATTERN }) }, strict);
export const TokenQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 100 })) }, strict);
export const AppealBody = Type.Object({ statement: Type.String({ minLength: 1, maxLength: 5000 }) }, strict);

const Missing = Type.Array(Type.Object({ code: literals(MISSING_CODES), text: Type.String() }));

export const SubmitResponse = Type.Object({
  caseNumber: Type.String(),
  statusToken: Type.String({ description: 'Shown once; needed to see the status. Keep it private.' }),
  status: literals(REQUEST_STATUSES),
  receivedAt: Type.String({ format: 'date-time' }),
  deadlineAt: Type.String({ format: 'date-time' }),
  missing: Missing,
});

export const StatusResponse = Type.Object({
  caseNumber: Type.String(),
  status: literals(REQUEST_STATUSES),
  receivedAt: Type.String({ format: 'date-time' }),
  deadlineAt: Type.String({ format: 'date-time' }),
  missing: Missing,
  items: Type.Array(Type.Object({ position: Type.Integer(), status: Type.String() })),
  reasonCode: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
});

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    requestId: Type.String(),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  }),
});

export type CaseParams = Static<typeof CaseParams>;
export type TokenQuery = Static<typeof TokenQuery>;
export type AppealBody = Static<typeof AppealBody>;
