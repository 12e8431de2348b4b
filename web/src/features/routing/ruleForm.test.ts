import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../api/routing.js';
import { describeCondition, emptyRule, formToRule, moveRule, ruleToForm } from './ruleForm.js';

const rule: RoutingRule = {
  id: 'r1',
  position: 0,
  name: 'Iran to North',
  conditions: [
    { field: 'account.country', op: 'in', values: ['IR', 'AE'] },
    { field: 'fitGrade', op: 'gte', value: 'B' },
    { field: 'fitScore', op: 'gte', value: 50 },
    { field: 'email', op: 'present' },
  ],
  teamId: 't1',
  teamName: 'North',
  method: 'weighted',
  active: true,
  createdAt: '',
  updatedAt: '',
};

describe('the routing rule form', () => {
  it('round-trips a rule', () => {
    const { input, errors } = formToRule(ruleToForm(rule));
    expect(errors).toEqual({});
    expect(input).toEqual({
      name: rule.name,
      teamId: 't1',
      method: 'weighted',
      active: true,
      conditions: rule.conditions,
    });
  });

  it('sends numbers for numeric fields, typed in either script', () => {
    const form = emptyRule('t1');
    form.name = 'Big';
    form.conditions = [{ field: 'account.employeeCount', op: 'equals', values: ['۵۰۰'] }];
    expect(formToRule(form).input.conditions).toEqual([{ field: 'account.employeeCount', op: 'equals', value: 500 }]);
  });

  it('reports missing parts', () => {
    const form = emptyRule();
    form.conditions = [
      { field: 'source', op: 'in', values: [' '] },
      { field: 'fitScore', op: 'lte', values: ['lots'] },
    ];
    expect(formToRule(form).errors).toEqual({
      name: 'required',
      teamId: 'required',
      'conditions.0.values': 'required',
      'conditions.1.value': 'number',
    });
  });

  it('moves a rule up and down, not past either end', () => {
    expect(moveRule(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveRule(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moveRule(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
  });

  it('describes conditions', () => {
    const label = (op: string) => op;
    expect(describeCondition(rule.conditions[0]!, label, ', ')).toBe('account.country in IR, AE');
    expect(describeCondition(rule.conditions[3]!, label, ', ')).toBe('email present');
  });
});
