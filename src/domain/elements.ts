/**
 * Which elements each legal basis requires, and which are missing from a submission. TAKE IT
 * DOWN needs the four statutory elements (TIDA-C2); the DSA (J1), UK OSA (J2) and DMCA (J3) add
 * their own. Optional fields (C5) never block a request. Missing-element codes are stable: they
 * are shown to requesters (D3) and recorded in the audit log.
 */
import type { LegalBasis, Submission } from './request.ts';

export const MISSING_CODES = [
  'signature',
  'item_location',
  'good_faith_statement',
  'contact',
  'exact_url',
  'name',
  'email',
  'bona_fide_statement',
  'copyrighted_work',
  'perjury_statement',
  'postal_address_or_phone',
] as const;
export type MissingCode = (typeof MISSING_CODES)[number];

/** Plain-language explanation of each code, for the "what is missing" answer (D3). */
export const MISSING_TEXT: Record<MissingCode, string> = {
  signature: 'a physical or electronic signature (your typed full name is enough)',
  item_location: 'the location of each image or video (a link or the item id on this platform)',
  good_faith_statement: 'a brief statement that you believe in good faith the depiction is not consensual',
  contact: 'contact information (an email address, phone number or postal address)',
  exact_url: 'the exact URL of each item',
  name: 'your name',
  email: 'your email address',
  bona_fide_statement: 'a statement that you believe in good faith the information is accurate and complete',
  copyrighted_work: 'identification of the copyrighted work',
  perjury_statement: 'a statement under penalty of perjury that you are authorised to act',
  postal_address_or_phone: 'a postal address or telephone number',
};

const filled = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

function hasLocation(sub: Submission): boolean {
  return sub.items.length > 0 && sub.items.every((i) => filled(i.url) || filled(i.platformItemId));
}

function hasContact(sub: Submission): boolean {
  const s = sub.submitter;
  return filled(s.email) || filled(s.phone) || filled(s.postalAddress);
}

/**
 * Incomplete requests are recorded (the clock runs from arrival), but one that names no content
 * (no link, item number or fingerprint) and gives no way to reach the requester leaves nothing
 * to act on and nobody to ask: it is refused rather than opened as a 48-hour case.
 */
export function hasSomethingToActOn(sub: Submission): boolean {
  const named = sub.items.some(
    (i) => filled(i.url) || filled(i.platformItemId) || filled(i.pdq) || filled(i.sha256),
  );
  return named || hasContact(sub);
}

const checks: Record<MissingCode, (s: Submission) => boolean> = {
  signature: (s) => filled(s.signature?.fullName),
  item_location: hasLocation,
  good_faith_statement: (s) => filled(s.goodFaithStatement),
  contact: hasContact,
  exact_url: (s) => s.items.length > 0 && s.items.every((i) => filled(i.url)),
  name: (s) => filled(s.submitter.name),
  email: (s) => filled(s.submitter.email),
  bona_fide_statement: (s) => s.bonaFideStatement === true,
  copyrighted_work: (s) => filled(s.copyrightedWork),
  perjury_statement: (s) => s.perjuryStatement === true,
  postal_address_or_phone: (s) => filled(s.submitter.postalAddress) || filled(s.submitter.phone),
};

/** Required elements per basis, in the order they are listed to the requester. */
export const REQUIRED_ELEMENTS: Record<LegalBasis, readonly MissingCode[]> = {
  take_it_down: ['signature', 'item_location', 'good_faith_statement', 'contact'],
  dsa: ['exact_url', 'good_faith_statement', 'name', 'email', 'bona_fide_statement'],
  uk_osa: ['item_location', 'good_faith_statement', 'contact'],
  dmca: [
    'signature',
    'copyrighted_work',
    'item_location',
    'contact',
    'postal_address_or_phone',
    'good_faith_statement',
    'perjury_statement',
  ],
};

/** The missing-element codes of a submission under its legal basis; empty = complete. */
export function missingElements(sub: Submission): MissingCode[] {
  return REQUIRED_ELEMENTS[sub.legalBasis].filter((code) => !checks[code](sub));
}

/** Merges a requester's follow-up into the original submission (D3: receipt time is kept). */
export function mergeSubmission(original: Submission, extra: Partial<Submission>): Submission {
  return {
    ...original,
    ...extra,
    legalBasis: original.legalBasis,
    submitter: { ...original.submitter, ...(extra.submitter ?? {}) },
    items:
      extra.items && extra.items.length > 0
        ? [...original.items.filter((i) => i.url || i.platformItemId), ...extra.items]
        : original.items,
  };
}
