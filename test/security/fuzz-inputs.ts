/**
 * Hostile requests generated from the OpenAPI document with fast-check: for each operation its
 * path parameters, query and JSON body, each value either well formed (from its schema: enums,
 * patterns, bounds, formats) or hostile (wrong types, NUL, CR/LF, lone surrogates, bidi
 * overrides, huge and deeply nested values, numbers past 2^31 and 1e300, bad base64, bad percent
 * escapes, unknown and missing fields), and bodies sent as the wrong content type or not at all.
 */
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';

export interface Schema {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

export interface Operation {
  key: string;
  method: string;
  path: string;
  params: Array<{ in: string; name: string; required?: boolean; schema: Schema }>;
  body?: Schema;
}

export interface FuzzCase {
  path: string;
  contentType?: string;
  body: Buffer;
  description: string;
}

const LONE_SURROGATE = String.fromCharCode(0xd800);
const HOSTILE_TEXT = [
  '',
  '\u0000',
  'a\u0000b',
  'line\r\nX-Injected: 1',
  '\r\n\r\n',
  '€',
  '日本語',
  `x${LONE_SURROGATE}y`,
  '\u202Eevil',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  'x'.repeat(5000),
  '-1',
  '0',
  '2147483648',
  '9007199254740993',
  '1e300',
  'NaN',
  'true',
  'null',
  '{}',
  '[]',
  '!!!!####',
  '====',
];
const HOSTILE_NUMBERS = [-1, 0.5, 2 ** 31, 2 ** 53 + 2, 1e300, -1e300];

export const hostileString: Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
);

/** Any JSON value of the wrong kind, up to a few levels deep. */
const wrongType: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, ...HOSTILE_NUMBERS, [], {}),
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
);

function stringFor(schema: Schema): Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.pattern) {
    try {
      const re = new RegExp(schema.pattern);
      return fc.stringMatching(re).filter((s) => s.length <= (schema.maxLength ?? 200));
    } catch {
      return fc.string();
    }
  }
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 60, 60) });
}

/** A value for `schema`: mostly of the right shape, often hostile in a leaf. */
export function valueFor(schema: Schema, depth = 0): Arbitrary<unknown> {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((v) => valueFor(v, depth)));
  let good: Arbitrary<unknown>;
  switch (schema.type) {
    case 'object': {
      const props = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      good = fc
        .tuple(
          fc.tuple(...props.map(([, s]) => fc.option(valueFor(s, depth + 1), { freq: 3, nil: undefined }))),
          fc.option(fc.tuple(fc.string({ maxLength: 10 }), wrongType), { freq: 8, nil: undefined }),
          fc.boolean(),
        )
        .map(([values, extra, dropRequired]) => {
          const out: Record<string, unknown> = {};
          props.forEach(([name], i) => {
            const v = values[i];
            if (v !== undefined) out[name] = v;
            else if (required.has(name) && !dropRequired) out[name] = '';
          });
          if (extra) out[extra[0]] = extra[1];
          return out;
        });
      break;
    }
    case 'array':
      good = fc.array(valueFor(schema.items ?? {}, depth + 1), { maxLength: depth > 2 ? 1 : 4 });
      break;
    case 'integer':
    case 'number':
      good = fc.oneof(
        fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 2 ** 31 - 1) }),
        fc.constantFrom(...HOSTILE_NUMBERS),
      );
      break;
    case 'boolean':
      good = fc.boolean();
      break;
    case 'string':
      good = fc.oneof({ arbitrary: stringFor(schema), weight: 3 }, { arbitrary: hostileString, weight: 2 });
      break;
    default:
      good = wrongType;
  }
  return depth > 4 ? good : fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: wrongType, weight: 1 });
}

/** Percent-encodes the UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD, as a browser sends it). */
const escape = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');

