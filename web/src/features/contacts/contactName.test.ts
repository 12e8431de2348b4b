import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/testing.js';
import { contactSubtitle } from './contactName.js';

const FSI = '\u2068';
const PDI = '\u2069';

describe('the line under a contact’s name', () => {
  it('isolates the job title and the company inside the sentence of the UI language', () => {
    const contact = { jobTitle: 'مدیر فروش', account: { name: 'Acme Soft' } };
    // The sentence starts with an isolate, not with Persian letters: its direction is the page's.
    expect(contactSubtitle(contact, translator('en'))).toBe(`${FSI}مدیر فروش${PDI} at ${FSI}Acme Soft${PDI}`);
    expect(contactSubtitle(contact, translator('fa'))).toBe(`${FSI}مدیر فروش${PDI} در ${FSI}Acme Soft${PDI}`);
  });

  it('shows the job title or the company alone, and nothing without either', () => {
    const t = translator('en');
    expect(contactSubtitle({ jobTitle: 'CTO', account: null }, t)).toBe(`${FSI}CTO${PDI}`);
    expect(contactSubtitle({ jobTitle: null, account: { name: 'پارس‌نت' } }, t)).toBe(`${FSI}پارس‌نت${PDI}`);
    expect(contactSubtitle({ jobTitle: null, account: null }, t)).toBeUndefined();
  });
});
