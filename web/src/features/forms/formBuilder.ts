/**
 * The form builder's pure rules: builder state <-> API body, key suggestions, and the checks that mirror the
 * server's, so that most mistakes are named next to their input before anything is sent.
 */
import {
  FORM_ACCOUNT_TARGETS,
  FORM_CONTACT_TARGETS,
  type Form,
  type FormAccountTarget,
  type FormContactTarget,
  type FormField,
  type FormFieldType,
  type FormInput,
  type FormLocale,
  type FormMapTo,
} from '../../api/forms.js';
import { SENIORITIES } from '../../api/types.js';
import { textOrNull, withoutNulls } from '../../components/form.js';

export type MapKind = 'none' | 'custom' | FormContactTarget | FormAccountTarget;
export type ThankYouKind = 'message' | 'redirect';

export interface FieldValues {
  /** Stable identity in the builder (React key, error paths); never sent. */
  uid: string;
  key: string;
  /** Once the user types a key (or the form was saved with it), the label no longer changes it. */
  keyEdited: boolean;
  label: string;
  type: FormFieldType;
  required: boolean;
  mapKind: MapKind;
  customKey: string;
  /** Select options, one per line. */
  options: string;
  placeholder: string;
}

export interface FormBuilderValues {
  name: string;
  locale: FormLocale;
  fields: FieldValues[];
  consentEnabled: boolean;
  consentText: string;
  consentRequired: boolean;
  submitLabel: string;
  thankYouKind: ThankYouKind;
  thankYouMessage: string;
  thankYouUrl: string;
  campaign: string;
  source: string;
}

/** Texts a new form starts with, in the form's language. */
export interface FormDefaults {
  emailLabel: string;
  submitLabel: string;
  thankYouMessage: string;
  consentText: string;
}

export const LIMITS = {
  name: 200,
  fields: 50,
  key: 40,
  label: 200,
  placeholder: 200,
  options: 100,
  option: 200,
  customKey: 64,
  consentText: 1000,
  submitLabel: 60,
  thankYouMessage: 2000,
  url: 2048,
  campaign: 200,
  source: 100,
} as const;

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/**
 * Names the form itself submits: the hidden honeypot field, and the consent box (stored with the answers
 * under `consent`, where it would overwrite a field of that key).
 */
export const RESERVED_KEYS: readonly string[] = ['website', 'consent'];
/** The values the API accepts for a field mapped to seniority (the select's options). */
export const SENIORITY_OPTIONS = SENIORITIES;
/** The same rule as custom field names on contacts (src/shared/fields.ts). */
export const CUSTOM_KEY_PATTERN = /^[\p{L}\p{N}_.-]{1,64}$/u;

const MAP_KINDS: readonly string[] = ['none', 'custom', ...FORM_CONTACT_TARGETS, ...FORM_ACCOUNT_TARGETS];

let uidCounter = 0;
export function newUid(): string {
  uidCounter += 1;
  return `f${uidCounter}`;
}

export function emptyField(overrides: Partial<FieldValues> = {}): FieldValues {
  return {
    uid: newUid(),
    key: '',
    keyEdited: false,
    label: '',
    type: 'text',
    required: false,
    mapKind: 'none',
    customKey: '',
    options: '',
    placeholder: '',
    ...overrides,
  };
}

export function emptyFormValues(locale: FormLocale, defaults: FormDefaults): FormBuilderValues {
  const email = emptyField({ label: defaults.emailLabel, type: 'email', required: true, mapKind: 'email' });
  return {
    name: '',
    locale,
    fields: withSuggestedKeys([email]),
    consentEnabled: false,
    consentText: defaults.consentText,
    consentRequired: true,
    submitLabel: defaults.submitLabel,
    thankYouKind: 'message',
    thankYouMessage: defaults.thankYouMessage,
    thankYouUrl: '',
    campaign: '',
    source: '',
  };
}

/**
 * When the form's language changes, texts still at the old language's defaults follow it; anything the user
 * wrote stays.
 */
