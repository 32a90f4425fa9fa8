/**
 * Schemas of the platform's registry and check endpoints. Media travels either as base64 inside
 * JSON (registry batches) or as the raw request body (checks, `Content-Type: image/*`); hashes are
 * hex strings; unknown fields are refused like everywhere else.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { queryFlag } from '../../query.ts';

const strict = { additionalProperties: false } as const;
export const hex64 = Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: '256 bits as 64 hex digits' });
export const sha256Hex = Type.String({ pattern: '^[0-9a-fA-F]{64}$' });
export const md5Hex = Type.String({ pattern: '^[0-9a-fA-F]{32}$' });
const id = Type.String({ minLength: 1, maxLength: 256 });
/** Base64 (standard or URL-safe alphabet) of at least one byte: anything else is refused here
 *  rather than decoded into garbage or nothing. */
export const base64Media = (description: string) =>
  Type.String({ minLength: 4, pattern: '^[A-Za-z0-9+/_-]+={0,2}$', description });
const url = Type.String({ maxLength: 2048, pattern: '^https?://[^\\s]+$' });

export const Hashes = Type.Object(
  {
    sha256: Type.Optional(sha256Hex),
    md5: Type.Optional(md5Hex),
    pdq: Type.Optional(hex64),
    pdqQuality: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    vpdq: Type.Optional(
      Type.Union(
        [
          Type.Array(hex64, { minItems: 1, maxItems: 18_000 }),
          Type.String({ minLength: 1, maxLength: 2_000_000 }),
        ],
        {
          description:
            "a video's vPDQ frames: PDQ hashes in time order, or the reference text format " +
            '(frame_number,quality,pdq_hex,timestamp_seconds per line); not with pdq',
        },
      ),
    ),
  },
  strict,
);

export const ContentItem = Type.Object(
  {
    platformItemId: id,
    url: Type.Optional(url),
    uploaderId: Type.Optional(id),
    mediaBase64: Type.Optional(base64Media('the media bytes, base64; hashed, never stored')),
    fetch: Type.Optional(Type.Boolean({ description: 'fetch the media from url (SSRF-safe)' })),
    hashes: Type.Optional(Hashes),
  },
  strict,
);
export type ContentItem = Static<typeof ContentItem>;

export const ContentBody = Type.Union([
  ContentItem,
  Type.Object({ items: Type.Array(ContentItem, { minItems: 1, maxItems: 500 }) }, strict),
]);
export type ContentBody = Static<typeof ContentBody>;

export const CheckJsonBody = Type.Object(
  {
    url: Type.Optional(url),
    hashes: Type.Optional(
      Type.Object(
        {
          sha256: Type.Optional(sha256Hex),
          md5: Type.Optional(md5Hex),
          pdq: Type.Optional(Type.Union([hex64, Type.Array(hex64, { minItems: 1, maxItems: 32 })])),
        },
        strict,
      ),
    ),
    platformItemId: Type.Optional(id),
    uploaderId: Type.Optional(id),
    dryRun: Type.Optional(Type.Boolean({ description: 'do not record a block' })),
  },
  strict,
);
export type CheckJsonBody = Static<typeof CheckJsonBody>;

export const CheckQuery = Type.Object(
  {
    platformItemId: Type.Optional(id),
    uploaderId: Type.Optional(id),
    dryRun: Type.Optional(queryFlag('check only: do not record a block (1/0, true/false)')),
  },
  strict,
);
export type CheckQuery = Static<typeof CheckQuery>;

/** The check body as documented and validated: JSON (hashes, a URL) is checked against
 *  CheckJsonBody; image or video bytes are taken as they come (their schemas only describe them,
 *  so a Buffer body is never validated as a string). */
const rawMedia = (description: string) => ({ description: `${description}: the file's bytes (binary)` });
export const CheckBodyDoc = {
  content: {
    'application/json': { schema: CheckJsonBody },
    'image/*': { schema: rawMedia('the uploaded image') },
    'video/*': { schema: rawMedia('the uploaded video') },
    'application/octet-stream': { schema: rawMedia('an uploaded image or video') },
  },
};

const CheckMatchAnswer = Type.Object({
  bank: Type.String(),
  entry: Type.String(),
  kind: Type.String({ description: 'sha256, md5, pdq or vpdq' }),
  variant: Type.Union([Type.String(), Type.Null()], { description: 'the matched bank variant' }),
  queryVariant: Type.Union([Type.String(), Type.Null()], {
    description: "the upload's variant that matched",
  }),
  distance: Type.Number(),
  verdict: Type.String({ description: 'block or review' }),
  explanation: Type.String(),
  source: Type.String({ description: 'where the banked hash came from: a case, a partner or a network' }),
  video: Type.Optional(Type.Object({}, { additionalProperties: true })),
});
export const CheckAnswer = Type.Object({
  verdict: Type.String({ description: 'block, review or allow' }),
  suppressedBy: Type.Optional(
    Type.String({ description: 'the allow-bank entry that turned a block into an allow' }),
  ),
  matches: Type.Array(CheckMatchAnswer),
});
