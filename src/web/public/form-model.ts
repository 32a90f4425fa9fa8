/**
 * The request form as data: what the browser posted (flat field names, so it works with a plain
 * urlencoded post and no JavaScript), the `Submission` it becomes, and the messages for each
 * field. Format problems are ours to catch here; which elements are missing is the domain's
 * rule (`missingElements`), so the form and the API can never disagree about completeness.
 */
import { missingElements } from '../../domain/elements.ts';
import { decodeVariants, variantsProblem } from '../../domain/item-variants.ts';
import type { ItemVariants } from '../../domain/item-variants.ts';
import type { MissingCode } from '../../domain/elements.ts';
import { CAPACITIES, LEGAL_BASES } from '../../domain/request.ts';
import type { Capacity, LegalBasis, Submission } from '../../domain/request.ts';
import type { MessageKey } from '../i18n/index.ts';

export const MAX_ITEMS = 50;

export interface ItemValues {
  url: string;
  platformItemId: string;
  description: string;
  pdq: string;
  sha256: string;
  /** Derived hashes made in the browser, in the compact form of item-variants.ts. */
  variants: string;
}

export interface FormValues {
  legalBasis: LegalBasis;
  role: 'depicted_person' | 'authorised_representative';
  capacity: Capacity | '';
  authorityEvidence: string;
  items: ItemValues[];
  goodFaithStatement: string;
  context: string;
  aiGeneratedBelief: boolean;
  minorInvolved: boolean;
  name: string;
  email: string;
  phone: string;
  postalAddress: string;
  signature: string;
  perjuryStatement: boolean;
  bonaFideStatement: boolean;
  copyrightedWork: string;
}

/** Field name -> message key. Item fields are `item_url_0`, `item_id_0`, ... */
export type FieldErrors = Map<string, MessageKey>;

type Body = Record<string, unknown>;

const str = (body: Body, key: string): string => {
  const v = body[key];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim() : '';
};
const bool = (body: Body, key: string) => str(body, key) !== '';

export function emptyItem(url = '', platformItemId = ''): ItemValues {
  return { url, platformItemId, description: '', pdq: '', sha256: '', variants: '' };
}

export function emptyForm(prefill: { url?: string; item?: string } = {}): FormValues {
  return {
    legalBasis: 'take_it_down',
    role: 'depicted_person',
    capacity: '',
    authorityEvidence: '',
    items: [emptyItem(prefill.url ?? '', prefill.item ?? '')],
    goodFaithStatement: '',
    context: '',
    aiGeneratedBelief: false,
    minorInvolved: false,
    name: '',
    email: '',
    phone: '',
    postalAddress: '',
    signature: '',
    perjuryStatement: false,
    bonaFideStatement: false,
    copyrightedWork: '',
  };
}

/** A pasted "www.example.com/x" is meant as a link: give it a scheme rather than an error. */
function normaliseUrl(url: string): string {
  if (url && !/^[a-z][a-z0-9+.-]*:/i.test(url) && /^[\w-]+(\.[\w-]+)+(\/|$)/.test(url))
    return `https://${url}`;
  return url;
}

export function parseForm(body: Body): FormValues {
  const indexes = new Set<number>();
  for (const key of Object.keys(body)) {
    const m = /^item_(?:url|id|desc|pdq|sha256|variants)_(\d{1,3})$/.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  const items = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => ({
      url: normaliseUrl(str(body, `item_url_${i}`)),
      platformItemId: str(body, `item_id_${i}`),
      description: str(body, `item_desc_${i}`),
      pdq: str(body, `item_pdq_${i}`).toLowerCase(),
      sha256: str(body, `item_sha256_${i}`).toLowerCase(),
      variants: str(body, `item_variants_${i}`).slice(0, 8192),
    }));
  const basis = str(body, 'legalBasis');
  const capacity = str(body, 'capacity');
  return {
    legalBasis: (LEGAL_BASES as readonly string[]).includes(basis) ? (basis as LegalBasis) : 'take_it_down',
    role: str(body, 'role') === 'authorised_representative' ? 'authorised_representative' : 'depicted_person',
    capacity: (CAPACITIES as readonly string[]).includes(capacity) ? (capacity as Capacity) : '',
    authorityEvidence: str(body, 'authorityEvidence'),
    items: items.length > 0 ? items : [emptyItem()],
    goodFaithStatement: str(body, 'goodFaithStatement'),
    context: str(body, 'context'),
    aiGeneratedBelief: bool(body, 'aiGeneratedBelief'),
    minorInvolved: bool(body, 'minorInvolved'),
    name: str(body, 'name'),
    email: str(body, 'email'),
    phone: str(body, 'phone'),
    postalAddress: str(body, 'postalAddress'),
    signature: str(body, 'signature'),
    perjuryStatement: bool(body, 'perjuryStatement'),
    bonaFideStatement: bool(body, 'bonaFideStatement'),
    copyrightedWork: str(body, 'copyrightedWork'),
  };
}

const opt = (s: string) => (s ? s : undefined);

/** Variants go with the plain PDQ they were made with; ones this service cannot bank (a page
 * from before an upgrade, a damaged field) are dropped, and the request still goes. */
