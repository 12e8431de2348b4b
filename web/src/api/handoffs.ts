import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { Page } from './types.js';

export const REJECT_REASONS = [
  'not_a_fit',
  'bad_contact_data',
  'no_budget',
  'no_need_now',
  'competitor',
  'duplicate',
  'other',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'demo', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Handoff {
  id: string;
  contactId: string;
  contact: { id: string; name: string; email: string | null } | null;
  status: 'open' | 'accepted' | 'rejected' | 'closed';
  grade: string;
  priority: 'high' | 'normal' | 'low';
  teamId: string | null;
  assignee: { id: string; name: string } | null;
  qualifiedAt: string;
  assignedAt: string;
  firstTouchDueAt: string | null;
  firstTouchedAt: string | null;
  decisionDueAt: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
  rejectNote: string | null;
  nextDueAt: string | null;
  overdue: string[];
}

export interface AppNotification {
  id: string;
  kind: string;
  handoffId: string | null;
  contactId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface HandoffListParams {
  assignee?: string;
  status?: string;
  contactId?: string;
  overdue?: boolean;
  limit?: number;
}

const REFRESH_MS = 20_000;

export function useHandoffs(params: HandoffListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.handoffList(params),
    enabled,
    refetchInterval: REFRESH_MS,
    queryFn: ({ signal }) =>
      http.get<Page<Handoff>>('/api/v1/handoffs', { ...params, overdue: params.overdue || undefined }, signal),
  });
}

function useInvalidateHandoffs() {
  const client = useQueryClient();
  return (contactId: string) => {
    void client.invalidateQueries({ queryKey: queryKeys.handoffs });
    void client.invalidateQueries({ queryKey: queryKeys.contactTemperature(contactId) });
    void client.invalidateQueries({ queryKey: queryKeys.contactTimeline(contactId) });
  };
}

export function useAcceptHandoff() {
  const invalidate = useInvalidateHandoffs();
  return useMutation({
    mutationFn: (h: Handoff) => http.post<Handoff>(`/api/v1/handoffs/${seg(h.id)}/accept`),
    onSuccess: (_data, h) => invalidate(h.contactId),
  });
}

export function useRejectHandoff() {
  const invalidate = useInvalidateHandoffs();
  return useMutation({
    mutationFn: ({ handoff, reason, note }: { handoff: Handoff; reason: RejectReason; note?: string }) =>
      http.post<Handoff>(`/api/v1/handoffs/${seg(handoff.id)}/reject`, note ? { reason, note } : { reason }),
    onSuccess: (_data, v) => invalidate(v.handoff.contactId),
  });
}

export function useLogActivity() {
  const invalidate = useInvalidateHandoffs();
  return useMutation({
    mutationFn: ({ contactId, type, notes }: { contactId: string; type: ActivityType; notes?: string }) =>
      http.post<{ id: string; countedForSla: boolean }>(
        `/api/v1/contacts/${seg(contactId)}/activities`,
        notes ? { type, notes } : { type },
      ),
    onSuccess: (_data, v) => invalidate(v.contactId),
  });
}

export function useNotifications() {
  return useQuery({
    queryKey: queryKeys.notifications,
    refetchInterval: REFRESH_MS,
    queryFn: ({ signal }) => http.get<Page<AppNotification>>('/api/v1/notifications', { limit: 20 }, signal),
  });
}

export function useMarkNotificationRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.post<AppNotification>(`/api/v1/notifications/${seg(id)}/read`),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}
