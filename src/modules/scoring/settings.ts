import { z } from 'zod';
import { DEFAULT_ENGAGEMENT_RULES, DEFAULT_HALF_LIFE_DAYS } from './engagement.js';
import { DEFAULT_GRADE_THRESHOLDS, FIT_GRADES } from './fit.js';
import { DEFAULT_TEMPERATURE_THRESHOLDS } from './temperature.js';

/** Marketing's scoring settings as one versioned document (ICP, engagement rules, thresholds). */
const field = z.string().min(1).max(100);
const weight = z.number().min(-100).max(100);
const criterion = z.discriminatedUnion('kind', [
  z.strictObject({ field, kind: z.literal('in'), values: z.array(z.string().max(200)).min(1).max(100), weight }),
  z.strictObject({ field, kind: z.literal('contains'), values: z.array(z.string().max(200)).min(1).max(100), weight }),
  z.strictObject({ field, kind: z.literal('range'), min: z.number().optional(), max: z.number().optional(), weight }),
  z.strictObject({ field, kind: z.literal('present'), weight }),
]);
const rule = z.strictObject({
  id: z.string().min(1).max(64),
  eventType: z.string().min(1).max(64),
  urlPattern: z.string().max(500).optional(),
  campaignId: z.string().max(64).optional(),
  emailId: z.string().max(64).optional(),
  points: z.number().min(-1000).max(1000),
  cap: z.number().min(0).max(100_000).optional(),
  repeatable: z.boolean(),
});

export const scoringSettingsSchema = z.strictObject({
  icp: z.array(criterion).max(50),
  gradeThresholds: z
    .strictObject({ A: z.number().min(0).max(100), B: z.number().min(0).max(100), C: z.number().min(0).max(100) })
    .refine((g) => g.A >= g.B && g.B >= g.C, 'Thresholds must satisfy A >= B >= C.'),
  engagementRules: z.array(rule).max(200),
  halfLifeDays: z.number().min(1).max(3650),
  temperature: z
    .strictObject({
      warmEngagement: z.number().min(0),
      qualifiedEngagement: z.number().min(0),
      qualifiedMinGrade: z.enum(FIT_GRADES as unknown as ['A', 'B', 'C', 'D']),
    })
    .refine((t) => t.qualifiedEngagement >= t.warmEngagement, 'Qualified engagement must be at least warm engagement.'),
});
export type ScoringSettings = z.infer<typeof scoringSettingsSchema>;

/** Out of the box: no ICP yet (every fit is D, so nobody qualifies without marketing's profile or hand). */
export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  icp: [],
  gradeThresholds: { ...DEFAULT_GRADE_THRESHOLDS },
  engagementRules: DEFAULT_ENGAGEMENT_RULES.map((r) => ({ ...r })),
  halfLifeDays: DEFAULT_HALF_LIFE_DAYS,
  temperature: { ...DEFAULT_TEMPERATURE_THRESHOLDS },
};
