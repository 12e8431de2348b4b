import { describe, expect, it } from 'vitest';
import type { SlaDocument } from '../../api/sla.js';
import { defaultSlaDocument, firstTouchDuties, formPath, slaToForm, toDocument } from './slaForm.js';

const doc = (): SlaDocument => ({
  ...defaultSlaDocument('cal1'),
  marketing: {
    ...defaultSlaDocument('cal1').marketing,
    perTeam: [{ teamId: 't1', qualifiedLeads: 10 }],
    perSegment: [{ name: 'Iran', field: 'account.country', values: ['IR'], qualifiedLeads: 5 }],
  },
});

describe('the SLA form', () => {
  it('round-trips a document, shares as percentages', () => {
    const form = slaToForm('Standard', doc());
    expect(form.marketing.acceptancePercent).toBe('60');
    expect(form.escalation.remindPercent).toBe('75');
    const { document, errors } = toDocument(form);
    expect(errors).toEqual({});
    expect(document).toEqual(doc());
  });

  it('reads blanks as "never" where the API allows null, and Persian digits', () => {
    const form = slaToForm('Standard', doc());
    form.escalation.remindPercent = '';
    form.escalation.reassignAfterMinutes = ' ';
    form.marketing.qualifiedLeads = '۱۲۰';
    form.sales.decisionHours = '1.5';
    const { document, errors } = toDocument(form);
    expect(errors).toEqual({});
    expect(document.escalation).toMatchObject({ remindAtShare: null, reassignAfterMinutes: null });
    expect(document.marketing.qualifiedLeads).toBe(120);
    expect(document.sales.decisionWithinBusinessHours).toBe(1.5);
  });

  it('reports mistakes by the paths the API uses', () => {
    const form = slaToForm('', doc());
    form.marketing.qualifiedLeads = '';
    form.marketing.acceptancePercent = '120';
    form.sales.attemptsCount = '2.5';
    form.sales.otherwiseMinutes = 'soon';
    form.escalation.remindPercent = '100';
    form.sales.rules = [
      { grade: 'A', priority: '', minutes: '60' },
      { grade: 'A', priority: 'high', minutes: '30' },
      { grade: '', priority: '', minutes: '0' },
    ];
    form.marketing.perTeam.push({ teamId: 't1', qualifiedLeads: '3' });
    expect(toDocument(form).errors).toEqual({
      name: { code: 'required' },
      'marketing.qualifiedLeads': { code: 'required' },
      'marketing.acceptanceRateFloor': { code: 'range', min: 0, max: 100 },
      'sales.attempts.count': { code: 'whole' },
      'sales.firstTouch.otherwiseMinutes': { code: 'number' },
      'escalation.remindAtShare': { code: 'range', min: 0, max: 100 },
      'sales.firstTouch.rules.1': { code: 'ruleShadowed', rule: 1 },
      'sales.firstTouch.rules.2': { code: 'ruleCondition' },
      'sales.firstTouch.rules.2.minutes': { code: 'range', min: 1, max: 100_000 },
      'marketing.perTeam.1.teamId': { code: 'duplicate' },
    });
  });

  it('keeps fractional shares and refuses hours that are not whole minutes', () => {
    const shares = doc();
    shares.marketing.acceptanceRateFloor = 0.655;
    const form = slaToForm('Standard', shares);
    expect(form.marketing.acceptancePercent).toBe('65.5');
    expect(toDocument(form).document.marketing.acceptanceRateFloor).toBe(0.655);
    form.sales.decisionHours = '0.25';
    expect(toDocument(form).errors).toEqual({});
    form.sales.decisionHours = '1.33';
    expect(toDocument(form).errors).toEqual({ 'sales.decisionWithinBusinessHours': { code: 'wholeMinutes' } });
    form.sales.decisionHours = '0';
    expect(toDocument(form).errors).toEqual({
      'sales.decisionWithinBusinessHours': { code: 'range', min: 0, max: 2000 },
    });
  });

  it('lists the first-touch duties for the preview', () => {
    expect(firstTouchDuties(doc()).map((d) => [d.key, d.grade, d.minutes])).toEqual([
      ['rule-0', 'A', 60],
      ['otherwise', undefined, 240],
    ]);
  });

  it("maps the API's field paths to the form's", () => {
    expect(formPath('document.sales.attempts.count')).toBe('sales.attempts.count');
    expect(formPath('/document/marketing/perTeam/0/teamId')).toBe('marketing.perTeam.0.teamId');
    expect(formPath('body.name')).toBe('name');
    expect(formPath('expectedVersion')).toBe('expectedVersion');
  });
});