function bankable(item: ItemValues): ItemVariants | undefined {
  const variants = item.pdq && item.variants ? decodeVariants(item.variants) : null;
  return variants && !variantsProblem(variants) ? variants : undefined;
}
const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function toSubmission(v: FormValues, signedAt: Date): Submission {
  const rep = v.role === 'authorised_representative';
  const submission: Submission = {
    legalBasis: v.legalBasis,
    submitter: {
      role: v.role,
      capacity: rep && v.capacity ? v.capacity : undefined,
      // The form asks for the name once, as the signature; a name given separately wins.
      name: opt(v.name) ?? opt(v.signature),
      email: opt(v.email),
      phone: opt(v.phone),
      postalAddress: opt(v.postalAddress),
      authorityEvidence: rep ? opt(v.authorityEvidence) : undefined,
    },
    items: v.items
      .filter((i) => i.url || i.platformItemId || i.description || i.pdq || i.sha256)
      .map((i) =>
        defined({
          url: opt(i.url),
          platformItemId: opt(i.platformItemId),
          description: opt(i.description),
          pdq: opt(i.pdq),
          sha256: opt(i.sha256),
          variants: bankable(i),
        }),
      ),
    signature: v.signature ? { fullName: v.signature, signedAt: signedAt.toISOString() } : undefined,
    goodFaithStatement: opt(v.goodFaithStatement),
    context: opt(v.context),
    aiGeneratedBelief: v.aiGeneratedBelief || undefined,
    minorInvolved: v.minorInvolved || undefined,
    perjuryStatement: v.perjuryStatement || undefined,
    bonaFideStatement: v.bonaFideStatement || undefined,
    copyrightedWork: opt(v.copyrightedWork),
  };
  return { ...defined(submission), submitter: defined(submission.submitter) } as Submission;
}

const HOSTILE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const URL_RE = /^https?:\/\/[^\s]+$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Lengths follow the API schema (src/http/routes/requests/schema.ts), so a form that passes
 * here is a submission the API would also accept. */
const LIMITS: Record<string, number> = {
  authorityEvidence: 2000,
  goodFaithStatement: 5000,
  context: 5000,
  name: 200,
  email: 320,
  phone: 50,
  postalAddress: 500,
  signature: 200,
  copyrightedWork: 2000,
};

export function formatErrors(v: FormValues): FieldErrors {
  const errors: FieldErrors = new Map();
  for (const [field, max] of Object.entries(LIMITS)) {
    const value = v[field as keyof FormValues] as string;
    if (HOSTILE.test(value)) errors.set(field, 'err_bad_chars');
    else if (value.length > max) errors.set(field, 'err_too_long');
  }
  if (v.email && !errors.has('email') && !EMAIL_RE.test(v.email)) errors.set('email', 'err_email_format');
  if (v.items.length > MAX_ITEMS) errors.set('item_url_0', 'err_too_many_items');
  v.items.forEach((item, i) => {
    const check = (name: string, value: string, max: number) => {
      if (HOSTILE.test(value)) errors.set(`${name}_${i}`, 'err_bad_chars');
      else if (value.length > max) errors.set(`${name}_${i}`, 'err_too_long');
    };
    check('item_url', item.url, 2048);
    check('item_id', item.platformItemId, 256);
    check('item_desc', item.description, 1000);
    if (item.url && !errors.has(`item_url_${i}`) && !URL_RE.test(item.url)) {
      errors.set(`item_url_${i}`, 'err_url_format');
    }
    if ((item.pdq && !HEX64.test(item.pdq)) || (item.sha256 && !HEX64.test(item.sha256))) {
      errors.set(`item_file_${i}`, 'err_hash');
    }
  });
  return errors;
}

/** Where each missing element's message is shown: next to the field that supplies it. */
function fieldOf(code: MissingCode, v: FormValues): string {
  const firstItem = (test: (i: ItemValues) => boolean) => `item_url_${Math.max(0, v.items.findIndex(test))}`;
  switch (code) {
    case 'signature':
      return 'signature';
    case 'item_location':
      return firstItem((i) => !i.url && !i.platformItemId);
    case 'exact_url':
      return firstItem((i) => !i.url);
    case 'good_faith_statement':
      return 'goodFaithStatement';
    case 'contact':
    case 'email':
      return 'email';
    case 'name':
      return 'signature';
    case 'bona_fide_statement':
      return 'bonaFideStatement';
    case 'copyrighted_work':
      return 'copyrightedWork';
    case 'perjury_statement':
      return 'perjuryStatement';
    case 'postal_address_or_phone':
      return 'postalAddress';
  }
}

export function missingErrors(v: FormValues, signedAt: Date): { codes: MissingCode[]; errors: FieldErrors } {
  const codes = missingElements(toSubmission(v, signedAt));
  const errors: FieldErrors = new Map();
  for (const code of codes) {
    const field = fieldOf(code, v);
    if (!errors.has(field)) errors.set(field, `err_${code}` as MessageKey);
  }
  return { codes, errors };
}

/** The requester's follow-up (TIDA-D3) as a partial submission: only what they filled in, so
 * nothing they gave before is overwritten by an empty field. */
export function toCompletion(v: FormValues, signedAt: Date): Partial<Submission> {
  const sub = toSubmission(v, signedAt);
  const { role: _role, capacity: _capacity, authorityEvidence: _a, ...submitter } = sub.submitter;
  const extra: Partial<Submission> = defined({ ...sub, legalBasis: undefined, submitter: undefined });
  const contact = defined(submitter);
  if (Object.keys(contact).length > 0) extra.submitter = contact as Submission['submitter'];
  if (sub.items.length === 0) delete extra.items;
  return extra;
}
