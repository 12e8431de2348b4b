import type {
  Criterion,
  CriterionKind,
  EngagementRule,
  NoteKind,
  Persona,
  ResearchNote,
  ScoringSettings,
} from '../../api/scoring.js';
import type { FitGrade } from '../../api/types.js';
import { parseNumberInput } from '../../i18n/format.js';

/**
 * The scoring settings as the editors hold them: numbers as the text typed (Persian digits allowed, checked on
 * save), and a client key on criteria, which have no id of their own. `toDocument` turns it back into the
 * document the API takes, with the local errors keyed by the same paths the API uses (`icp.0.weight`).
 */

/** Fields a criterion may name (the API's FIT_FIELDS; a test keeps the two lists equal). */
export const CONTACT_FIT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'source',
] as const;
export const ACCOUNT_FIT_FIELDS = [
  'account.name',
  'account.domain',
  'account.industry',
  'account.employeeCount',
  'account.country',
  'account.city',
  'account.annualRevenue',
] as const;
export const CUSTOM_PREFIX = 'custom.';

/** Event types the product records (tracking, forms, email); rules may name others. */
export const KNOWN_EVENT_TYPES = [
  'page_view',
  'form_submitted',
  'email_opened',
  'email_clicked',
  'ad_clicked',
  'unsubscribed',
  'email_bounced',
] as const;

/** The letters and digits of an event type, for comparing spellings ("pageView", "page-view", "pageview"). */
const bare = (type: string) => type.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Edits (insert, delete, replace, swap two neighbours) between two short texts, up to `max` + 1. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The event type Tandem records that a rule's type was probably meant to be ("pageview", "page_veiw",
 * "Email-Opened"), or null when it is one of them or nothing like any: a site's own events (demo_requested)
 * are fine, and a typo would otherwise be saved as a rule that never fires.
 */
export function likelyMeantEventType(type: string): string | null {
  const typed = type.trim();
  if (typed === '' || (KNOWN_EVENT_TYPES as readonly string[]).includes(typed)) return null;
  const key = bare(typed);
  if (key.length < 4) return null;
  let best: { type: string; d: number } | null = null;
  for (const known of KNOWN_EVENT_TYPES) {
    const d = distance(key, bare(known), 2);
    if (d <= 2 && (best === null || d < best.d)) best = { type: known, d };
  }
  return best?.type ?? null;
}

/** A URL glob as the engine reads it (src/modules/scoring/engagement.ts globToRegExp): `*` any run, no case. */
function globRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Whether every URL the `later` glob matches is matched by `earlier`, where that is certain: `earlier` is
 * only stars, the two are the same glob, or `later` is one literal URL that `earlier` matches. (Other
 * pairs may overlap without one covering the other; they are not called covered.)
 */
function globCovers(earlier: string, later: string): boolean {
  if (/^\*+$/.test(earlier) || earlier.toLowerCase() === later.toLowerCase()) return true;
  return !later.includes('*') && globRegExp(earlier).test(later);
}

/**
 * The position of an earlier rule that takes every event the rule at `index` would match, or null. The
 * engine scores each event by the first rule that matches it, so such a rule never gives a point: a plain
 * page_view rule above a pricing-page one, say. Blank conditions match anything; a blank URL pattern also
 * matches events without a URL, which a pattern never does.
 */
export function coveringRule(rules: readonly RuleForm[], index: number): number | null {
  const later = rules[index];
  if (!later || later.eventType.trim() === '') return null;
  const value = (rule: RuleForm, key: 'urlPattern' | 'campaignId' | 'emailId') => rule[key].trim();
  for (let i = 0; i < index; i++) {
    const earlier = rules[i]!;
    if (earlier.eventType.trim() !== later.eventType.trim()) continue;
    const url = value(earlier, 'urlPattern');
    if (url !== '' && (value(later, 'urlPattern') === '' || !globCovers(url, value(later, 'urlPattern')))) continue;
    const same = (key: 'campaignId' | 'emailId') =>
      value(earlier, key) === '' || value(earlier, key) === value(later, key);
    if (same('campaignId') && same('emailId')) return i;
  }
  return null;
}

