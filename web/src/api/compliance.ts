import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http } from './client.js';
import { queryKeys } from './keys.js';
import type { Page } from './types.js';

export const PERIOD_KINDS = ['week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const CALENDAR_SYSTEMS = ['gregorian', 'jalali'] as const;
export type CalendarSystem = (typeof CALENDAR_SYSTEMS)[number];

export interface CompliancePeriod {
  start: string;
  end: string;
  /** The server's label (`1406-01 Farvardin`); the UI builds its own, localized one from `start`. */
  label: string;
  calendarSystem: CalendarSystem;
  kind: PeriodKind;
  /** Share (0..1) of the period elapsed now. */
  elapsedShare: number;
}

export interface DutyFigures {
  counted: number;
  withinTime: number;
  share: number | null;
}

export interface ComplianceTrend {
  period: CompliancePeriod;
  delivered: number;
  committed: number;
  onTrack: boolean;
  acceptanceRate: number | null;
  firstTouchShare: number | null;
  medianFirstTouchMinutes: number | null;
  breaches: number;
}

export interface ComplianceReport {
  slaId: string;
  version: number;
  timeZone: string;
  scope: { teamId: string | null; repId: string | null };
  slaPeriod: { kind: PeriodKind; calendarSystem: CalendarSystem; qualifiedLeads: number };
  period: CompliancePeriod;
  marketing: {
    delivered: number;
    committed: number;
    pacing: { expected: number; onTrack: boolean };
    perTeam: { teamId: string; delivered: number; committed: number; onTrack: boolean }[];
    accepted: number;
    rejected: number;
    decided: number;
    acceptanceRate: number | null;
    acceptanceRateFloor: number;
    floorMet: boolean | null;
    rejectionReasons: { reason: string; count: number }[];
    minFitGrade: string;
    atOrAboveMinFitGrade: number;
    fitShare: number | null;
  };
  sales: {
    firstTouch: DutyFigures & { medianBusinessMinutes: number | null; p90BusinessMinutes: number | null };
    attempts: DutyFigures;
    decisions: DutyFigures;
    breaches: number;
    escalations: number;
    openOverdueNow: number;
    byRep: {
      repId: string | null;
      repName: string | null;
      breaches: number;
      escalations: number;
      overdueNow: number;
    }[];
  };
  /** The periods before `period`, most recent first. */
  trends: ComplianceTrend[];
}

export interface DerivedTarget {
  /** null: a funnel rate is zero or unknown. */
  qualifiedLeads: number | null;
  committed: number;
  acceptRate: number | null;
  winRate: number | null;
  dealsNeeded: number;
  insufficientHistory: boolean;
  minDecided: number;
  qualified: number;
  accepted: number;
  decided: number;
  won: number;
  quota: number;
  averageDealSize: number;
  history: { from: string; to: string; periods: number };
}

/** The few SLA fields the dashboard needs (the SLA editor has the full record). */
export interface SlaSummary {
  id: string;
  name: string;
  version: number;
  document: { marketing: { period: PeriodKind; calendarSystem: CalendarSystem; qualifiedLeads: number } };
  archivedAt: string | null;
}

export interface ComplianceParams {
  slaId: string;
  period: 'current' | 'previous';
  periods?: number;
  kind?: PeriodKind;
  calendarSystem?: CalendarSystem;
  teamId?: string;
  repId?: string;
}

export interface DerivedTargetParams {
  slaId: string;
  quota: number;
  averageDealSize: number;
  periods?: number;
}

export function useComplianceSlas() {
  return useQuery({
    queryKey: queryKeys.complianceSlas,
    queryFn: ({ signal }) => http.get<Page<SlaSummary>>('/api/v1/slas', { limit: 100 }, signal),
    staleTime: 60_000,
  });
}

export function useCompliance(params: ComplianceParams | null) {
  return useQuery({
    queryKey: queryKeys.complianceReport(params ?? {}),
    queryFn: ({ signal }) => http.get<ComplianceReport>('/api/v1/sla/compliance', { ...params }, signal),
    enabled: params !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

export function useDerivedTarget(params: DerivedTargetParams | null) {
  return useQuery({
    queryKey: queryKeys.derivedTarget(params ?? {}),
    queryFn: ({ signal }) => http.get<DerivedTarget>('/api/v1/sla/derived-target', { ...params }, signal),
    enabled: params !== null,
    placeholderData: keepPreviousData,
  });
}
