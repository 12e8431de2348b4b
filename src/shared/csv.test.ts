import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, detectDelimiter, neutralizeFormula, parseDelimiter } from './csv.js';

describe('delimiter detection', () => {
  it('picks the most frequent of , ; and tab on the first line, outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('name;email;phone\r\n')).toBe(';');
    expect(detectDelimiter('name\temail\tphone')).toBe('\t');
    expect(detectDelimiter('"Last, First";email;"a ""quoted"", text"\n')).toBe(';');
  });

  it('ignores a byte order mark and defaults to comma', () => {
    expect(detectDelimiter('\uFEFFnam;ایمیل')).toBe(';');
    expect(detectDelimiter('single column')).toBe(',');
  });

  it('recognises the Arabic semicolon a Persian Windows saves between cells', () => {
    expect(detectDelimiter('\uFEFFنام؛ایمیل؛موبایل\r\nعلی؛ali@example.com؛۰۹۱۲۱۲۳۴۵۶۷')).toBe('\u061B');
    expect(detectDelimiter('name,note\n"a؛b",c')).toBe(',');
  });

  it('parses delimiter names', () => {
    expect(parseDelimiter('tab')).toBe('\t');
    expect(parseDelimiter(';')).toBe(';');
    expect(parseDelimiter('؛')).toBe('\u061B');
    expect(parseDelimiter('|')).toBeNull();
  });
});

describe('report cells', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+1', '+98912', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd']) {
      expect(neutralizeFormula(formula)).toBe(`'${formula}`);
    }
    expect(neutralizeFormula('علی')).toBe('علی');
    expect(neutralizeFormula('a=b')).toBe('a=b');
  });

  it('quotes cells holding delimiters, quotes or line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
  });

  it('ends lines with CRLF', () => {
    expect(csvLine([2, 'email', 'Bad, value'])).toBe('2,email,"Bad, value"\r\n');
  });
});
