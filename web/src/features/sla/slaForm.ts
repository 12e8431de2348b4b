import type { CalendarSystem, ReassignTarget, SlaDocument, SlaGrade, SlaPeriod, SlaPriority } from '../../api/sla.js';
import { parseNumberInput } from '../../i18n/format.js';

/**
 * The SLA editor's form: numbers as typed (Persian digits too), shares as percentages, and blank for "never".
 * `toDocument` gives the API's document, or errors keyed by the document paths the API reports.
 */

export interface FirstTouchRuleForm {
  grade: SlaGrade | '';
  priority: SlaPriority | '';
  minutes: string;
}

export interface SlaForm {
  name: string;
  calendarId: string;
  marketing: {
    period: SlaPeriod;
    calendarSystem: CalendarSystem;
    qualifiedLeads: string;
    perTeam: { teamId: string; qualifiedLeads: string }[];
    perSegment: { name: string; field: string; values: string[]; qualifiedLeads: string }[];
    minFitGrade: SlaGrade;
    /** acceptanceRateFloor as a percentage: "60" for 0.6. */
    acceptancePercent: string;
  };
  sales: {
    rules: FirstTouchRuleForm[];
    otherwiseMinutes: string;
    attemptsCount: string;
    attemptsDays: string;
    decisionHours: string;
    outcomeDays: string;
  };
  escalation: {
    /** remindAtShare as a percentage; blank: no reminder. */
    remindPercent: string;
    notifyManager: boolean;
    /** Blank: never reassign. */
    reassignAfterMinutes: string;
    reassignTo: ReassignTarget;
  };
}

export type SlaFieldError =
  | { code: 'required' }
  | { code: 'number' }
  | { code: 'whole' }
  | { code: 'range'; min: number; max: number }
  | { code: 'ruleCondition' }
  | { code: 'ruleShadowed'; rule: number }
  | { code: 'duplicate' }
  | { code: 'wholeMinutes' };

/** Drops float noise: 0.75 * 100 is 75.00000000000001. */
const percent = (share: number) => String(Math.round(share * 100 * 1000) / 1000);

export function slaToForm(name: string, doc: SlaDocument): SlaForm {
  return {
    name,
    calendarId: doc.calendarId,
    marketing: {
      period: doc.marketing.period,
      calendarSystem: doc.marketing.calendarSystem,
      qualifiedLeads: String(doc.marketing.qualifiedLeads),
      perTeam: doc.marketing.perTeam.map((p) => ({ teamId: p.teamId, qualifiedLeads: String(p.qualifiedLeads) })),
      perSegment: doc.marketing.perSegment.map((s) => ({
        ...s,
        values: [...s.values],
        qualifiedLeads: String(s.qualifiedLeads),
      })),
      minFitGrade: doc.marketing.minFitGrade,
      acceptancePercent: percent(doc.marketing.acceptanceRateFloor),
    },
    sales: {
      rules: doc.sales.firstTouch.rules.map((r) => ({
        grade: r.grade ?? '',
        priority: r.priority ?? '',
        minutes: String(r.minutes),
      })),
      otherwiseMinutes: String(doc.sales.firstTouch.otherwiseMinutes),
      attemptsCount: String(doc.sales.attempts.count),
      attemptsDays: String(doc.sales.attempts.withinBusinessDays),
      decisionHours: String(doc.sales.decisionWithinBusinessHours),
      outcomeDays: String(doc.sales.outcomeWithinDays),
    },
    escalation: {
      remindPercent: doc.escalation.remindAtShare === null ? '' : percent(doc.escalation.remindAtShare),
      notifyManager: doc.escalation.notifyManagerAtBreach,
      reassignAfterMinutes:
        doc.escalation.reassignAfterMinutes === null ? '' : String(doc.escalation.reassignAfterMinutes),
      reassignTo: doc.escalation.reassignTo,
    },
  };
}

