import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';

/** Types of the routing API (src/modules/routing: routing.routes.ts, routing.ts). */

export const ROUTING_METHODS = ['round_robin', 'weighted', 'capacity'] as const;
export type RoutingMethod = (typeof ROUTING_METHODS)[number];

export const CONDITION_OPS = ['in', 'not_in', 'equals', 'gte', 'lte', 'present'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** The fields a condition may name (the API's ROUTING_FIELDS), besides `custom.<name>`. */
export const ROUTING_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'source',
  'account.name',
  'account.domain',
  'account.industry',
  'account.employeeCount',
  'account.country',
  'account.city',
  'account.annualRevenue',
  'campaign',
  'fitGrade',
  'fitScore',
  'engagementScore',
  'predictiveScore',
  'temperature',
] as const;

export type RoutingCondition =
  | { field: string; op: 'in' | 'not_in'; values: string[] }
  | { field: string; op: 'equals' | 'gte' | 'lte'; value: string | number }
  | { field: string; op: 'present' };

export interface RoutingRule {
  id: string;
  position: number;
  name: string;
  conditions: RoutingCondition[];
  teamId: string;
  teamName: string | null;
  method: RoutingMethod;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RuleInput {
  name: string;
  conditions: RoutingCondition[];
  teamId: string;
  method: RoutingMethod;
  active: boolean;
}

export type Eligibility = 'eligible' | 'inactive' | 'excluded' | 'out_of_office' | 'at_capacity';

export interface RoutingMember {
  teamId: string;
  userId: string;
  name: string;
  role: string;
  userStatus: string;
  inTeam: boolean;
  weight: number;
  capacity: number | null;
  outOfOfficeFrom: string | null;
  outOfOfficeUntil: string | null;
  updatedAt: string;
  eligibility: Eligibility;
  openHandoffs: number;
  lastAssignedAt: string | null;
}

export interface MemberInput {
  weight: number;
  capacity: number | null;
  outOfOfficeFrom: string | null;
  outOfOfficeUntil: string | null;
}

export interface RoutingPreview {
  ruleId: string | null;
  ruleName: string | null;
  teamId: string | null;
  teamName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  reason: 'rule' | 'no_rule_matched' | 'no_eligible_rep';
  members: { userId: string; name: string; eligibility: Eligibility; openHandoffs: number; capacity: number | null }[];
}

export interface FairnessReport {
  from: string;
  to: string;
  teams: {
    teamId: string;
    teamName: string | null;
    assigned: number;
    queued: number;
    reps: { userId: string; name: string; received: number; share: number; member: boolean; weight: number | null }[];
  }[];
  noRuleMatched: number | null;
}

export const routingKeys = {
  all: ['routing'] as const,
  rules: ['routing', 'rules'] as const,
  members: (teamId: string) => ['routing', 'members', teamId] as const,
  fairness: (params: object) => ['routing', 'fairness', params] as const,
};

const base = '/api/v1/routing';

export function useRoutingRules() {
  return useQuery({
    queryKey: routingKeys.rules,
    queryFn: ({ signal }) => http.get<{ items: RoutingRule[] }>(`${base}/rules`, undefined, signal),
    select: (page) => page.items,
  });
}

function useRulesMutation<V>(fn: (variables: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: routingKeys.rules }),
  });
}

export const useCreateRule = () =>
  useRulesMutation((input: RuleInput) => http.post<RoutingRule>(`${base}/rules`, input));
export const useUpdateRule = () =>
  useRulesMutation(({ id, input }: { id: string; input: RuleInput }) =>
    http.put<RoutingRule>(`${base}/rules/${seg(id)}`, input),
  );
export const useDeleteRule = () => useRulesMutation((id: string) => http.delete(`${base}/rules/${seg(id)}`));
export const useReorderRules = () =>
  useRulesMutation((ids: string[]) => http.put<{ items: RoutingRule[] }>(`${base}/rules/order`, { ids }));

export function useRoutingMembers(teamId: string | null) {
  return useQuery({
    queryKey: routingKeys.members(teamId ?? ''),
    enabled: teamId !== null,
    queryFn: ({ signal }) =>
      http.get<{ items: RoutingMember[] }>(`${base}/teams/${seg(teamId ?? '')}/members`, undefined, signal),
    select: (page) => page.items,
  });
}

export function usePutMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, userId, input }: { teamId: string; userId: string; input: MemberInput }) =>
      http.put<RoutingMember>(`${base}/teams/${seg(teamId)}/members/${seg(userId)}`, input),
    onSuccess: (_saved, { teamId }) => queryClient.invalidateQueries({ queryKey: routingKeys.members(teamId) }),
  });
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ teamId, userId }: { teamId: string; userId: string }) =>
      http.delete(`${base}/teams/${seg(teamId)}/members/${seg(userId)}`),
    onSuccess: (_saved, { teamId }) => queryClient.invalidateQueries({ queryKey: routingKeys.members(teamId) }),
  });
}

export function useFairness(params: { from: string; to: string }) {
  return useQuery({
    queryKey: routingKeys.fairness(params),
    queryFn: ({ signal }) => http.get<FairnessReport>(`${base}/fairness`, params, signal),
  });
}

export function usePreviewRouting() {
  return useMutation({
    mutationFn: (contactId: string) => http.post<RoutingPreview>(`${base}/preview`, { contactId }),
  });
}
