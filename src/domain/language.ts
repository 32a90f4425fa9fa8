/**
 * The languages a requester is answered in (pages and emails). A request records the one it was
 * made in; an API caller names it with Accept-Language.
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language =>
  typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
