import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json' with { type: 'json' };
import fa from '../../i18n/fa.json' with { type: 'json' };
import { contactSubtitle } from './contactName.js';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, fa: { translation: fa } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
});

const FSI = '\u2068';
const PDI = '\u2069';

describe('the line under a contact’s name', () => {
  it('isolates the job title and the company inside the sentence of the UI language', () => {
    const contact = { jobTitle: 'مدیر فروش', account: { name: 'Acme Soft' } };
    // The sentence starts with an isolate, not with Persian letters: its direction is the page's.
    expect(contactSubtitle(contact, i18n.getFixedT('en'))).toBe(`${FSI}مدیر فروش${PDI} at ${FSI}Acme Soft${PDI}`);
    expect(contactSubtitle(contact, i18n.getFixedT('fa'))).toBe(`${FSI}مدیر فروش${PDI} در ${FSI}Acme Soft${PDI}`);
  });

  it('shows the job title or the company alone, and nothing without either', () => {
    const t = i18n.getFixedT('en');
    expect(contactSubtitle({ jobTitle: 'CTO', account: null }, t)).toBe(`${FSI}CTO${PDI}`);
    expect(contactSubtitle({ jobTitle: null, account: { name: 'پارس‌نت' } }, t)).toBe(`${FSI}پارس‌نت${PDI}`);
    expect(contactSubtitle({ jobTitle: null, account: null }, t)).toBeUndefined();
  });
});
