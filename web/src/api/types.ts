/** Types of the Tandem HTTP API v1 (see docs/api.md). */

export const ROLES = ['admin', 'marketing', 'sales_manager', 'sales_rep'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const SENIORITIES = ['entry', 'senior', 'manager', 'director', 'vp', 'c_level', 'owner', 'other'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export type SortOrder = 'asc' | 'desc';

export interface Ref {
  id: string;
  name: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  locale: string;
  timeZone: string;
  status: UserStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Team {
  id: string;
  name: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A listed API token. The list never includes the secret. */
export interface ApiToken {
  id: string;
  name: string;
  tokenPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  userId: string;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
  tokenPrefix: string;
  createdAt: string;
}

export interface Account {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employeeCount: number | null;
  country: string | null;
  city: string | null;
  annualRevenue: number | null;
  ownerId: string | null;
  owner: Ref | null;
  customFields: Record<string, unknown>;
  contactCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  jobTitle: string | null;
  seniority: Seniority | null;
  accountId: string | null;
  account: Ref | null;
  ownerId: string | null;
  owner: Ref | null;
  source: string | null;
  campaign: string | null;
  customFields: Record<string, unknown>;
  temperature: Temperature;
  fitScore: number;
  fitGrade: FitGrade;
  engagementScore: number;
  predictiveScore: number | null;
  createdAt: string;
  updatedAt: string;
}

export type Temperature = 'cold' | 'warm' | 'qualified';
export type FitGrade = 'A' | 'B' | 'C' | 'D';

/** A reason the server gives for a temperature (see docs/api.md). */
export interface TemperatureReason {
  code: string;
  score?: number;
  threshold?: number;
  grade?: FitGrade;
  min?: FitGrade;
  eventType?: string;
  occurredAt?: string;
  points?: number;
  reason?: string | null;
  /** Who decided by hand (marked_qualified, marked_not_qualified): a user id. */
  by?: string | null;
}

export interface TemperatureDetails {
  temperature: Temperature;
  reasons: TemperatureReason[];
  fit: { score: number; grade: FitGrade };
  engagement: { score: number };
  /** The best-matching persona (grade C or better by its own criteria); it does not change the fit. */
  persona?: { id: string; name: string; score: number; grade: FitGrade } | null;
  history: { from: Temperature; to: Temperature; at: string; cause: string; reasons: TemperatureReason[] }[];
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actor: Ref | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor?: string | null;
}

/** The latest temperature change of a listed contact: "why is this lead warm?". */
export interface ContactWhy {
  at: string;
  from: Temperature;
  to: Temperature;
  cause: string;
  reasons: TemperatureReason[];
}

/** A contact as the list returns it. */
export interface ContactListItem extends Contact {
  why?: ContactWhy | null;
}

/** Values of the list's `reason` filter (see docs/api.md). */
export const REASON_FILTERS = ['engagement', 'fit', 'manual', 'event'] as const;
export type ReasonFilter = (typeof REASON_FILTERS)[number];

export interface TimelineUtm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

/** One entry of a contact's timeline: something they did, or a move of their temperature. */
export type TimelineItem =
  | {
      kind: 'event';
      id: string;
      at: string;
      type: string;
      title: string | null;
      url: string | null;
      referrer: string | null;
      utm: TimelineUtm;
      properties: Record<string, unknown>;
    }
  | {
      kind: 'temperature';
      id: string;
      at: string;
      from: Temperature;
      to: Temperature;
      cause: string;
      reasons: TemperatureReason[];
    };

/** Which of two merged contacts a field's value comes from. */
export type MergeSide = 'winner' | 'loser';

export const MERGE_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'accountId',
  'ownerId',
  'source',
  'campaign',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export type MergeChoice = Partial<Record<MergeField, MergeSide>> & { customFields?: Record<string, MergeSide> };