/** Text for a path segment or query value, already escaped for the URL (or deliberately not). */
function urlText(valid: Arbitrary<unknown>): Arbitrary<string> {
  return fc.oneof(
    { arbitrary: valid.map((v) => escape(String(v))), weight: 4 },
    { arbitrary: hostileString.map((v) => escape(v)), weight: 3 },
    {
      arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%00', '%0D%0A', '%ED%A0%80', 'a'.repeat(120), '..'),
      weight: 2,
    },
  );
}

const BODY_ENCODINGS = [
  'json',
  'json',
  'json',
  'json',
  'deep',
  'broken',
  'empty',
  'form',
  'text',
  'bytes',
] as const;

/** One request for `op`; `known` supplies real values for path parameters (a real case, bank). */
export function requestFor(op: Operation, known: Record<string, string>): Arbitrary<FuzzCase> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const path = fc
    .tuple(
      ...pathParams.map((p) =>
        fc.oneof(
          { arbitrary: fc.constant(known[p.name] ?? 'x'), weight: 2 },
          { arbitrary: urlText(valueFor(p.schema)), weight: 3 },
        ),
      ),
    )
    .map((values) => pathParams.reduce((acc, p, i) => acc.replace(`{${p.name}}`, values[i]), op.path));
  const query = fc
    .tuple(
      ...queryParams.map((p) => fc.option(urlText(valueFor(p.schema)), { freq: 2, nil: undefined })),
      fc.option(fc.tuple(fc.string({ maxLength: 8 }), hostileString), { freq: 6, nil: undefined }),
    )
    .map((values) => {
      const parts = queryParams.flatMap((p, i) =>
        values[i] === undefined ? [] : [`${p.name}=${values[i]}`],
      );
      const extra = values[queryParams.length] as [string, string] | undefined;
      if (extra) parts.push(`${escape(extra[0])}=${escape(extra[1])}`);
      return parts.length ? `?${parts.join('&')}` : '';
    });
  const body = fc.tuple(
    fc.constantFrom(...BODY_ENCODINGS),
    valueFor(op.body ?? { type: 'object' }),
    fc.uint8Array({ maxLength: 64 }),
  );
  return fc
    .tuple(path, query, body)
    .map(([p, q, [encoding, value, bytes]]) => encode(op, p + q, encoding, value, bytes));
}

function encode(
  op: Operation,
  path: string,
  encoding: (typeof BODY_ENCODINGS)[number],
  value: unknown,
  bytes: Uint8Array,
): FuzzCase {
  const json = (text: string, contentType = 'application/json') => ({
    path,
    contentType,
    body: Buffer.from(text),
    description: `${op.method} ${path} ${encoding} ${text.slice(0, 300)}`,
  });
  if (op.method === 'GET') return { path, body: Buffer.alloc(0), description: `GET ${path}` };
  switch (encoding) {
    case 'deep':
      return json(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    case 'broken':
      return json(`${JSON.stringify(value) ?? ''}`.slice(0, -1) + '\u0000{');
    case 'empty':
      return {
        path,
        contentType: 'application/json',
        body: Buffer.alloc(0),
        description: `${op.method} ${path} empty json`,
      };
    case 'form':
      return json(
        new URLSearchParams({ value: String(JSON.stringify(value)) }).toString(),
        'application/x-www-form-urlencoded',
      );
    case 'text':
      return json(String(JSON.stringify(value)), 'text/plain');
    case 'bytes':
      return {
        path,
        contentType: 'image/jpeg',
        body: Buffer.from(bytes),
        description: `${op.method} ${path} ${bytes.length} bytes`,
      };
    default:
      return json(JSON.stringify(value) ?? 'null');
  }
}

/** The operations of an OpenAPI document. */
export function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema: Schema }> } }
    >
  >;
}): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => method !== 'head')
      .map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? pathParamsOf(path),
        body: op.requestBody?.content?.['application/json']?.schema,
      })),
  );
}

function pathParamsOf(path: string): Operation['params'] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    in: 'path',
    name: m[1],
    required: true,
    schema: { type: 'string' },
  }));
}