/** Bounds the API enforces (src/modules/sla/sla.ts LIMITS). */
export const SLA_LIMITS = {
  leads: 1_000_000,
  businessMinutes: 100_000,
  attempts: 100,
  businessDays: 365,
  businessHours: 2_000,
  outcomeDays: 3_650,
} as const;

export function toDocument(form: SlaForm): { document: SlaDocument; errors: Record<string, SlaFieldError> } {
  const errors: Record<string, SlaFieldError> = {};
  const read = (
    path: string,
    text: string,
    min: number,
    max: number,
    options: { whole?: boolean; blank?: 'null' | 'required'; above?: boolean } = {},
  ): number | null => {
    const value = parseNumberInput(text);
    if (value === null) {
      if (options.blank === 'null') return null;
      errors[path] = { code: 'required' };
      return 0;
    }
    if (Number.isNaN(value)) errors[path] = { code: 'number' };
    else if ((options.whole ?? true) && !Number.isInteger(value)) errors[path] = { code: 'whole' };
    else if (value < min || value > max || (options.above && value === min)) errors[path] = { code: 'range', min, max };
    return Number.isNaN(value) ? 0 : value;
  };
  const whole = (path: string, text: string, min: number, max: number) => read(path, text, min, max) ?? 0;

  const rules = form.sales.rules.map((r, i) => {
    const minutes = whole(`sales.firstTouch.rules.${i}.minutes`, r.minutes, 1, SLA_LIMITS.businessMinutes);
    return {
      ...(r.grade ? { grade: r.grade } : {}),
      ...(r.priority ? { priority: r.priority } : {}),
      minutes,
    };
  });
  rules.forEach((rule, i) => {
    if (!rule.grade && !rule.priority) {
      errors[`sales.firstTouch.rules.${i}`] = { code: 'ruleCondition' };
      return;
    }
    const earlier = rules.findIndex(
      (o, j) =>
        j < i &&
        (o.grade || o.priority) &&
        (!o.grade || o.grade === rule.grade) &&
        (!o.priority || o.priority === rule.priority),
    );
    if (earlier >= 0) errors[`sales.firstTouch.rules.${i}`] = { code: 'ruleShadowed', rule: earlier + 1 };
  });

  const teams = new Set<string>();
  const perTeam = form.marketing.perTeam.map((p, i) => {
    if (!p.teamId) errors[`marketing.perTeam.${i}.teamId`] = { code: 'required' };
    else if (teams.has(p.teamId)) errors[`marketing.perTeam.${i}.teamId`] = { code: 'duplicate' };
    teams.add(p.teamId);
    return {
      teamId: p.teamId,
      qualifiedLeads: whole(`marketing.perTeam.${i}.qualifiedLeads`, p.qualifiedLeads, 0, SLA_LIMITS.leads),
    };
  });
  const segments = new Set<string>();
  const perSegment = form.marketing.perSegment.map((s, i) => {
    const name = s.name.trim();
    if (!name) errors[`marketing.perSegment.${i}.name`] = { code: 'required' };
    else if (segments.has(name.toLowerCase())) errors[`marketing.perSegment.${i}.name`] = { code: 'duplicate' };
    segments.add(name.toLowerCase());
    if (!s.field.trim()) errors[`marketing.perSegment.${i}.field`] = { code: 'required' };
    if (s.values.length === 0) errors[`marketing.perSegment.${i}.values`] = { code: 'required' };
    return {
      name,
      field: s.field.trim(),
      values: s.values.map((v) => v.trim()).filter(Boolean),
      qualifiedLeads: whole(`marketing.perSegment.${i}.qualifiedLeads`, s.qualifiedLeads, 0, SLA_LIMITS.leads),
    };
  });

  const acceptance =
    read('marketing.acceptanceRateFloor', form.marketing.acceptancePercent, 0, 100, { whole: false }) ?? 0;
  const remind = read('escalation.remindAtShare', form.escalation.remindPercent, 0, 100, {
    blank: 'null',
    whole: false,
    above: true,
  });
  if (remind === 100) errors['escalation.remindAtShare'] = { code: 'range', min: 0, max: 100 };
  const decisionHours =
    read('sales.decisionWithinBusinessHours', form.sales.decisionHours, 0, SLA_LIMITS.businessHours, {
      whole: false,
      above: true,
    }) ?? 0;
  // Clocks count whole minutes: 1.5 hours is fine, 1.33 is not.
  if (!errors['sales.decisionWithinBusinessHours'] && !Number.isInteger(Math.round(decisionHours * 60 * 1e6) / 1e6))
    errors['sales.decisionWithinBusinessHours'] = { code: 'wholeMinutes' };

  const document: SlaDocument = {
    calendarId: form.calendarId,
    marketing: {
      period: form.marketing.period,
      calendarSystem: form.marketing.calendarSystem,
      qualifiedLeads: whole('marketing.qualifiedLeads', form.marketing.qualifiedLeads, 0, SLA_LIMITS.leads),
      perTeam,
      perSegment,
      minFitGrade: form.marketing.minFitGrade,
      acceptanceRateFloor: Math.round(acceptance * 1000) / 100_000,
    },
    sales: {
      firstTouch: {
        rules,
        otherwiseMinutes: whole(
          'sales.firstTouch.otherwiseMinutes',
          form.sales.otherwiseMinutes,
          1,
          SLA_LIMITS.businessMinutes,
        ),
      },
      attempts: {
        count: whole('sales.attempts.count', form.sales.attemptsCount, 1, SLA_LIMITS.attempts),
        withinBusinessDays: whole(
          'sales.attempts.withinBusinessDays',
          form.sales.attemptsDays,
          1,
          SLA_LIMITS.businessDays,
        ),
      },
      decisionWithinBusinessHours: decisionHours,
      outcomeWithinDays: whole('sales.outcomeWithinDays', form.sales.outcomeDays, 1, SLA_LIMITS.outcomeDays),
    },
    escalation: {
      remindAtShare: remind === null ? null : Math.round(remind * 1000) / 100_000,
      notifyManagerAtBreach: form.escalation.notifyManager,
      reassignAfterMinutes: read(
        'escalation.reassignAfterMinutes',
        form.escalation.reassignAfterMinutes,
        1,
        SLA_LIMITS.businessMinutes,
        { blank: 'null' },
      ),
      reassignTo: form.escalation.reassignTo,
    },
  };
  if (!form.name.trim()) errors['name'] = { code: 'required' };
  return { document, errors };
}

