import type { ConditionOp, RoutingCondition, RoutingRule, RuleInput, RoutingMethod } from '../../api/routing.js';
import { parseNumberInput } from '../../i18n/format.js';

/** The routing rule editor's form and its conversion to the API's rule (src/modules/routing/routing.ts). */

export interface ConditionForm {
  field: string;
  op: ConditionOp;
  /** `in` / `not_in`: the values; other ops: one value (the first). */
  values: string[];
}

export interface RuleForm {
  name: string;
  teamId: string;
  method: RoutingMethod;
  active: boolean;
  conditions: ConditionForm[];
}

/** Fields compared as numbers: a typed value is sent as a number. */
const NUMERIC_FIELDS = new Set([
  'fitScore',
  'engagementScore',
  'predictiveScore',
  'account.employeeCount',
  'account.annualRevenue',
]);

export const emptyRule = (teamId = ''): RuleForm => ({
  name: '',
  teamId,
  method: 'round_robin',
  active: true,
  conditions: [],
});

export function ruleToForm(rule: RoutingRule): RuleForm {
  return {
    name: rule.name,
    teamId: rule.teamId,
    method: rule.method,
    active: rule.active,
    conditions: rule.conditions.map((c) => ({
      field: c.field,
      op: c.op,
      values: 'values' in c ? [...c.values] : 'value' in c ? [String(c.value)] : [],
    })),
  };
}

export type RuleError = 'required' | 'number';

export function formToRule(form: RuleForm): { input: RuleInput; errors: Record<string, RuleError> } {
  const errors: Record<string, RuleError> = {};
  if (!form.name.trim()) errors['name'] = 'required';
  if (!form.teamId) errors['teamId'] = 'required';
  const conditions = form.conditions.map((c, i): RoutingCondition => {
    const field = c.field.trim();
    if (!field) errors[`conditions.${i}.field`] = 'required';
    const values = c.values.map((v) => v.trim()).filter(Boolean);
    switch (c.op) {
      case 'present':
        return { field, op: 'present' };
      case 'in':
      case 'not_in':
        if (values.length === 0) errors[`conditions.${i}.values`] = 'required';
        return { field, op: c.op, values };
      case 'equals':
      case 'gte':
      case 'lte': {
        const text = values[0] ?? '';
        if (!text) errors[`conditions.${i}.value`] = 'required';
        if (
          NUMERIC_FIELDS.has(field) ||
          ((c.op === 'gte' || c.op === 'lte') && field !== 'fitGrade' && field !== 'temperature')
        ) {
          const n = parseNumberInput(text);
          if (text && (n === null || Number.isNaN(n))) errors[`conditions.${i}.value`] = 'number';
          return { field, op: c.op, value: n ?? 0 };
        }
        return { field, op: c.op, value: text };
      }
    }
  });
  return {
    input: { name: form.name.trim(), teamId: form.teamId, method: form.method, active: form.active, conditions },
    errors,
  };
}

/** The ids in a new order after moving one rule up (-1) or down (+1); unchanged at either end. */
export function moveRule(ids: readonly string[], id: string, by: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** A short text of a condition, e.g. `account.country in IR, AE` or `fitGrade ≥ B`. */
export function describeCondition(
  c: RoutingCondition,
  opLabel: (op: ConditionOp) => string,
  separator: string,
): string {
  if (c.op === 'present') return `${c.field} ${opLabel(c.op)}`;
  if ('values' in c) return `${c.field} ${opLabel(c.op)} ${c.values.join(separator)}`;
  return `${c.field} ${opLabel(c.op)} ${String(c.value)}`;
}
