/**
 * Every requester email in English and Spanish for every legal basis: the request's own law is
 * named (and no other), dates are words with their time zone (never ISO), every next step is a
 * link to the status page, no internal code shows, and the HTML part is escaped.
 */
import { describe, expect, it } from 'vitest';
import type { MissingCode } from '../../src/domain/elements.ts';
import { LANGUAGES } from '../../src/domain/language.ts';
import { LEGAL_BASES } from '../../src/domain/request.ts';
import type { LegalBasis } from '../../src/domain/request.ts';
import {
  decisionEmail,
  FTC_COMPLAINT_URL,
  missingInfoEmail,
  receiptEmail,
  statusLinkEmail,
  STOPNCII_URL,
} from '../../src/email/requester-emails.ts';
import type { RequesterFacts } from '../../src/email/requester-emails.ts';
import type { Language } from '../../src/domain/language.ts';

const STATUS = 'https://removals.example.org/requests/RD-ABCD-2345/status?token=tok_x&lang=';

const LAW: Record<Language, Record<LegalBasis, string>> = {
  en: {
    take_it_down: 'TAKE IT DOWN Act',
    dsa: 'Digital Services Act',
    uk_osa: 'Online Safety Act',
    dmca: 'DMCA',
  },
  es: {
    take_it_down: 'Ley TAKE IT DOWN',
    dsa: 'Reglamento de Servicios Digitales',
    uk_osa: 'Ley de Seguridad en Línea',
    dmca: 'DMCA',
  },
};
const MONTH: Record<Language, RegExp> = {
  en: /Wednesday, 2 December 2026 at 09:30 UTC/,
  es: /miércoles, 2 de diciembre de 2026, 9:30 UTC|miércoles, 2 de diciembre de 2026, 09:30 UTC/,
};
const NOT_REMOVED: Record<Language, string> = {
  en: 'We could not find the content from the information given.',
  es: 'No encontramos el contenido con la información dada.',
};

function facts(
  language: Language,
  legalBasis: LegalBasis,
  over: Partial<RequesterFacts> = {},
): RequesterFacts {
  return {
    language,
    caseNumber: 'RD-ABCD-2345',
    legalBasis,
    status: 'in_review',
    receivedAt: '2026-12-02T09:30:00.000Z',
    deadlineAt: '2026-12-04T09:30:00.000Z',
    closedAt: null,
    reasonCode: null,
    missing: [],
    itemsRemoved: 0,
    itemCount: 2,
    platformName: 'Example <Social>',
    statusUrl: `${STATUS}${language}`,
    lostLinkUrl: `https://removals.example.org/requests/lost-link?lang=${language}`,
    ...over,
  };
}

function checkCommon(
  mail: { subject: string; text: string; html: string },
  language: Language,
  basis: LegalBasis,
) {
  const all = `${mail.subject}\n${mail.text}`;
  expect(all).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no ISO timestamps
  expect(all).not.toMatch(/\b(not_located|in_review|take_it_down|uk_osa|missing_info|status_link)\b/); // no codes
  expect(all).not.toMatch(/\{\w+\}/); // no placeholder left
  for (const other of LEGAL_BASES.filter((b) => LAW[language][b] !== LAW[language][basis])) {
    expect(mail.text).not.toContain(LAW[language][other]);
  }
  expect(mail.html).toContain(`<html lang="${language}">`);
  expect(mail.html).toContain('Example &lt;Social&gt;');
  expect(mail.html).not.toContain('Example <Social>');
  expect(mail.text).toContain('Example <Social>');
}

const hrefs = (h: string) => [...h.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

describe.each(LANGUAGES)('requester emails in %s', (language) => {
  describe.each(LEGAL_BASES)('under %s', (basis) => {
    const status = `${STATUS}${language}`;

    it('receipt: the law, the received time and deadline in words, the status link', () => {
      const mail = receiptEmail(facts(language, basis));
      checkCommon(mail, language, basis);
      expect(mail.text).toContain(LAW[language][basis]);
      expect(mail.text).toMatch(MONTH[language]);
      expect(mail.text).toMatch(
        language === 'en' ? /4 December 2026 at 09:30 UTC/ : /4 de diciembre de 2026, 0?9:30 UTC/,
      );
      expect(mail.text).toContain(status);
      expect(hrefs(mail.html)).toContain(status);
    });

    it('missing information: what is missing in words, a link to the form for it', () => {
      const missing: MissingCode[] = ['signature', 'good_faith_statement'];
      const mail = missingInfoEmail(facts(language, basis, { status: 'incomplete', missing }));
      checkCommon(mail, language, basis);
      expect(mail.text).toContain(LAW[language][basis]);
      expect(mail.text).toContain(language === 'en' ? 'Type your full name' : 'Escriba su nombre completo');
      expect(mail.text).not.toMatch(/\bsignature\b|good_faith/);
      expect(hrefs(mail.html)).toContain(`${status}#add-information`);
      expect(mail.text).toMatch(MONTH[language]);
    });

    it('removal: what was removed and when, the status link, StopNCII, the FTC only for US requests', () => {
      const mail = decisionEmail(
        facts(language, basis, { status: 'removed', closedAt: '2026-12-03T18:05:00.000Z', itemsRemoved: 2 }),
      );
      checkCommon(mail, language, basis);
      expect(mail.text).toContain(LAW[language][basis]);
      expect(mail.text).toMatch(
        language === 'en' ? /3 December 2026 at 18:05 UTC/ : /3 de diciembre de 2026, 18:05 UTC/,
      );
      expect(mail.text).toMatch(language === 'en' ? /2 of 2 items/ : /2 de 2 elementos/);
      const links = hrefs(mail.html);
      expect(links).toContain(status);
      expect(links).toContain(STOPNCII_URL);
      expect(links.includes(FTC_COMPLAINT_URL)).toBe(basis === 'take_it_down');
    });

    it('refusal: the reason in words and the appeal as a link, with its last day', () => {
      const mail = decisionEmail(
        facts(language, basis, {
          status: 'rejected',
          closedAt: '2026-12-03T18:05:00.000Z',
          reasonCode: 'not_located',
        }),
      );
      checkCommon(mail, language, basis);
      expect(mail.text).toContain(NOT_REMOVED[language]);
      expect(mail.text).not.toContain('not_located');
      expect(hrefs(mail.html)).toContain(`${status}#appeal`);
      expect(mail.text).toContain(`${status}#appeal`);
      expect(mail.text).toMatch(language === 'en' ? /4 June 2027/ : /4 de junio de 2027/);
    });

    it('new status link: its own subject, the link', () => {
      const receipt = receiptEmail(facts(language, basis));
      const mail = statusLinkEmail(facts(language, basis));
      checkCommon(mail, language, basis);
      expect(mail.subject).not.toBe(receipt.subject);
      expect(mail.subject).toContain('RD-ABCD-2345');
      expect(hrefs(mail.html)).toContain(status);
    });
  });

  it('without a token, the receipt links to the page that sends a new one', () => {
    const mail = receiptEmail(facts(language, 'dsa', { statusUrl: null }));
    expect(hrefs(mail.html)).toEqual([`https://removals.example.org/requests/lost-link?lang=${language}`]);
  });
});
