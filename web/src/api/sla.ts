import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, http, isApiError, seg } from './client.js';
import type { Page, Role } from './types.js';

/** Types of the SLA and calendar API (src/modules/sla: sla.routes.ts, calendar.ts, sla.ts). */

export const WEEKDAYS = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The calendar JSON shape the API stores and exchanges. */
export interface CalendarDefinition {
  timeZone: string;
  week: Record<Weekday, [string, string][]>;
  holidays: string[];
}

export interface Calendar {
  id: string;
  name: string;
  definition: CalendarDefinition;
  createdAt: string;
  updatedAt: string;
}

export const SLA_GRADES = ['A', 'B', 'C', 'D'] as const;
export type SlaGrade = (typeof SLA_GRADES)[number];
export const SLA_PRIORITIES = ['high', 'normal', 'low'] as const;
export type SlaPriority = (typeof SLA_PRIORITIES)[number];
export const SLA_PERIODS = ['week', 'month', 'quarter'] as const;
export type SlaPeriod = (typeof SLA_PERIODS)[number];
export const CALENDAR_SYSTEMS = ['gregorian', 'jalali'] as const;
export type CalendarSystem = (typeof CALENDAR_SYSTEMS)[number];
export const REASSIGN_TARGETS = ['next_rep', 'manager_queue'] as const;
export type ReassignTarget = (typeof REASSIGN_TARGETS)[number];

export interface FirstTouchRule {
  grade?: SlaGrade;
  priority?: SlaPriority;
  minutes: number;
}

export interface SlaDocument {
  calendarId: string;
  marketing: {
    period: SlaPeriod;
    calendarSystem: CalendarSystem;
    qualifiedLeads: number;
    perTeam: { teamId: string; qualifiedLeads: number }[];
    perSegment: { name: string; field: string; values: string[]; qualifiedLeads: number }[];
    minFitGrade: SlaGrade;
    acceptanceRateFloor: number;
  };
  sales: {
    firstTouch: { rules: FirstTouchRule[]; otherwiseMinutes: number };
    attempts: { count: number; withinBusinessDays: number };
    decisionWithinBusinessHours: number;
    outcomeWithinDays: number;
  };
  escalation: {
    remindAtShare: number | null;
    notifyManagerAtBreach: boolean;
    reassignAfterMinutes: number | null;
    reassignTo: ReassignTarget;
  };
}

interface PersonRef {
  id: string;
  name: string;
}

export interface Sla {
  id: string;
  name: string;
  version: number;
  currentVersion: number;
  document: SlaDocument;
  calendarSnapshot: CalendarDefinition;
  versionCreatedAt: string;
  versionCreatedBy: PersonRef | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface SlaVersionSummary {
  version: number;
  name: string;
  calendarId: string;
  createdAt: string;
  createdBy: PersonRef | null;
}

/** The API's rule ('sla.manage'): admins and sales managers change SLAs, calendars and routing. */
export function canManageSla(role: Role): boolean {
  return role === 'admin' || role === 'sales_manager';
}

export const slaKeys = {
  all: ['sla'] as const,
  slas: ['sla', 'slas'] as const,
  sla: (id: string) => ['sla', 'slas', id] as const,
  versions: (id: string) => ['sla', 'versions', id] as const,
  calendars: ['sla', 'calendars'] as const,
  preview: (body: object) => ['sla', 'preview', body] as const,
};

async function allPages<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await http.get<Page<T>>(path, { limit: 100, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export function useSlas() {
  return useQuery({
    queryKey: slaKeys.slas,
    queryFn: ({ signal }) => allPages<Sla>('/api/v1/slas', signal),
  });
}

export function useSla(id: string) {
  return useQuery({
    queryKey: slaKeys.sla(id),
    queryFn: ({ signal }) => http.get<Sla>(`/api/v1/slas/${seg(id)}`, undefined, signal),
  });
}

export function useSlaVersions(id: string) {
  return useQuery({
    queryKey: slaKeys.versions(id),
    queryFn: ({ signal }) =>
      http.get<Page<SlaVersionSummary>>(`/api/v1/slas/${seg(id)}/versions`, { limit: 50 }, signal),
  });
}

export function useSlaVersion(id: string, version: number) {
  return useQuery({
    queryKey: [...slaKeys.versions(id), version] as const,
    queryFn: ({ signal }) => http.get<Sla>(`/api/v1/slas/${seg(id)}/versions/${version}`, undefined, signal),
  });
}

export function useCalendars() {
  return useQuery({
    queryKey: slaKeys.calendars,
    queryFn: ({ signal }) => allPages<Calendar>('/api/v1/calendars', signal),
  });
}

export function useCreateCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; definition: CalendarDefinition }) =>
      http.post<Calendar>('/api/v1/calendars', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.calendars }),
  });
}

export function useCreateSla() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; document: SlaDocument }) => http.post<Sla>('/api/v1/slas', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.slas }),
  });
}

export interface SaveSlaInput {
  id: string;
  expectedVersion: number;
  name: string;
  document: SlaDocument;
  /**
   * A changed definition of the SLA's calendar (`document.calendarId`), saved with the SLA in one request:
   * one new version of this SLA. `updatedAt` is the calendar's when the editor loaded it (409 if changed since).
   */
  calendar?: { id: string; name: string; definition: CalendarDefinition; updatedAt: string } | undefined;
}

/**
 * Saves the SLA, and its calendar when that changed, as one new version (409 sla.version_conflict when
 * someone else saved either first; every other SLA using the calendar gets a version of its own).
 */
export function useSaveSla() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: SaveSlaInput): Promise<Sla> => {
      try {
        return await http.put<Sla>(`/api/v1/slas/${seg(input.id)}`, {
          expectedVersion: input.expectedVersion,
          name: input.name,
          document: input.document,
          ...(input.calendar
            ? {
                calendar: {
                  name: input.calendar.name,
                  definition: input.calendar.definition,
                  expectedUpdatedAt: input.calendar.updatedAt,
                },
              }
            : {}),
        });
      } catch (error) {
        // The calendar's field errors name `calendar.definition.week.mon.0`; the editor shows `calendar.week.mon.0`.
        if (!isApiError(error)) throw error;
        throw new ApiError(error.status, {
          ...error.problem,
          errors: error.errors.map((e) => ({
            field: e.field
              .replace(/^\/+/, '')
              .replace(/\//g, '.')
              .replace(/^(body\.)?calendar\.definition\b/, 'calendar'),
            message: e.message,
          })),
        });
      }
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(slaKeys.sla(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: slaKeys.slas, exact: true });
      void queryClient.invalidateQueries({ queryKey: slaKeys.versions(saved.id) });
      void queryClient.invalidateQueries({ queryKey: slaKeys.calendars });
    },
  });
}

/** The instant `minutes` business minutes after `start` on `calendar` (POST /api/v1/business-time/add). */
export function addBusinessMinutes(
  body: { calendar: CalendarDefinition; start: string; minutes: number },
  signal?: AbortSignal,
): Promise<{ due: string }> {
  return api<{ due: string }>('POST', '/api/v1/business-time/add', { body, ...(signal ? { signal } : {}) });
}
