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
}

export interface TemperatureDetails {
  temperature: Temperature;
  reasons: TemperatureReason[];
  fit: { score: number; grade: FitGrade };
  engagement: { score: number };
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
