/**
 * Picks the language of a public page (explicit `?lang=`, then the `redress_lang` cookie, then
 * the browser's Accept-Language) and formats messages and dates in it.
 */
import { en } from './en.ts';
import type { MessageKey } from './en.ts';
import { es } from './es.ts';

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const LANG_COOKIE = 'redress_lang';

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, es };

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  t: T;
  dateTime(iso: string): string;
}

const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** The first supported language in an Accept-Language header, by q-value. */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  return ranked.map((r) => r.lang).find(isLocale) ?? null;
}

export function chooseLocale(query: unknown, cookie: unknown, acceptLanguage: string | undefined): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage) ?? 'en';
}

export function i18n(locale: Locale): I18n {
  const catalogue = catalogues[locale];
  const fmt = new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  return {
    locale,
    t: (key, vars) => catalogue[key].replace(/\{(\w+)\}/g, (m, name: string) => String(vars?.[name] ?? m)),
    dateTime: (iso) => `${fmt.format(new Date(iso))} UTC`,
  };
}

export type { MessageKey };
