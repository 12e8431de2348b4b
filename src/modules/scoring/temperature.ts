import { gradeAtLeast, type FitGrade } from './fit.js';
import type { EngagementContribution } from './engagement.js';

/**
 * Temperature: cold, warm or qualified, decided from the fit grade, the engagement score and marketing's
 * hand, always with the reasons that decided it, so "why is this lead warm?" has an answer.
 */
export type Temperature = 'cold' | 'warm' | 'qualified';
export const TEMPERATURES: readonly Temperature[] = ['cold', 'warm', 'qualified'];

export interface TemperatureThresholds {
  /** Engagement at which a lead becomes warm. */
  readonly warmEngagement: number;
  /** Engagement that, with a good enough fit, qualifies a lead. */
  readonly qualifiedEngagement: number;
  readonly qualifiedMinGrade: FitGrade;
}

export const DEFAULT_TEMPERATURE_THRESHOLDS: TemperatureThresholds = {
  warmEngagement: 20,
  qualifiedEngagement: 50,
  qualifiedMinGrade: 'B',
};

export type TemperatureReason =
  | { readonly code: 'marked_qualified'; readonly by: string | null }
  | { readonly code: 'marked_not_qualified'; readonly by: string | null; readonly reason: string | null }
  | { readonly code: 'engagement_at_least'; readonly score: number; readonly threshold: number }
  | { readonly code: 'engagement_below'; readonly score: number; readonly threshold: number }
  | { readonly code: 'fit_grade_at_least'; readonly grade: FitGrade; readonly min: FitGrade }
  | { readonly code: 'fit_grade_below'; readonly grade: FitGrade; readonly min: FitGrade }
  | {
      readonly code: 'event';
      readonly eventId: string;
      readonly eventType: string;
      readonly occurredAt: string;
      readonly points: number;
    };

export interface TemperatureInput {
  readonly fitGrade: FitGrade;
  readonly engagementScore: number;
  /** The events that give the most current points, to name in the reasons. */
  readonly engagementContributions: readonly EngagementContribution[];
  /**
   * A decision by hand: marketing qualifies a lead, or sales sends one back (rejected to nurture). It wins
   * until the evidence changes it again (a hand-qualified lead stays qualified; a rejected one needs fresh
   * engagement above the qualified threshold after the rejection to qualify again).
   */
  readonly manual?: {
    readonly kind: 'qualified' | 'not_qualified';
    readonly by: string | null;
    readonly reason?: string | null;
    readonly at: string;
  } | null;
  /**
   * After a rejection: the engagement rules applied to the events since it alone (caps and "count once" start
   * afresh, so earlier events do not use them up). Without it, the contributions since the rejection count.
   */
  readonly freshContributions?: readonly EngagementContribution[] | undefined;
}

export interface TemperatureDecision {
  readonly temperature: Temperature;
  readonly reasons: readonly TemperatureReason[];
}

const TOP_EVENTS = 3;

function eventReasons(
  input: TemperatureInput,
  since?: string,
  contributions: readonly EngagementContribution[] = input.engagementContributions,
): TemperatureReason[] {
  return [...contributions]
    .filter((c) => c.current > 0 && (since === undefined || c.occurredAt > since))
    .sort((a, b) => b.current - a.current)
    .slice(0, TOP_EVENTS)
    .map((c) => ({
      code: 'event',
      eventId: c.eventId,
      eventType: c.eventType,
      occurredAt: c.occurredAt,
      points: Math.round(c.current * 10) / 10,
    }));
}

export function decideTemperature(
  input: TemperatureInput,
  thresholds: TemperatureThresholds = DEFAULT_TEMPERATURE_THRESHOLDS,
): TemperatureDecision {
  const { fitGrade, engagementScore: score } = input;
  if (input.manual?.kind === 'qualified') {
    return { temperature: 'qualified', reasons: [{ code: 'marked_qualified', by: input.manual.by }] };
  }
  const fitOk = gradeAtLeast(fitGrade, thresholds.qualifiedMinGrade);
  const fitReason: TemperatureReason = fitOk
    ? { code: 'fit_grade_at_least', grade: fitGrade, min: thresholds.qualifiedMinGrade }
    : { code: 'fit_grade_below', grade: fitGrade, min: thresholds.qualifiedMinGrade };
  const rejected = input.manual?.kind === 'not_qualified' ? input.manual : null;
  // After a rejection only engagement that came later counts towards qualifying again, scored on its own.
  const fresh = rejected
    ? (input.freshContributions ?? input.engagementContributions.filter((c) => c.occurredAt > rejected.at))
    : input.engagementContributions;
  const freshScore = rejected
    ? Math.max(
        0,
        fresh.reduce((s, c) => s + c.current, 0),
      )
    : score;
  if (fitOk && freshScore >= thresholds.qualifiedEngagement) {
    return {
      temperature: 'qualified',
      reasons: [
        fitReason,
        {
          code: 'engagement_at_least',
          score: Math.round(freshScore * 10) / 10,
          threshold: thresholds.qualifiedEngagement,
        },
        ...eventReasons(input, rejected?.at, fresh),
      ],
    };
  }
  const rejectedReason: TemperatureReason[] = rejected
    ? [{ code: 'marked_not_qualified', by: rejected.by, reason: rejected.reason ?? null }]
    : [];
  if (score >= thresholds.warmEngagement) {
    return {
      temperature: 'warm',
      reasons: [
        ...rejectedReason,
        { code: 'engagement_at_least', score, threshold: thresholds.warmEngagement },
        ...(score >= thresholds.qualifiedEngagement ? [fitReason] : []),
        ...eventReasons(input),
      ],
    };
  }
  return {
    temperature: 'cold',
    reasons: [...rejectedReason, { code: 'engagement_below', score, threshold: thresholds.warmEngagement }],
  };
}
