import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from './client.js';
import { queryKeys } from './keys.js';
import type { FitGrade, Role } from './types.js';

/** Types of the scoring settings document (see docs/api.md, "Scoring and temperature"). */

export const CRITERION_KINDS = ['in', 'contains', 'range', 'present'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export type Criterion =
  | { field: string; kind: 'in'; values: string[]; weight: number }
  | { field: string; kind: 'contains'; values: string[]; weight: number }
  | { field: string; kind: 'range'; min?: number; max?: number; weight: number }
  | { field: string; kind: 'present'; weight: number };

export const NOTE_KINDS = ['market_research', 'focus_group', 'interview', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export interface ResearchNote {
  id: string;
  title: string;
  body: string;
  kind: NoteKind;
  /** A calendar day, YYYY-MM-DD. */
  date: string;
  author: string;
}

export interface Persona {
  id: string;
  name: string;
  description: string;
  criteria: Criterion[];
  notes: ResearchNote[];
}

export interface EngagementRule {
  id: string;
  eventType: string;
  urlPattern?: string;
  campaignId?: string;
  emailId?: string;
  points: number;
  cap?: number;
  repeatable: boolean;
}

export interface ScoringSettings {
  icp: Criterion[];
  notes: ResearchNote[];
  personas: Persona[];
  gradeThresholds: { A: number; B: number; C: number };
  engagementRules: EngagementRule[];
  halfLifeDays: number;
  temperature: { warmEngagement: number; qualifiedEngagement: number; qualifiedMinGrade: FitGrade };
}

export interface VersionedScoringSettings {
  version: number;
  settings: ScoringSettings;
}

/** The same rule as the API's: only marketing and admins change scoring. */
export function canEditScoring(role: Role): boolean {
  return role === 'admin' || role === 'marketing';
}

const path = '/api/v1/scoring/settings';

export function useScoringSettings() {
  return useQuery({
    queryKey: queryKeys.scoringSettings,
    queryFn: ({ signal }) => http.get<VersionedScoringSettings>(path, undefined, signal),
  });
}

/**
 * Saves the whole document over the version it was edited from (If-Match): when someone saved a newer one
 * meanwhile, the server refuses with 409 `scoring.version_conflict` and nothing is lost silently.
 */
export function useSaveScoringSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ settings, version }: { settings: ScoringSettings; version: number }) =>
      http.put<VersionedScoringSettings>(path, settings, { 'If-Match': `"${version}"` }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.scoringSettings, saved);
      // Every contact is rescored with the new settings; lists and "why" panels will move.
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
  });
}