export function switchLocale(
  values: FormBuilderValues,
  locale: FormLocale,
  from: FormDefaults,
  to: FormDefaults,
): FormBuilderValues {
  const follow = (current: string, previous: string, next: string) => (current === previous ? next : current);
  return {
    ...values,
    locale,
    submitLabel: follow(values.submitLabel, from.submitLabel, to.submitLabel),
    thankYouMessage: follow(values.thankYouMessage, from.thankYouMessage, to.thankYouMessage),
    consentText: follow(values.consentText, from.consentText, to.consentText),
    fields: values.fields.map((f) => ({ ...f, label: follow(f.label, from.emailLabel, to.emailLabel) })),
  };
}

function mapKindOf(mapTo: FormMapTo): { mapKind: MapKind; customKey: string } {
  if (mapTo === null) return { mapKind: 'none', customKey: '' };
  if (mapTo.startsWith('custom:')) return { mapKind: 'custom', customKey: mapTo.slice('custom:'.length) };
  if (MAP_KINDS.includes(mapTo)) return { mapKind: mapTo as MapKind, customKey: '' };
  return { mapKind: 'none', customKey: '' };
}

export function mapToOf(field: Pick<FieldValues, 'mapKind' | 'customKey'>): FormMapTo {
  if (field.mapKind === 'none') return null;
  if (field.mapKind === 'custom') return `custom:${field.customKey.trim()}`;
  return field.mapKind;
}

