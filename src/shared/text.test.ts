import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactArabicScript,
  compactVariants,
  escapeLike,
  foldedSearchTerms,
  normalizeEmail,
  normalizeText,
  searchText,
  toAsciiDigits,
  withCompactVariants,
} from './text.js';
import { phoneDigits, toE164 } from './phone.js';

describe('normalizeText', () => {
  const same: [string, string, string][] = [
    ['Arabic yeh and kaf', 'علي كريمي', 'علی کریمی'],
    ['alef maksura', 'مصطفى', 'مصطفی'],
    ['zero-width non-joiner', 'می‌خواهم', 'میخواهم'],
    ['Persian digits', 'شماره ۱۲۳', 'شماره 123'],
    ['Arabic-Indic digits', 'شماره ١٢٣', 'شماره 123'],
    ['Latin accents and case', 'José MÜLLER', 'jose muller'],
    ['Arabic diacritics', 'مُحَمَّد', 'محمد'],
    ['hamza forms of alef', 'أحمد', 'احمد'],
    ['teh marbuta', 'فاطمة', 'فاطمه'],
    ['tatweel and extra spaces', '  سـلام   دنیا ', 'سلام دنیا'],
  ];
  for (const [what, a, b] of same) {
    it(`folds ${what}`, () => expect(normalizeText(a)).toBe(normalizeText(b)));
  }

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => normalizeText(normalizeText(s)) === normalizeText(s)),
    );
  });

  it('never contains invisible joiners, upper case ASCII or non-ASCII digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const n = normalizeText(s);
        return !/[\u200B-\u200F\u06F0-\u06F9\u0660-\u0669A-Z]/.test(n);
      }),
    );
  });
});

describe('compactArabicScript', () => {
  const compact = (s: string) => compactArabicScript(normalizeText(s));

  it('makes the spaced, non-joined and joined spellings of a Persian compound one', () => {
    for (const [spaced, zwnj, joined] of [
      ['حسین زاده', 'حسین\u200Cزاده', 'حسینزاده'],
      ['فن آوران پارس', 'فن\u200Cآوران پارس', 'فنآورانپارس'],
      ['می خواهم', 'می\u200Cخواهم', 'میخواهم'],
    ] as const) {
      expect(compact(spaced)).toBe(normalizeText(joined));
      expect(compact(zwnj)).toBe(normalizeText(joined));
      expect(compact(joined)).toBe(normalizeText(joined));
    }
  });

  it('keeps spaces next to Latin letters, digits and punctuation', () => {
    expect(compact('Ali رضایی')).toBe('ali رضایی');
    expect(compact('رضایی Ali رضا')).toBe('رضایی ali رضا');
    expect(compact('فن آوران ۲ - پارس')).toBe('فناوران 2 - پارس');
    expect(compact('Tehran Tech Co')).toBe('tehran tech co');
  });

  it('joins one-letter words too', () => expect(compactArabicScript('ا ب پ ت')).toBe('ابپت'));

  it('changes no text without Arabic script, is idempotent, and leaves no space between Arabic letters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const folded = normalizeText(s);
        const once = compactArabicScript(folded);
        expect(compactArabicScript(once)).toBe(once);
        if (!/\p{sc=Arabic}/u.test(folded)) expect(once).toBe(folded);
        expect(once).not.toMatch(/\p{sc=Arabic}(?<=\p{L}) (?=\p{L})\p{sc=Arabic}/u);
        expect(once.replace(/ /g, '')).toBe(folded.replace(/ /g, ''));
      }),
    );
  });

  it('adds compact spellings to search text and queries only when they differ', () => {
    expect(compactVariants(['ali rezaei', null, 'حسین زاده', 'حسینزاده'])).toEqual(['حسینزاده']);
    expect(withCompactVariants('ali | x', ['ali'])).toBe('ali | x');
    expect(withCompactVariants('علی حسین زاده', ['علی', 'حسین زاده'])).toBe('علی حسین زاده | حسینزاده');
    expect(foldedSearchTerms('Ali Rezaei')).toEqual(['ali rezaei']);
    expect(foldedSearchTerms('حسين زاده')).toEqual(['حسین زاده', 'حسینزاده']);
    expect(foldedSearchTerms('حسین\u200Cزاده')).toEqual(['حسینزاده', 'حسین زاده']);
  });

  it('looks a query spanning several words up with each gap kept or closed', () => {
    // A full name: the stored text holds the name as written and each part compacted on its own, so the
    // spellings that close only the gap inside the last name are needed.
    expect(foldedSearchTerms('علی حسین\u200Cزاده')).toEqual([
      'علی حسینزاده',
      'علی حسین زاده',
      'علیحسین زاده',
      'علیحسینزاده',
    ]);
    expect(foldedSearchTerms('علی حسین زاده')).toContain('علی حسینزاده');
    // Past three gaps only the spaced and the fully compact spelling.
    expect(foldedSearchTerms('محمد رضا علی حسین زاده')).toEqual(['محمد رضا علی حسین زاده', 'محمدرضاعلیحسینزاده']);
    // Latin words keep their spaces; a variant shorter than a trigram is left out (it would force a scan).
    expect(foldedSearchTerms('Ali Rezaei')).toEqual(['ali rezaei']);
    expect(foldedSearchTerms('ع ب')).toEqual(['ع ب']);
  });
});

describe('small text helpers', () => {
  it('converts digits', () => expect(toAsciiDigits('۰۹۱۲-٣٤٥')).toBe('0912-345'));
  it('lower-cases and trims emails', () => expect(normalizeEmail('  Ali@Example.COM ')).toBe('ali@example.com'));
  it('joins search parts, skipping empty ones', () =>
    expect(searchText(['Ali', null, '', 'X@Y.z'])).toBe('ali | x@y.z'));
  it('escapes LIKE wildcards', () => expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\'));
});

describe('phones', () => {
  it('parses local Iranian numbers typed in Persian digits into E.164', () => {
    expect(toE164('۰۹۱۲ ۱۲۳ ۴۵۶۷', 'IR')).toBe('+989121234567');
    expect(toE164('0912-123-4567', 'IR')).toBe('+989121234567');
  });
  it('reads the Persian decimal point and a tatweel between groups as the separators they stand for', () => {
    // "0912.123.4567" is a phone; typed on a Persian keyboard, its dots are the Arabic decimal separator.
    expect(toE164('۰۹۱۲٫۱۲۳٫۴۵۶۷', 'IR')).toBe('+989121234567');
    expect(toE164('۰۹۱۲ـ۱۲۳ـ۴۵۶۷', 'IR')).toBe('+989121234567');
    expect(toE164('٫', 'IR')).toBeNull();
  });
  it('keeps an explicit country code over the default region', () => {
    expect(toE164('+49 30 1234567', 'IR')).toBe('+49301234567');
  });
  it('uses the configured default region', () => {
    expect(toE164('(201) 555-0123', 'US')).toBe('+12015550123');
  });
  it('rejects what is not a phone', () => {
    expect(toE164('12', 'IR')).toBeNull();
    expect(toE164('call me', 'IR')).toBeNull();
  });
  it('extracts digits', () => expect(phoneDigits('+98 (912) ۱۲۳')).toBe('98912123'));
});
