import type { FormAccountTarget, FormContactTarget } from '../../api/forms.js';

/** Translation keys naming the mapping targets (i18n keys cannot contain the dot of `account.name`). */
export const TARGET_LABELS = {
  firstName: 'forms.targets.firstName',
  lastName: 'forms.targets.lastName',
  email: 'forms.targets.email',
  phone: 'forms.targets.phone',
  jobTitle: 'forms.targets.jobTitle',
  seniority: 'forms.targets.seniority',
  'account.name': 'forms.targets.account_name',
  'account.domain': 'forms.targets.account_domain',
  'account.industry': 'forms.targets.account_industry',
  'account.employeeCount': 'forms.targets.account_employeeCount',
  'account.country': 'forms.targets.account_country',
} as const satisfies Record<FormContactTarget | FormAccountTarget, string>;

export function targetLabelKey(target: FormContactTarget | FormAccountTarget) {
  return TARGET_LABELS[target];
}
