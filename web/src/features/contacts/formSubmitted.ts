/**
 * What a `form_submitted` event's properties say about the submission, read defensively (the properties
 * are stored JSON): the form's name, and the consent box as the person saw it, when the form had one.
 * Submissions from before the text was kept say whether consent was given, without the text.
 */
export interface FormSubmittedDetails {
  formName: string | null;
  consent: { given: boolean; text: string | null } | null;
}

export function formSubmittedDetails(properties: Record<string, unknown>): FormSubmittedDetails {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);
  const given = properties['consent'];
  return {
    formName: text(properties['formName']),
    consent: typeof given === 'boolean' ? { given, text: text(properties['consentText']) } : null,
  };
}