/** The API's documented default rules (src/modules/scoring/engagement.ts; a test keeps them equal). */
export const DEFAULT_ENGAGEMENT_RULES: readonly EngagementRule[] = [
  { id: 'form-submitted', eventType: 'form_submitted', points: 50, repeatable: true, cap: 100 },
  { id: 'pricing-page', eventType: 'page_view', urlPattern: '*/pricing*', points: 10, repeatable: true, cap: 30 },
  { id: 'page-view', eventType: 'page_view', points: 1, repeatable: true, cap: 20 },
  { id: 'email-opened', eventType: 'email_opened', points: 2, repeatable: true, cap: 10 },
  { id: 'email-clicked', eventType: 'email_clicked', points: 5, repeatable: true, cap: 25 },
  { id: 'paid-ad-clicked', eventType: 'ad_clicked', points: 8, repeatable: true, cap: 24 },
  { id: 'unsubscribed', eventType: 'unsubscribed', points: -50, repeatable: false },
  { id: 'email-bounced', eventType: 'email_bounced', points: -20, repeatable: false },
];

export interface CriterionForm {
  key: string;
  field: string;
  kind: CriterionKind;
  values: string[];
  min: string;
  max: string;
  weight: string;
}

export interface PersonaForm {
  id: string;
  name: string;
  description: string;
  criteria: CriterionForm[];
  notes: ResearchNote[];
}

export interface RuleForm {
  id: string;
  eventType: string;
  urlPattern: string;
  campaignId: string;
  emailId: string;
  points: string;
  cap: string;
  repeatable: boolean;
}

export interface SettingsForm {
  icp: CriterionForm[];
  notes: ResearchNote[];
  personas: PersonaForm[];
  gradeThresholds: { A: string; B: string; C: string };
  engagementRules: RuleForm[];
  halfLifeDays: string;
  temperature: { warmEngagement: string; qualifiedEngagement: string; qualifiedMinGrade: FitGrade };
}

/**
 * What is wrong with an input before the server is asked: missing, not a number, outside the bounds the API
 * accepts (src/modules/scoring/settings.ts; a test keeps BOUNDS equal to them), or text too long.
 */
export type LocalError =
  | 'required'
  | 'number'
  | { kind: 'range'; min: number; max: number }
  | { kind: 'atLeast'; min: number }
  | { kind: 'tooLong'; max: number };

interface Bounds {
  min: number;
  max?: number;
}

/** The API's bounds on numbers and event types (src/modules/scoring/settings.ts). */
export const BOUNDS = {
  weight: { min: -100, max: 100 },
  points: { min: -1000, max: 1000 },
  cap: { min: 0, max: 100_000 },
  gradeThreshold: { min: 0, max: 100 },
  halfLifeDays: { min: 1, max: 3650 },
  engagementThreshold: { min: 0 },
  eventTypeLength: 64,
} as const satisfies Record<string, Bounds | number>;

/** An id unlikely to clash, from the browser's random source (also available outside secure contexts). */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')}`;
}

let keySequence = 0;
const newKey = () => `c${++keySequence}`;

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function criterionForm(criterion: Criterion): CriterionForm {
  return {
    key: newKey(),
    field: criterion.field,
    kind: criterion.kind,
    values: criterion.kind === 'in' || criterion.kind === 'contains' ? [...criterion.values] : [],
    min: criterion.kind === 'range' ? text(criterion.min) : '',
    max: criterion.kind === 'range' ? text(criterion.max) : '',
    weight: String(criterion.weight),
  };
}

export function emptyCriterion(): CriterionForm {
  return { key: newKey(), field: 'account.industry', kind: 'in', values: [], min: '', max: '', weight: '10' };
}

export function emptyNote(kind: NoteKind, today: string, author: string): ResearchNote {
  return { id: newId('note'), title: '', body: '', kind, date: today, author };
}

export function emptyPersona(): PersonaForm {
  return { id: newId('persona'), name: '', description: '', criteria: [emptyCriterion()], notes: [] };
}

export function emptyRule(): RuleForm {
  return {
    id: newId('rule'),
    eventType: 'page_view',
    urlPattern: '',
    campaignId: '',
    emailId: '',
    points: '1',
    cap: '',
    repeatable: true,
  };
}

