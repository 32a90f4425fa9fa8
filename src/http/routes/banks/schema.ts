/**
 * Schemas of the staff endpoints for banks, bank entries, copy findings and webhook endpoints.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { queryFlag } from '../../query.ts';
import { BANK_NAME_PATTERN } from '../../../domain/bank-name.ts';
import { CASE_NUMBER_PATTERN } from '../../../domain/case-number.ts';
import { IMPORT_SOURCE_PATTERN } from '../../../use-cases/import-bank-list.ts';
import { base64Media } from '../content/schema.ts';
import { CursorParam } from '../../page-cursor.ts';

const strict = { additionalProperties: false } as const;
const name = Type.String({ pattern: BANK_NAME_PATTERN });

export const BankBody = Type.Object(
  {
    name,
    kind: Type.Optional(Type.Union([Type.Literal('block'), Type.Literal('import'), Type.Literal('allow')])),
    matchThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 40 })),
    onMatch: Type.Optional(Type.Union([Type.Literal('block'), Type.Literal('review')])),
    enabled: Type.Optional(Type.Boolean()),
  },
  strict,
);
export type BankBody = Static<typeof BankBody>;

export const BankParams = Type.Object({ name }, strict);
export type BankParams = Static<typeof BankParams>;

export const EntryBody = Type.Object(
  {
    label: Type.Optional(Type.String({ maxLength: 200 })),
    sourceRef: Type.Optional(
      Type.String({ maxLength: 200, description: 'import name or external reference' }),
    ),
    mediaBase64: Type.Optional(
      base64Media(
        'image bytes, base64: banked with all match variants; or a video (told by its container), banked as SHA-256, MD5 and vPDQ frames at 1 frame/s',
      ),
    ),
    hashes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            kind: Type.Union([
              Type.Literal('pdq'),
              Type.Literal('sha256'),
              Type.Literal('md5'),
              Type.Literal('vpdq'),
            ]),
            value: Type.String({ pattern: '^[0-9a-fA-F]{32,64}$' }),
            variant: Type.Optional(Type.String({ maxLength: 40 })),
            quality: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
            pipeline: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: 2_147_483_647,
                description:
                  'match-pipeline version of a derived PDQ variant, as the export lists it (default: this version)',
              }),
            ),
          },
          strict,
        ),
        {
          minItems: 1,
          // An hour of vPDQ frames at 1 frame/s (one entry is one video) and its exact hashes.
          maxItems: 3602,
          description:
            "as given; `vpdq`: one video's frames (PDQ hex each), as the export lists them, matched by the vPDQ rule",
        },
      ),
    ),
  },
  strict,
);
export type EntryBody = Static<typeof EntryBody>;

export const EntryParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, strict);
export type EntryParams = Static<typeof EntryParams>;
export const WithdrawBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, strict);
export type WithdrawBody = Static<typeof WithdrawBody>;

export const CaseParams = Type.Object({ caseNumber: Type.String({ pattern: CASE_NUMBER_PATTERN }) }, strict);
export type CaseParams = Static<typeof CaseParams>;
export const FindingDecisionBody = Type.Object(
  { outcome: Type.Union([Type.Literal('confirm'), Type.Literal('dismiss')]) },
  strict,
);
export type FindingDecisionBody = Static<typeof FindingDecisionBody>;

export const WebhookBody = Type.Object(
  {
    url: Type.String({ maxLength: 2048, pattern: '^https?://[^\\s]+$' }),
    events: Type.Array(
      Type.Union([
        Type.Literal('item.remove'),
        Type.Literal('item.restore'),
        Type.Literal('item.preserve'),
        Type.Literal('request.updated'),
        Type.Literal('*'),
      ]),
      { minItems: 1, maxItems: 10 },
    ),
  },
  strict,
);
export type WebhookBody = Static<typeof WebhookBody>;
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
    after: Type.Optional(CursorParam),
  },
  strict,
);
export type PageQuery = Static<typeof PageQuery>;

export const DeliveriesQuery = Type.Object(
  { eventId: Type.Optional(Type.String({ maxLength: 100 })), ...PageQuery.properties },
  strict,
);
export type DeliveriesQuery = Static<typeof DeliveriesQuery>;

export const ExportQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({ maxLength: 64, description: 'the last entry id of the previous page' }),
    ),
    // Query strings arrive as text (the service does not coerce types): digits, 1..1000.
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]{0,2}|1000)$' })),
  },
  strict,
);
export type ExportQuery = Static<typeof ExportQuery>;

export const ImportQuery = Type.Object(
  {
    source: Type.String({
      pattern: IMPORT_SOURCE_PATTERN,
      description: 'who the list comes from; entries are kept and synced per source',
    }),
    kind: Type.Optional(
      Type.Union([Type.Literal('pdq'), Type.Literal('md5'), Type.Literal('sha256')], {
        description: 'what the hashes of a plain list without a kind are (default pdq)',
      }),
    ),
    complete: Type.Optional(
      queryFlag(
        "the list is the source's whole list: its entries missing from it are withdrawn (1/0, true/false)",
      ),
    ),
  },
  strict,
);
export type ImportQuery = Static<typeof ImportQuery>;

/** The import body as documented: a plain list (`KIND HEX` or bare hashes per line) or NDJSON. */
export const ImportBodyDoc = {
  content: {
    'text/plain': {
      schema: { type: 'string', description: "one hash a line: 'KIND HEX' or a bare hex hash" },
    },
    'application/x-ndjson': {
      schema: { type: 'string', description: 'one JSON entry a line, as bank export writes' },
    },
  },
};
