import { SLA_GRADES } from '../../api/sla.js';

/** The fit grades as select options (their labels are the grades themselves). */
export const GRADE_OPTIONS = SLA_GRADES.map((g) => ({ value: g, label: g }));