export function ruleForm(rule: EngagementRule): RuleForm {
  return {
    id: rule.id,
    eventType: rule.eventType,
    urlPattern: rule.urlPattern ?? '',
    campaignId: rule.campaignId ?? '',
    emailId: rule.emailId ?? '',
    points: String(rule.points),
    cap: text(rule.cap),
    repeatable: rule.repeatable,
  };
}

function personaForm(persona: Persona): PersonaForm {
  return {
    id: persona.id,
    name: persona.name,
    description: persona.description,
    criteria: persona.criteria.map(criterionForm),
    notes: persona.notes.map((n) => ({ ...n })),
  };
}

export function settingsForm(s: ScoringSettings): SettingsForm {
  return {
    icp: s.icp.map(criterionForm),
    notes: s.notes.map((n) => ({ ...n })),
    personas: s.personas.map(personaForm),
    gradeThresholds: {
      A: String(s.gradeThresholds.A),
      B: String(s.gradeThresholds.B),
      C: String(s.gradeThresholds.C),
    },
    engagementRules: s.engagementRules.map(ruleForm),
    halfLifeDays: String(s.halfLifeDays),
    temperature: {
      warmEngagement: String(s.temperature.warmEngagement),
      qualifiedEngagement: String(s.temperature.qualifiedEngagement),
      qualifiedMinGrade: s.temperature.qualifiedMinGrade,
    },
  };
}

class Reader {
  readonly errors: Record<string, LocalError> = {};

  /** A number that must be there; 0 stands in for a missing one (the save does not happen then). */
  required(value: string, path: string, bounds?: Bounds): number {
    const n = parseNumberInput(value);
    if (n === null) this.errors[path] = 'required';
    else if (Number.isNaN(n)) this.errors[path] = 'number';
    else this.within(n, path, bounds);
    return n === null || Number.isNaN(n) ? 0 : n;
  }

  optional(value: string, path: string, bounds?: Bounds): number | undefined {
    const n = parseNumberInput(value);
    if (n !== null && Number.isNaN(n)) this.errors[path] = 'number';
    else if (n !== null) this.within(n, path, bounds);
    return n === null || Number.isNaN(n) ? undefined : n;
  }

  /** Text that must be there, trimmed. */
  text(value: string, path: string, max: number): string {
    const trimmed = value.trim();
    if (trimmed === '') this.errors[path] = 'required';
    else if (trimmed.length > max) this.errors[path] = { kind: 'tooLong', max };
    return trimmed;
  }

  private within(n: number, path: string, bounds: Bounds | undefined) {
    if (!bounds) return;
    if (bounds.max === undefined) {
      if (n < bounds.min) this.errors[path] = { kind: 'atLeast', min: bounds.min };
    } else if (n < bounds.min || n > bounds.max) {
      this.errors[path] = { kind: 'range', min: bounds.min, max: bounds.max };
    }
  }
}

function toCriterion(c: CriterionForm, path: string, read: Reader): Criterion {
  const weight = read.required(c.weight, `${path}.weight`, BOUNDS.weight);
  switch (c.kind) {
    case 'in':
    case 'contains':
      return { field: c.field, kind: c.kind, values: c.values, weight };
    case 'range': {
      const min = read.optional(c.min, `${path}.min`);
      const max = read.optional(c.max, `${path}.max`);
      return {
        field: c.field,
        kind: 'range',
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
        weight,
      };
    }
    case 'present':
      return { field: c.field, kind: 'present', weight };
  }
}

function toRule(r: RuleForm, path: string, read: Reader): EngagementRule {
  const cap = read.optional(r.cap, `${path}.cap`, BOUNDS.cap);
  const optionalText = (key: 'urlPattern' | 'campaignId' | 'emailId') =>
    r[key].trim() === '' ? {} : { [key]: r[key].trim() };
  return {
    id: r.id,
    eventType: read.text(r.eventType, `${path}.eventType`, BOUNDS.eventTypeLength),
    ...optionalText('urlPattern'),
    ...optionalText('campaignId'),
    ...optionalText('emailId'),
    points: read.required(r.points, `${path}.points`, BOUNDS.points),
    ...(cap === undefined ? {} : { cap }),
    repeatable: r.repeatable,
  };
}

