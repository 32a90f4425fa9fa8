/**
 * The pure pieces under the pages: escaping, safe links, the countdown bands, language choice,
 * the catalogues, the proof-of-work, and the form model.
 */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { createCipher } from '../../src/security/cipher.ts';
import { countdown } from '../../src/web/countdown.ts';
import { escapeHtml, html, safeHref } from '../../src/web/html.ts';
import { en } from '../../src/web/i18n/en.ts';
import { es } from '../../src/web/i18n/es.ts';
import { chooseLocale, fromAcceptLanguage } from '../../src/web/i18n/index.ts';
import { createProofOfWork, createUnprovenLimiter, leadingZeroBits } from '../../src/web/pow.ts';
import {
  formatErrors,
  missingErrors,
  parseForm,
  toCompletion,
  toSubmission,
} from '../../src/web/public/form-model.ts';

describe('html', () => {
  it('escapes every interpolated value but nested html', () => {
    expect(html`<p title="${`"'<>&\``}">${'<b>'}${html`<i>ok</i>`}</p>`.value).toBe(
      '<p title="&quot;&#39;&lt;&gt;&amp;&#96;">&lt;b&gt;<i>ok</i></p>',
    );
    expect(escapeHtml('plain')).toBe('plain');
  });

  it('lets only http(s) and same-site paths through as links', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHref('/notice')).toBe('/notice');
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      '//evil.example',
      'vbscript:x',
    ]) {
      expect(safeHref(bad)).toBe('#');
    }
  });
});

describe('countdown', () => {
  const H = 3_600_000;
  const at = (hours: number) => countdown(0, 48 * H, hours * H, 24, 44);
  it('moves through the bands and says so in words', () => {
    expect(at(1)).toEqual({ band: 'ok', text: '47h 00m left' });
    expect(at(30)).toEqual({ band: 'warn', text: 'Due soon: 18h 00m left' });
    expect(at(45.5)).toEqual({ band: 'late', text: 'Alarm: 2h 30m left' });
    expect(at(50)).toEqual({ band: 'over', text: 'OVERDUE by 2h 00m' });
  });
});

describe('language', () => {
  it('prefers ?lang=, then the cookie, then Accept-Language by q', () => {
    expect(chooseLocale('es', 'en', 'en')).toBe('es');
    expect(chooseLocale(undefined, 'es', 'en')).toBe('es');
    expect(chooseLocale('fr', 'xx', 'fr-FR,es;q=0.8,en;q=0.5')).toBe('es');
    expect(fromAcceptLanguage('de')).toBeNull();
    expect(chooseLocale(undefined, undefined, undefined)).toBe('en');
  });

  it('the catalogues have the same keys and placeholders', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(holes(es[key])).toEqual(holes(en[key]));
  });
});

describe('proof-of-work', () => {
  const cipher = createCipher(crypto.randomBytes(32));
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const solve = (challenge: string, bits: number) => {
    for (let n = 0; ; n++) {
      const h = crypto.createHash('sha256').update(`${challenge}:${n}`).digest('hex');
      if (leadingZeroBits(h) >= bits) return String(n);
    }
  };

  it('counts leading zero bits', () => {
    expect(leadingZeroBits('f0')).toBe(0);
    expect(leadingZeroBits('0f')).toBe(4);
    expect(leadingZeroBits('01')).toBe(7);
    expect(leadingZeroBits('0000')).toBe(16);
  });

  it('accepts a solution once, refuses forged, unsolved and expired challenges', () => {
    const pow = createProofOfWork(cipher, 8, () => clock.now());
    const c = pow.challenge();
    const nonce = solve(c, 8);
    expect(pow.verify(c, 'not-a-solution-' + nonce)).toBe(false);
    expect(pow.verify(c, nonce)).toBe(true);
    expect(pow.verify(c, nonce)).toBe(false);
    const forged = cipher.seal(JSON.stringify({ id: 'x', exp: Date.now() * 2, bits: 0 }));
    expect(
      createProofOfWork(createCipher(crypto.randomBytes(32)), 8, () => clock.now()).verify(forged, '0'),
    ).toBe(false);
    const late = pow.challenge();
    clock.advanceHours(3);
    expect(pow.verify(late, solve(late, 8))).toBe(false);
  });

  it('limits unproven submissions per address in a window', () => {
    const limiter = createUnprovenLimiter(2, () => clock.now());
    expect([limiter.allow('a'), limiter.allow('a'), limiter.allow('a'), limiter.allow('b')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    clock.advanceMs(11 * 60_000);
    expect(limiter.allow('a')).toBe(true);
  });
});

describe('form model', () => {
  const signedAt = new Date('2026-01-01T00:00:00Z');
  it('turns flat fields into a submission, items in order, empty rows dropped', () => {
    const v = parseForm({
      item_url_1: 'social.example/p/2',
      item_url_0: 'https://social.example/p/1',
      item_id_2: '',
      goodFaithStatement: ' not consensual ',
      email: 'a@b.example',
      signature: 'A B',
      minorInvolved: '1',
      role: 'authorised_representative',
      capacity: 'attorney',
    });
    const sub = toSubmission(v, signedAt);
    expect(sub.items).toEqual([{ url: 'https://social.example/p/1' }, { url: 'https://social.example/p/2' }]);
    // The form asks for the name once: the signature gives it.
    expect(sub.submitter).toEqual({
      role: 'authorised_representative',
      capacity: 'attorney',
      email: 'a@b.example',
      name: 'A B',
    });
    expect(sub).toMatchObject({ goodFaithStatement: 'not consensual', minorInvolved: true });
    expect(sub.signature).toEqual({ fullName: 'A B', signedAt: signedAt.toISOString() });
    expect(missingErrors(v, signedAt).codes).toEqual([]);
  });

  it('names the field of each missing element and each format problem', () => {
    const v = parseForm({ item_desc_0: 'only a description', email: 'nope', item_pdq_0: 'zz' });
    expect([...formatErrors(v)]).toEqual([
      ['email', 'err_email_format'],
      ['item_file_0', 'err_hash'],
    ]);
    expect([...missingErrors(v, signedAt).errors.keys()]).toEqual([
      'signature',
      'item_url_0',
      'goodFaithStatement',
    ]);
    expect(formatErrors(parseForm({ name: 'a\u202Eb' })).get('name')).toBe('err_bad_chars');
  });

  it('a follow-up carries only what was filled in', () => {
    expect(toCompletion(parseForm({ goodFaithStatement: 'late statement' }), signedAt)).toEqual({
      goodFaithStatement: 'late statement',
    });
  });
});
