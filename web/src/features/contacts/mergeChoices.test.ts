import { describe, expect, it } from 'vitest';
import type { Contact } from '../../api/types.js';
import { emptyContactValues } from './contactForm.js';
import { conflictingCustomFields, defaultChoice, differingFields, sideOfContact, sideOfForm } from './mergeChoices.js';

const contact = (patch: Partial<Contact>): Contact => ({
  id: 'c1',
  firstName: 'Sara',
  lastName: '',
  email: null,
  phone: null,
  jobTitle: null,
  seniority: null,
  accountId: null,
  account: null,
  ownerId: null,
  owner: null,
  source: null,
  campaign: null,
  customFields: {},
  temperature: 'cold',
  fitScore: 0,
  fitGrade: 'D',
  engagementScore: 0,
  predictiveScore: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});

describe('merge dialog choices', () => {
  const winner = sideOfContact(
    contact({ email: 'sara@x.example', jobTitle: 'CTO', customFields: { plan: 'pro', seats: 3, same: 1 } }),
  );
  const loser = sideOfContact(
    contact({
      id: 'c2',
      lastName: 'Ahmadi',
      email: 'sara.a@x.example',
      jobTitle: 'CTO',
      customFields: { plan: 'free', region: 'Tehran', same: 1 },
    }),
  );

  it('offers a choice only where the values differ', () => {
    expect(differingFields(winner, loser)).toEqual(['lastName', 'email']);
    expect(conflictingCustomFields(winner, loser)).toEqual(['plan']);
  });

  it("defaults like the server: the winner's value unless it is blank", () => {
    expect(defaultChoice(winner, loser)).toEqual({
      lastName: 'loser',
      email: 'winner',
      customFields: { plan: 'winner' },
    });
  });

  it('compares typed form values with a saved contact, blanks as nothing', () => {
    const typed = sideOfForm({
      ...emptyContactValues(null),
      firstName: ' Sara ',
      email: 'sara@x.example',
      phone: '0912 123 4567',
    });
    expect(differingFields(winner, typed)).toEqual(['phone', 'jobTitle']);
    expect(defaultChoice(winner, typed)).toEqual({ phone: 'loser', jobTitle: 'winner' });
  });
});