/**
 * The document to save, and what is wrong with it before asking the server (numbers that are missing, not
 * numbers or out of the API's bounds; a blank event type).
 */
export function toDocument(form: SettingsForm): { document: ScoringSettings; errors: Record<string, LocalError> } {
  const read = new Reader();
  const document: ScoringSettings = {
    icp: form.icp.map((c, i) => toCriterion(c, `icp.${i}`, read)),
    notes: form.notes,
    personas: form.personas.map((p, i) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      criteria: p.criteria.map((c, j) => toCriterion(c, `personas.${i}.criteria.${j}`, read)),
      notes: p.notes,
    })),
    gradeThresholds: {
      A: read.required(form.gradeThresholds.A, 'gradeThresholds.A', BOUNDS.gradeThreshold),
      B: read.required(form.gradeThresholds.B, 'gradeThresholds.B', BOUNDS.gradeThreshold),
      C: read.required(form.gradeThresholds.C, 'gradeThresholds.C', BOUNDS.gradeThreshold),
    },
    engagementRules: form.engagementRules.map((r, i) => toRule(r, `engagementRules.${i}`, read)),
    halfLifeDays: read.required(form.halfLifeDays, 'halfLifeDays', BOUNDS.halfLifeDays),
    temperature: {
      warmEngagement: read.required(
        form.temperature.warmEngagement,
        'temperature.warmEngagement',
        BOUNDS.engagementThreshold,
      ),
      qualifiedEngagement: read.required(
        form.temperature.qualifiedEngagement,
        'temperature.qualifiedEngagement',
        BOUNDS.engagementThreshold,
      ),
      qualifiedMinGrade: form.temperature.qualifiedMinGrade,
    },
  };
  return { document, errors: read.errors };
}

export type Section = keyof ScoringSettings;

export interface SectionChange {
  section: Section;
  added: number;
  removed: number;
  changed: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function listChange<T>(section: Section, before: readonly T[], after: readonly T[], id?: (item: T) => string) {
  if (!id) {
    // Criteria have no identity: compare position by position.
    const common = Math.min(before.length, after.length);
    let changed = 0;
    for (let i = 0; i < common; i += 1) if (!same(before[i], after[i])) changed += 1;
    return {
      section,
      added: Math.max(0, after.length - before.length),
      removed: Math.max(0, before.length - after.length),
      changed,
    };
  }
  const old = new Map(before.map((item) => [id(item), item]));
  const next = new Map(after.map((item) => [id(item), item]));
  let changed = 0;
  for (const [key, item] of next) if (old.has(key) && !same(old.get(key), item)) changed += 1;
  const added = [...next.keys()].filter((key) => !old.has(key)).length;
  const removed = [...old.keys()].filter((key) => !next.has(key)).length;
  // The order of rules matters (the first match scores an event): a reorder alone is a change.
  if (added === 0 && removed === 0 && changed === 0 && !same([...old.keys()], [...next.keys()])) changed = 1;
  return { section, added, removed, changed };
}

/** What a save would change, section by section: the preview shown beside the save button. */
export function describeChanges(saved: ScoringSettings, draft: ScoringSettings): SectionChange[] {
  const changes: SectionChange[] = [
    listChange('icp', saved.icp, draft.icp),
    listChange('notes', saved.notes, draft.notes, (n) => n.id),
    listChange('personas', saved.personas, draft.personas, (p) => p.id),
    listChange('engagementRules', saved.engagementRules, draft.engagementRules, (r) => r.id),
  ];
  for (const section of ['gradeThresholds', 'halfLifeDays', 'temperature'] as const) {
    if (!same(saved[section], draft[section])) changes.push({ section, added: 0, removed: 0, changed: 1 });
  }
  return changes.filter((c) => c.added + c.removed + c.changed > 0);
}

/** Today as YYYY-MM-DD in the user's time zone: the default date of a new note. */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      now,
    );
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Moves one item of a list up or down (for rules, whose order decides which one scores an event). */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}
