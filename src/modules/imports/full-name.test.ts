import { describe, expect, it } from 'vitest';
import { splitFullName } from './full-name.js';

describe('splitting a full name', () => {
  it('takes the first word as the first name and the rest as the last name', () => {
    expect(splitFullName('Ali Rezaei')).toEqual({ firstName: 'Ali', lastName: 'Rezaei' });
    expect(splitFullName('Mary Ann van der Berg')).toEqual({ firstName: 'Mary', lastName: 'Ann van der Berg' });
    expect(splitFullName('سارا کریمی')).toEqual({ firstName: 'سارا', lastName: 'کریمی' });
    expect(splitFullName('سید علی رضایی')).toEqual({ firstName: 'سید', lastName: 'علی رضایی' });
  });

  it('keeps a single word as the first name only', () => {
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(splitFullName('  نگار  ')).toEqual({ firstName: 'نگار', lastName: '' });
  });

  it('trims and collapses whitespace of any kind', () => {
    expect(splitFullName('  John \t  Smith\u00A0 Jr  ')).toEqual({ firstName: 'John', lastName: 'Smith Jr' });
    expect(splitFullName('\u3000علی\u2003 رضایی ')).toEqual({ firstName: 'علی', lastName: 'رضایی' });
  });

  it('never splits at a zero-width non-joiner, which joins the parts of one Persian word', () => {
    expect(splitFullName('علی حسین\u200Cزاده')).toEqual({ firstName: 'علی', lastName: 'حسین\u200Cزاده' });
    expect(splitFullName('محمد\u200Cرضا')).toEqual({ firstName: 'محمد\u200Cرضا', lastName: '' });
  });

  it('drops invisible marks at the edges of words, where they join nothing', () => {
    expect(splitFullName('\u200Cعلی\u200C \u200Cرضایی\u200C')).toEqual({ firstName: 'علی', lastName: 'رضایی' });
    expect(splitFullName('\u200F\u200Eعلی \u200Fرضایی\uFEFF')).toEqual({ firstName: 'علی', lastName: 'رضایی' });
    expect(splitFullName('Ali\u200B Rezaei')).toEqual({ firstName: 'Ali', lastName: 'Rezaei' });
  });

  it('gives an empty first name for a cell of spaces and marks only', () => {
    expect(splitFullName('')).toEqual({ firstName: '', lastName: '' });
    expect(splitFullName(' \u200C\t ')).toEqual({ firstName: '', lastName: '' });
  });

  it('reads a name with one comma as "Last, First", in either script', () => {
    expect(splitFullName('Rezaei, Ali')).toEqual({ firstName: 'Ali', lastName: 'Rezaei' });
    expect(splitFullName('van der Berg,  Mary Ann ')).toEqual({ firstName: 'Mary Ann', lastName: 'van der Berg' });
    expect(splitFullName('رضایی، علی')).toEqual({ firstName: 'علی', lastName: 'رضایی' });
    expect(splitFullName('حسین\u200Cزاده ,محمد\u200Cرضا')).toEqual({
      firstName: 'محمد\u200Cرضا',
      lastName: 'حسین\u200Cزاده',
    });
  });

  it('keeps a suffix after a comma with the last name', () => {
    expect(splitFullName('John Smith, Jr.')).toEqual({ firstName: 'John', lastName: 'Smith, Jr.' });
    expect(splitFullName('Sara Karimi, PhD')).toEqual({ firstName: 'Sara', lastName: 'Karimi, PhD' });
    expect(splitFullName('Henry Ford, III')).toEqual({ firstName: 'Henry', lastName: 'Ford, III' });
  });

  it('reads "Last, First, Suffix"', () => {
    expect(splitFullName('Smith, John, Jr.')).toEqual({ firstName: 'John', lastName: 'Smith, Jr.' });
  });

  it('ignores a comma with nothing on one side, and splits by words when there are several commas', () => {
    expect(splitFullName('Ali Rezaei,')).toEqual({ firstName: 'Ali', lastName: 'Rezaei' });
    expect(splitFullName(', Cher')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(splitFullName('Ali, Reza, Sara')).toEqual({ firstName: 'Ali,', lastName: 'Reza, Sara' });
  });
});
