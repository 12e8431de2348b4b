import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps travel as ISO 8601 UTC strings on both dialects (see database.ts). */
export type Timestamp = string;
/** JSON is text on SQLite and jsonb on PostgreSQL: written as a JSON string, read through parseJson. */
export type JsonColumn = ColumnType<unknown, string, string>;

export type Role = 'admin' | 'marketing' | 'sales_manager' | 'sales_rep';
export type UserStatus = 'active' | 'deactivated';

export interface TeamsTable {
  id: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  name_norm: string;
  role: Role;
  team_id: string | null;
  password_hash: string | null;
  locale: string;
  time_zone: string;
  status: UserStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a database leak does not leak usable sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AccountsTable {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employee_count: number | null;
  country: string | null;
  city: string | null;
  annual_revenue: number | null;
  owner_id: string | null;
  custom_fields: JsonColumn;
  name_norm: string;
  /** The name as companies are matched by (accountMatchKey, migration 0020): name_norm, Persian compact. */
  match_key: ColumnType<string, string | undefined, string>;
  search_text: string;
  contact_count: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  seniority: string | null;
  account_id: string | null;
  owner_id: string | null;
  source: string | null;
  custom_fields: JsonColumn;
  /** The name possible duplicates are matched by (contactNameNorm, migration 0021): folded, Persian compact. */
  name_norm: string;
  search_text: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  fit_score: ColumnType<number, number | undefined, number>;
  fit_grade: ColumnType<string, string | undefined, string>;
  engagement_score: ColumnType<number, number | undefined, number>;
  temperature: ColumnType<string, string | undefined, string>;
  temperature_changed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** The campaign the contact first came from (a form's campaign, utm_campaign, an import's label). */
  campaign: ColumnType<string | null, string | null | undefined, string | null>;
  /** Probability to convert from the trained model, 0-1; null until a model exists. */
  predictive_score: ColumnType<number | null, number | null | undefined, number | null>;
  /** A temperature decided by hand ('qualified' | 'not_qualified'), who decided, why and when (0011). */
  qualification: ColumnType<string | null, string | null | undefined, string | null>;
  qualification_by: ColumnType<string | null, string | null | undefined, string | null>;
  qualification_reason: ColumnType<string | null, string | null | undefined, string | null>;
  qualification_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

/** Filter keys of the reasons of each contact's latest temperature change (src/modules/contacts/reasons.ts). */
export interface ContactTemperatureReasonsTable {
  contact_id: string;
  reason_key: string;
}

export interface ContactMergesTable {
  id: Generated<number>;
  winner_id: string;
  loser_id: string;
  merged_at: Timestamp;
  merged_by: string | null;
  loser_snapshot: JsonColumn;
}

export interface FormsTable {
  id: string;
  /** The unguessable id in public URLs (hosted page, embed, submissions). */
  public_id: string;
  name: string;
  definition: JsonColumn;
  status: 'active' | 'archived';
  submission_count: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FormSubmissionsTable {
  id: Generated<number>;
  form_id: string;
  contact_id: string | null;
  visitor_id: string | null;
  submitted_at: Timestamp;
  data: JsonColumn;
  url: string | null;
  referrer: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  /** The consent box's text as the person saw it; null without a consent box (or before it was kept). */
  consent_text: string | null;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: JsonColumn;
  created_at: Timestamp;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface TemperatureChangesTable {
  id: Generated<number>;
  contact_id: string;
  from_temperature: string;
  to_temperature: string;
  at: Timestamp;
  reasons: JsonColumn;
  cause: string;
}

export interface ScoringSettingsTable {
  id: string;
  version: number;
  document: JsonColumn;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface TrackedSitesTable {
  id: string;
  domains: JsonColumn;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A saved view of the leads list (src/modules/views): a named set of the list's filters. */
export interface ContactViewsTable {
  id: string;
  owner_id: string;
  name: string;
  /** The name folded by normalizeText: unique per owner. */
  name_key: string;
  /** 1: everyone signed in sees it; 0: only its owner. */
  shared: number;
  /** The list's filters ({ q, temperature, sort, ... }) as its query schema parsed them. */
  filters: JsonColumn;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PredictiveSettingsTable {
  id: string;
  version: number;
  document: JsonColumn;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** One trained predictive model version (the newest scores contacts). */
export interface PredictiveModelsTable {
  id: Generated<number>;
  trained_at: Timestamp;
  trained_by: string | null;
  settings_version: number;
  outcome: JsonColumn;
  feature_spec: JsonColumn;
  positive_count: number;
  negative_count: number;
  unknown_count: number;
  folds: number;
  cv_auc: number;
  cv_auc_std: number;
  importance: JsonColumn;
  dropped_features: JsonColumn;
  training_seconds: number;
  /** The serialized model (PredictiveModel.toJSON() as text). */
  model: string;
  scored_count: ColumnType<number, number | undefined, number>;
  scoring_finished_at: Timestamp | null;
}

/** One bulk rescore (every contact after a settings change, or an import's contacts), chunk by chunk. */
export interface ScoringRescoresTable {
  id: Generated<number>;
  /** The domain event that started it: scoring.settings_changed or contacts.imported. */
  cause: string;
  settings_version: number;
  import_id: string | null;
  /** The contacts to rescore (an import's), sorted; null: every contact. */
  contact_ids: JsonColumn | null;
  /** The last contact id done. */
  cursor: string | null;
  step: number;
  status: 'running' | 'done' | 'superseded';
  processed: number;
  /** Contacts whose temperature changed. */
  changed: number;
  total: number;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: string | null;
  actor_kind: 'user' | 'token' | 'system' | 'cli';
  entity_type: string;
  entity_id: string;
  action: string;
  before: JsonColumn | null;
  after: JsonColumn | null;
  request_id: string | null;
}

/** An audit entry whose values were redacted when its person was erased (migration 0024). */
export interface AuditRedactionsTable {
  audit_id: number;
  redacted_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: JsonColumn;
  created_at: Timestamp;
  available_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  processed_at: Timestamp | null;
  last_error: string | null;
}

export interface VisitorsTable {
  id: string;
  contact_id: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface EventsTable {
  id: Generated<number>;
  visitor_id: string | null;
  contact_id: string | null;
  type: string;
  occurred_at: Timestamp;
  received_at: Timestamp;
  url: string | null;
  referrer: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  properties: JsonColumn;
}

export type ImportStatus = 'uploaded' | 'running' | 'completed' | 'failed';

/** One CSV import of contacts: its file, options and the progress of the committed batches. */
export interface ImportsTable {
  id: string;
  status: ImportStatus;
  /** 1 for a dry run (validated and counted, nothing written but the report). */
  dry_run: ColumnType<number, number | undefined, number>;
  file_name: string;
  /** The uploaded file on this server (under the data directory); null once deleted. Never shown. */
  file_path: string | null;
  file_bytes: number;
  delimiter: string | null;
  headers: JsonColumn | null;
  /** Mapping, duplicate handling and file defaults the run used. */
  options: JsonColumn | null;
  created_by: string | null;
  actor_kind: 'user' | 'token' | 'cli';
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  processed: ColumnType<number, number | undefined, number>;
  created: ColumnType<number, number | undefined, number>;
  updated: ColumnType<number, number | undefined, number>;
  skipped: ColumnType<number, number | undefined, number>;
  rejected: ColumnType<number, number | undefined, number>;
  accounts_created: ColumnType<number, number | undefined, number>;
  /** The last row (line of the file) whose batch committed. */
  last_row: ColumnType<number, number | undefined, number>;
  bytes_read: ColumnType<number, number | undefined, number>;
  error: string | null;
  /** When someone asked a run in another server process to stop (migration 0026); null otherwise. */
  cancel_requested_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface ImportRejectionsTable {
  import_id: string;
  row_number: number;
  field: string;
  reason: string;
  /** The row's cells as read (JSON array of strings). */
  raw: JsonColumn;
}

/** Which import (and row) created or updated a contact. */
export interface ImportContactsTable {
  import_id: string;
  row_number: number;
  contact_id: string;
  action: 'created' | 'updated';
}

/**
 * Work a bulk load left for its end (migration 0017): an index to create again from `definition`, the
 * companies' contact counts to recount (`name` accounts.contact_count), or the search index's merge
 * settings to give back (`definition` holds them as JSON).
 */
export interface BulkLoadWorkTable {
  name: string;
  kind: 'index' | 'recount' | 'search-merge';
  definition: string | null;
  import_id: string;
  pid: number | null;
  deferred_at: Timestamp;
}

/**
 * During a bulk load (migration 0017): a contact whose email or phone changed, or (`removed` 1) the contact
 * with the largest rowid deleted, whose rowid the next insert may reuse. SQLite rowids.
 */
export interface ContactIdentityChangesTable {
  contact_rowid: number;
  removed: ColumnType<number, number | undefined, number>;
}

/** A stored business calendar (src/modules/sla/calendar.ts); SLA versions copy its definition. */
export interface CalendarsTable {
  id: string;
  name: string;
  /** The name folded by normalizeText: unique, so names differing only in case or letter forms clash. */
  name_key: string;
  definition: JsonColumn;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An SLA agreement's head: its name and which version is current. The versions hold the terms. */
export interface SlasTable {
  id: string;
  name: string;
  name_key: string;
  current_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: Timestamp | null;
}

/** One version of an SLA, never changed once written (append-only at the database level). */
export interface SlaVersionsTable {
  sla_id: string;
  version: number;
  /** The SLA's name at this version. */
  name: string;
  /** The whole agreement (src/modules/sla/sla.ts). */
  document: JsonColumn;
  calendar_id: string;
  /** The calendar's definition when this version was made: the clock rules its handoffs keep. */
  calendar: JsonColumn;
  created_by: string | null;
  created_at: Timestamp;
}

/** A routing rule (src/modules/routing): the first active rule, by position, whose conditions all hold wins. */
export interface RoutingRulesTable {
  id: string;
  position: number;
  name: string;
  /** RoutingCondition[] (src/modules/routing/routing.ts); empty for a catch-all rule. */
  conditions: JsonColumn;
  team_id: string;
  method: 'round_robin' | 'weighted' | 'capacity';
  /** 1 or 0. */
  active: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A team member who takes routed leads, with their share (weight), capacity and time away. */
export interface RoutingMembersTable {
  team_id: string;
  user_id: string;
  weight: ColumnType<number, number | undefined, number>;
  /** Most open handoffs at a time; null: no limit. */
  capacity: number | null;
  out_of_office_from: Timestamp | null;
  out_of_office_until: Timestamp | null;
  updated_at: Timestamp;
}

/** One routing decision: which rule, team and rep (null: the team's queue) a lead went to, and why. */
export interface RoutingAssignmentsTable {
  id: Generated<number>;
  rule_id: string | null;
  team_id: string | null;
  user_id: string | null;
  contact_id: string;
  /** Set by the handoff module once its handoff row exists. */
  handoff_id: string | null;
  reason: 'rule' | 'no_rule_matched' | 'no_eligible_rep';
  at: Timestamp;
}

/** One qualified lead passed to sales under an SLA version (src/modules/handoffs), with its due times. */
export interface HandoffsTable {
  id: string;
  contact_id: string;
  /** Null when no SLA existed at handoff: the handoff runs without clocks. */
  sla_id: string | null;
  sla_version: number | null;
  team_id: string | null;
  /** Null: the team's queue (or the general queue when team_id is null too). */
  assignee_id: string | null;
  status: 'open' | 'accepted' | 'rejected' | 'closed';
  /** The contact's fit grade at handoff. */
  grade: string;
  priority: 'high' | 'normal' | 'low';
  qualified_at: Timestamp;
  /** When the current assignee (or queue) got it; clocks of unmet duties restart here on reassignment. */
  assigned_at: Timestamp;
  first_touch_due_at: Timestamp | null;
  first_touched_at: Timestamp | null;
  attempts: ColumnType<number, number | undefined, number>;
  attempts_required: number | null;
  attempts_due_at: Timestamp | null;
  attempts_met_at: Timestamp | null;
  decision_due_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
  reject_reason: string | null;
  reject_note: string | null;
  outcome: 'won' | 'lost' | 'nurture' | null;
  outcome_due_at: Timestamp | null;
  outcome_at: Timestamp | null;
  /** Why a handoff closed without an outcome ('contact_deleted', 'contact_merged'). */
  closed_reason: string | null;
  /** The earliest due time of a duty not yet met (null: none running). */
  next_due_at: Timestamp | null;
  /** 1, then +1 per reassignment: timers of an earlier assignment are no-ops. */
  assignment_no: ColumnType<number, number | undefined, number>;
  /** User ids that held it before (JSON array), excluded when it is reassigned to the next rep. */
  previous_assignees: JsonColumn;
  routing_reason: 'rule' | 'no_rule_matched' | 'no_eligible_rep';
  rule_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A reminder, breach or reassignment due at a time; the sweep fires each exactly once. */
export interface HandoffTimersTable {
  id: Generated<number>;
  handoff_id: string;
  assignment_no: number;
  /** Who held the handoff when the timer was planned (null: the team's queue); breaches count against them. */
  assignee_id: string | null;
  /** `<duty>.remind`, `<duty>.breach` or `first_touch.reassign` (src/modules/handoffs/clocks.ts). */
  kind: string;
  due_at: Timestamp;
  fired_at: Timestamp | null;
  /** What its reaction did ('reminded', 'notified', 'reassigned', 'skipped: ...'); null until then. */
  outcome: string | null;
  detail: JsonColumn | null;
  created_at: Timestamp;
}

/** A call, email, meeting, demo or note logged on a contact. */
export interface ActivitiesTable {
  id: string;
  contact_id: string;
  /** The contact's handoff open when it was logged. */
  handoff_id: string | null;
  type: 'call' | 'email' | 'meeting' | 'demo' | 'note';
  occurred_at: Timestamp;
  user_id: string | null;
  notes: string | null;
  /** 1 when it counted as a touch for the SLA. */
  counted_for_sla: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

/** An in-app notification for one user. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  handoff_id: string | null;
  contact_id: string | null;
  payload: JsonColumn;
  created_at: Timestamp;
  read_at: Timestamp | null;
  /** Email delivery (migration 0014): null = in-app only; pending, sending, sent or failed. */
  mail_state: 'pending' | 'sending' | 'sent' | 'failed' | null;
  mail_attempts: Generated<number>;
  mail_next_at: Timestamp | null;
  mail_sent_at: Timestamp | null;
  mail_error: string | null;
}

export interface DB {
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  audit_log: AuditLogTable;
  audit_redactions: AuditRedactionsTable;
  outbox: OutboxTable;
  visitors: VisitorsTable;
  events: EventsTable;
  temperature_changes: TemperatureChangesTable;
  scoring_settings: ScoringSettingsTable;
  tracked_sites: TrackedSitesTable;
  contact_views: ContactViewsTable;
  scoring_rescores: ScoringRescoresTable;
  predictive_settings: PredictiveSettingsTable;
  predictive_models: PredictiveModelsTable;
  contact_merges: ContactMergesTable;
  contact_temperature_reasons: ContactTemperatureReasonsTable;
  forms: FormsTable;
  form_submissions: FormSubmissionsTable;
  idempotency_keys: IdempotencyKeysTable;
  app_secrets: AppSecretsTable;
  imports: ImportsTable;
  import_rejections: ImportRejectionsTable;
  import_contacts: ImportContactsTable;
  bulk_load_work: BulkLoadWorkTable;
  contact_identity_changes: ContactIdentityChangesTable;
  calendars: CalendarsTable;
  slas: SlasTable;
  sla_versions: SlaVersionsTable;
  routing_rules: RoutingRulesTable;
  routing_members: RoutingMembersTable;
  routing_assignments: RoutingAssignmentsTable;
  handoffs: HandoffsTable;
  handoff_timers: HandoffTimersTable;
  activities: ActivitiesTable;
  notifications: NotificationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type TeamRow = Selectable<TeamsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type NewContactRow = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type ImportRow = Selectable<ImportsTable>;
