import { describe, expect, it } from 'vitest';
import { formSubmittedDetails } from './formSubmitted.js';

describe('formSubmittedDetails', () => {
  it('reads the form and the consent the person saw', () => {
    expect(
      formSubmittedDetails({ formId: 'f1', formName: 'Demo request', consent: true, consentText: 'You may call me.' }),
    ).toEqual({ formName: 'Demo request', consent: { given: true, text: 'You may call me.' } });
    expect(formSubmittedDetails({ formName: 'درخواست دمو', consent: false, consentText: 'موافقم' })).toEqual({
      formName: 'درخواست دمو',
      consent: { given: false, text: 'موافقم' },
    });
  });

  it('says nothing of consent when the form had no box, and no text for submissions from before it was kept', () => {
    expect(formSubmittedDetails({ formName: 'Guide' })).toEqual({ formName: 'Guide', consent: null });
    expect(formSubmittedDetails({ consent: true })).toEqual({ formName: null, consent: { given: true, text: null } });
  });

  it('ignores values of the wrong shape', () => {
    expect(formSubmittedDetails({ formName: 42, consent: 'yes', consentText: 'x' })).toEqual({
      formName: null,
      consent: null,
    });
    expect(formSubmittedDetails({ formName: '  ', consent: false, consentText: { html: '<b>' } })).toEqual({
      formName: null,
      consent: { given: false, text: null },
    });
  });
});