/** The first-touch duties a preview shows: each rule, then "every other lead". */
export function firstTouchDuties(
  doc: SlaDocument,
): { key: string; grade?: SlaGrade | undefined; priority?: SlaPriority | undefined; minutes: number }[] {
  return [
    ...doc.sales.firstTouch.rules.map((r, i) => ({
      key: `rule-${i}`,
      grade: r.grade,
      priority: r.priority,
      minutes: r.minutes,
    })),
    { key: 'otherwise', minutes: doc.sales.firstTouch.otherwiseMinutes },
  ];
}

/** API field paths (`document.sales.attempts.count`, `/document/name`) as the form's paths. */
export function formPath(field: string): string {
  return field
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^(body|query|params)\./, '')
    .replace(/^document\./, '');
}

/** The terms a new SLA starts from (the API's DEFAULT_SLA), with its calendar. */
export function defaultSlaDocument(calendarId: string): SlaDocument {
  return {
    calendarId,
    marketing: {
      period: 'month',
      calendarSystem: 'gregorian',
      qualifiedLeads: 40,
      perTeam: [],
      perSegment: [],
      minFitGrade: 'B',
      acceptanceRateFloor: 0.6,
    },
    sales: {
      firstTouch: { rules: [{ grade: 'A', minutes: 60 }], otherwiseMinutes: 240 },
      attempts: { count: 3, withinBusinessDays: 5 },
      decisionWithinBusinessHours: 8,
      outcomeWithinDays: 30,
    },
    escalation: { remindAtShare: 0.75, notifyManagerAtBreach: true, reassignAfterMinutes: 60, reassignTo: 'next_rep' },
  };
}
