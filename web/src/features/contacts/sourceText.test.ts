import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/testing.js';
import { sourceText } from './sourceText.js';

describe('a contact source as shown', () => {
  it("names Tandem's own sources in the UI language", () => {
    const fa = translator('fa');
    expect(sourceText('form', fa)).toBe('فرم');
    expect(sourceText('import', fa)).toBe('ورود از فایل');
    expect(sourceText('import', translator('en'))).toBe('Import');
  });

  it('shows what a person typed as typed, and nothing for no source', () => {
    const fa = translator('fa');
    expect(sourceText('website', fa)).toBe('website');
    expect(sourceText('نمایشگاه', fa)).toBe('نمایشگاه');
    expect(sourceText('Form', fa)).toBe('Form');
    expect(sourceText(null, fa)).toBeNull();
    expect(sourceText('', fa)).toBeNull();
  });
});