/** A saved form as builder state. Its keys count as chosen: relabelling a field must not rename its data. */
export function formValues(form: Form): FormBuilderValues {
  return {
    name: form.name,
    locale: form.locale,
    fields: form.fields.map((f) =>
      emptyField({
        key: f.key,
        keyEdited: true,
        label: f.label,
        type: f.type,
        required: f.required,
        ...mapKindOf(f.mapTo),
        options: (f.options ?? []).join('\n'),
        placeholder: f.placeholder ?? '',
      }),
    ),
    consentEnabled: form.consent !== null,
    consentText: form.consent?.text ?? '',
    consentRequired: form.consent?.required ?? true,
    submitLabel: form.submitLabel,
    thankYouKind: form.thankYou.kind,
    thankYouMessage: form.thankYou.kind === 'message' ? form.thankYou.message : '',
    thankYouUrl: form.thankYou.kind === 'redirect' ? form.thankYou.url : '',
    campaign: form.campaign ?? '',
    source: form.source ?? '',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

const TARGET_KEYS: Record<FormContactTarget | FormAccountTarget, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  jobTitle: 'job_title',
  seniority: 'seniority',
  'account.name': 'company',
  'account.domain': 'website',
  'account.industry': 'industry',
  'account.employeeCount': 'employees',
  'account.country': 'country',
};

/** Persian and Arabic-Indic digits as ASCII digits. */
function asciiDigits(text: string): string {
  return text
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/**
 * The ASCII part of a label as a key (`Work email` -> `work_email`, `Élan` -> `elan`), or '' when the label
 * has no Latin letters (e.g. a Persian label): a key made of digits alone says nothing.
 */
export function keyFromLabel(label: string): string {
  let key = asciiDigits(label)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/[a-z]/.test(key)) return '';
  if (!/^[a-z]/.test(key)) key = `field_${key}`;
  return key.slice(0, LIMITS.key).replace(/_+$/, '');
}

function uniqueKey(candidate: string, taken: ReadonlySet<string>): string {
  const free = (key: string) => !taken.has(key) && !RESERVED_KEYS.includes(key);
  if (free(candidate)) return candidate;
  for (let n = 2; ; n += 1) {
    const suffix = `_${n}`;
    const key = `${candidate.slice(0, LIMITS.key - suffix.length).replace(/_+$/, '')}${suffix}`;
    if (free(key)) return key;
  }
}

/**
 * The key the builder suggests for a field: from its label, else from where it is mapped, else `field_<n>`
 * (its position), never one already taken.
 */
export function suggestKey(field: FieldValues, index: number, taken: ReadonlySet<string>): string {
  let key = keyFromLabel(field.label);
  if (!key) {
    const kind = field.mapKind;
    if (kind === 'custom') key = keyFromLabel(field.customKey);
    else if (kind !== 'none') key = TARGET_KEYS[kind];
  }
  if (!key) key = `field_${index + 1}`;
  return uniqueKey(key, taken);
}

/** Fills in the keys of fields whose key the user has not chosen, avoiding the keys already in use. */
export function withSuggestedKeys(fields: readonly FieldValues[]): FieldValues[] {
  const taken = new Set(fields.filter((f) => f.keyEdited).map((f) => f.key.trim()));
  return fields.map((field, index) => {
    if (field.keyEdited) return field;
    const key = suggestKey(field, index, taken);
    taken.add(key);
    return key === field.key ? field : { ...field, key };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Editing

/** The input type a mapping requires (the API refuses others). */
export const REQUIRED_TYPES: Partial<Record<MapKind, FormFieldType>> = {
  email: 'email',
  seniority: 'select',
  'account.employeeCount': 'number',
};
/** The input type that suits a mapping, chosen for a field that still has the plain text type. */
const SUITED_TYPES: Partial<Record<MapKind, FormFieldType>> = { phone: 'tel' };

/**
 * Applies a change to one field. Picking a mapping also picks the input type it needs (and, for seniority,
 * the options the API accepts), so that the mapping is valid as chosen.
 */
export function updateField(
  fields: readonly FieldValues[],
  uid: string,
  patch: Partial<Omit<FieldValues, 'uid'>>,
): FieldValues[] {
  return withSuggestedKeys(
    fields.map((field) => {
      if (field.uid !== uid) return field;
      const next = { ...field, ...patch };
      if (patch.key !== undefined) next.keyEdited = patch.key.trim() !== '';
      if (patch.mapKind && patch.type === undefined) {
        const required = REQUIRED_TYPES[patch.mapKind];
        const suited = SUITED_TYPES[patch.mapKind];
        if (required) next.type = required;
        else if (suited && field.type === 'text') next.type = suited;
        if (patch.mapKind === 'seniority' && parseOptions(next.options).length === 0) {
          next.options = SENIORITY_OPTIONS.join('\n');
        }
      }
      return next;
    }),
  );
}

/** Appends a field (a blank one unless given, e.g. to know its uid beforehand). */
export function addField(fields: readonly FieldValues[], field: FieldValues = emptyField()): FieldValues[] {
  return withSuggestedKeys([...fields, field]);
}

export function removeField(fields: readonly FieldValues[], uid: string): FieldValues[] {
  return withSuggestedKeys(fields.filter((f) => f.uid !== uid));
}

export function moveField(fields: readonly FieldValues[], uid: string, by: -1 | 1): FieldValues[] {
  const from = fields.findIndex((f) => f.uid === uid);
  const to = from + by;
  if (from < 0 || to < 0 || to >= fields.length) return [...fields];
  const next = [...fields];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return withSuggestedKeys(next);
}

// ---------------------------------------------------------------------------------------------------------------
// To the API

export function parseOptions(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function toApiField(field: FieldValues): FormField {
  const result: FormField = {
    key: field.key.trim(),
    label: field.label.trim(),
    type: field.type,
    required: field.required,
    mapTo: mapToOf(field),
  };
  if (field.type === 'select') result.options = parseOptions(field.options);
  const placeholder = field.placeholder.trim();
  // The embed shows no placeholder for checkboxes and drop-downs (a drop-down starts with an empty choice).
  if (placeholder && field.type !== 'checkbox' && field.type !== 'select') result.placeholder = placeholder;
  return result;
}

/** Every member as the API takes it: a blank campaign or source is null, consent off is null. */
export function toFormInput(values: FormBuilderValues): Required<FormInput> {
  return {
    name: values.name.trim(),
    locale: values.locale,
    fields: values.fields.map(toApiField),
    consent: values.consentEnabled ? { text: values.consentText.trim(), required: values.consentRequired } : null,
    submitLabel: values.submitLabel.trim(),
    thankYou:
      values.thankYouKind === 'message'
        ? { kind: 'message', message: values.thankYouMessage.trim() }
        : { kind: 'redirect', url: values.thankYouUrl.trim() },
    campaign: textOrNull(values.campaign),
    source: textOrNull(values.source),
  };
}

/** POST body: members left unset are left out rather than sent as null. */
export function createFormInput(values: FormBuilderValues): FormInput {
  return withoutNulls(toFormInput(values));
}

/** PATCH body: only the members that changed (the field list travels whole); a cleared member is null. */
export function patchFormInput(initial: FormBuilderValues, values: FormBuilderValues): FormInput {
  const before = toFormInput(initial);
  const after = toFormInput(values);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof FormInput)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) patch[key] = after[key];
  }
  return patch as FormInput;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

export type IssueCode =
  | 'required'
  | 'tooLong'
  | 'keyFormat'
  | 'keyDuplicate'
  | 'keyReserved'
  | 'typeForMapping'
  | 'seniorityOptions'
  | 'customKeyFormat'
  | 'mapDuplicate'
  | 'optionsRequired'
  | 'optionsTooMany'
  | 'optionDuplicate'
  | 'optionTooLong'
  | 'noFields'
  | 'tooManyFields'
  | 'noIdentity'
  | 'url';

export interface Issue {
  code: IssueCode;
  max?: number;
  /** For `typeForMapping`: the type the mapping needs. */
  type?: FormFieldType;
  /** For `keyReserved`: the key. */
  key?: string;
}

/** Error paths of the builder: `name`, `fields`, `fields.<uid>.label`, `consent.text`, `thankYou.url`, ... */
export type Issues = Record<string, Issue>;

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The problems the server would report, keyed by builder path; empty when the form can be saved. */
export function validateForm(values: FormBuilderValues): Issues {
  const issues: Issues = {};
  const text = (path: string, value: string, max: number, required = true) => {
    const trimmed = value.trim();
    if (required && trimmed === '') issues[path] = { code: 'required' };
    else if (trimmed.length > max) issues[path] = { code: 'tooLong', max };
  };

  text('name', values.name, LIMITS.name);

  if (values.fields.length === 0) issues['fields'] = { code: 'noFields' };
  else if (values.fields.length > LIMITS.fields) issues['fields'] = { code: 'tooManyFields', max: LIMITS.fields };

  const keyCount = new Map<string, number>();
  const targetCount = new Map<string, number>();
  for (const f of values.fields) {
    const key = f.key.trim();
    keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
    const target = mapToOf(f);
    if (target) targetCount.set(target, (targetCount.get(target) ?? 0) + 1);
  }

  for (const f of values.fields) {
    const at = (member: string) => `fields.${f.uid}.${member}`;
    const key = f.key.trim();
    if (key === '') issues[at('key')] = { code: 'required' };
    else if (!KEY_PATTERN.test(key)) issues[at('key')] = { code: 'keyFormat' };
    else if (RESERVED_KEYS.includes(key)) issues[at('key')] = { code: 'keyReserved', key };
    else if ((keyCount.get(key) ?? 0) > 1) issues[at('key')] = { code: 'keyDuplicate' };

    text(at('label'), f.label, LIMITS.label);
    if (f.type !== 'checkbox' && f.type !== 'select') text(at('placeholder'), f.placeholder, LIMITS.placeholder, false);

    if (f.mapKind === 'custom') {
      const customKey = f.customKey.trim();
      if (customKey === '') issues[at('customKey')] = { code: 'required' };
      else if (!CUSTOM_KEY_PATTERN.test(customKey)) issues[at('customKey')] = { code: 'customKeyFormat' };
    }
    const target = mapToOf(f);
    if (target && (targetCount.get(target) ?? 0) > 1 && !issues[at('customKey')]) {
      issues[at(f.mapKind === 'custom' ? 'customKey' : 'mapTo')] = { code: 'mapDuplicate' };
    }

    const requiredType = REQUIRED_TYPES[f.mapKind];
    if (requiredType && f.type !== requiredType) issues[at('type')] = { code: 'typeForMapping', type: requiredType };

    if (f.type === 'select') {
      const options = parseOptions(f.options);
      if (options.length === 0) issues[at('options')] = { code: 'optionsRequired' };
      else if (options.length > LIMITS.options) issues[at('options')] = { code: 'optionsTooMany', max: LIMITS.options };
      else if (options.some((o) => o.length > LIMITS.option))
        issues[at('options')] = { code: 'optionTooLong', max: LIMITS.option };
      else if (new Set(options).size !== options.length) issues[at('options')] = { code: 'optionDuplicate' };
      else if (f.mapKind === 'seniority' && options.some((o) => !(SENIORITY_OPTIONS as readonly string[]).includes(o)))
        issues[at('options')] = { code: 'seniorityOptions' };
    }
  }

  if (!issues['fields'] && !values.fields.some((f) => f.mapKind === 'email' || f.mapKind === 'phone')) {
    issues['fields'] = { code: 'noIdentity' };
  }

  if (values.consentEnabled) text('consent.text', values.consentText, LIMITS.consentText);
  text('submitLabel', values.submitLabel, LIMITS.submitLabel);
  if (values.thankYouKind === 'message') text('thankYou.message', values.thankYouMessage, LIMITS.thankYouMessage);
  else {
    const url = values.thankYouUrl.trim();
    if (url === '') issues['thankYou.url'] = { code: 'required' };
    else if (url.length > LIMITS.url) issues['thankYou.url'] = { code: 'tooLong', max: LIMITS.url };
    else if (!isHttpUrl(url)) issues['thankYou.url'] = { code: 'url' };
  }
  text('campaign', values.campaign, LIMITS.campaign, false);
  text('source', values.source, LIMITS.source, false);
  return issues;
}

/**
 * Company fields mapped (website, industry, employees, country) with no field mapped to the company's name: the
 * server cannot find or create a company without its name, so it keeps those answers only on the submission.
 * Not an error (the form still works), a warning shown in the builder.
 */
export function companyFieldsWithoutName(fields: readonly Pick<FieldValues, 'mapKind'>[]): boolean {
  const kinds = fields.map((f) => f.mapKind);
  return kinds.some((k) => k.startsWith('account.') && k !== 'account.name') && !kinds.includes('account.name');
}

// ---------------------------------------------------------------------------------------------------------------
// Server errors

/** Paths the builder shows errors at; a server path is shown at the longest of these it starts with. */
const FIELD_MEMBERS = ['key', 'label', 'type', 'required', 'mapTo', 'options', 'placeholder'] as const;
const FORM_PATHS = [
  'name',
  'locale',
  'status',
  'fields',
  'consent',
  'consent.text',
  'consent.required',
  'submitLabel',
  'thankYou',
  'thankYou.kind',
  'thankYou.message',
  'thankYou.url',
  'campaign',
  'source',
];

export interface ServerFieldError {
  path: string;
  message: string;
}

/** `fields.2.options.0` -> `fields.<uid of the 3rd field sent>.options`, or null when no input shows it. */
export function builderPath(serverPath: string, sentUids: readonly string[]): string | null {
  const parts = serverPath
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^(body)\./, '')
    .split('.');
  if (parts[0] === 'fields' && parts.length > 1) {
    const index = Number(parts[1]);
    const uid = Number.isInteger(index) ? sentUids[index] : undefined;
    if (!uid) return 'fields';
    const member = parts[2];
    if (member && (FIELD_MEMBERS as readonly string[]).includes(member)) return `fields.${uid}.${member}`;
    return `fields.${uid}`;
  }
  for (let n = parts.length; n > 0; n -= 1) {
    const candidate = parts.slice(0, n).join('.');
    if (FORM_PATHS.includes(candidate)) return candidate;
  }
  return null;
}

/**
 * Splits a 422's field errors into those shown next to an input (first message per input wins) and those no
 * input shows. A custom-field mapping error is shown at the custom key input.
 */
export function placeServerErrors(
  errors: readonly ServerFieldError[],
  sentUids: readonly string[],
  fields: readonly FieldValues[],
): { placed: Record<string, string>; unplaced: ServerFieldError[] } {
  const placed: Record<string, string> = {};
  const unplaced: ServerFieldError[] = [];
  for (const error of errors) {
    let path = builderPath(error.path, sentUids);
    if (path === null) {
      unplaced.push(error);
      continue;
    }
    const mapTo = /^fields\.([^.]+)\.mapTo$/.exec(path);
    if (mapTo && fields.find((f) => f.uid === mapTo[1])?.mapKind === 'custom') {
      path = `fields.${mapTo[1]}.customKey`;
    }
    if (!(path in placed)) placed[path] = error.message;
  }
  return { placed, unplaced };
}

/** The field errors of a problem document; the member naming the input is `field` (also accepts `path`). */
export function problemFieldErrors(problem: unknown): ServerFieldError[] {
  if (typeof problem !== 'object' || problem === null) return [];
  const errors = (problem as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  const out: ServerFieldError[] = [];
  for (const e of errors) {
    if (typeof e !== 'object' || e === null) continue;
    const { field, path, message } = e as Record<string, unknown>;
    const where = typeof field === 'string' ? field : typeof path === 'string' ? path : null;
    if (where !== null && typeof message === 'string') out.push({ path: where, message });
  }
  return out;
}
