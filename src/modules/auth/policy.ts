import type { Role } from '../../db/schema.js';

/**
 * Who may do what, in one place. Later modules extend the tables here rather than scattering role checks.
 * Record-level rules are pure functions over the actor and the record's ownership, so the whole matrix is
 * tested as a table (policy.test.ts) and the SQL list scope is derived from the same rules.
 */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly teamId: string | null;
  /** How the request authenticated: a session cookie, an API token, or the CLI on the server. */
  readonly via: 'session' | 'token' | 'cli' | 'system';
}

export const ROLES = ['admin', 'marketing', 'sales_manager', 'sales_rep'] as const satisfies readonly Role[];

export type RecordAction = 'read' | 'update' | 'delete';

/** Ownership of a contact or account, with the owner's team resolved. */
export interface Ownership {
  readonly ownerId: string | null;
  readonly ownerTeamId: string | null;
}

/** What part of the owned records an actor sees, as a filter the repositories turn into SQL. */
export type RecordScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'team'; readonly teamId: string | null; readonly userId: string }
  | { readonly kind: 'own'; readonly userId: string };

export function recordScope(actor: Actor): RecordScope {
  switch (actor.role) {
    case 'admin':
    case 'marketing':
      return { kind: 'all' };
    case 'sales_manager':
      return { kind: 'team', teamId: actor.teamId, userId: actor.id };
    case 'sales_rep':
      return { kind: 'own', userId: actor.id };
  }
}

/** True when the record falls inside the actor's scope (the same rule the SQL scope applies). */
export function inScope(scope: RecordScope, record: Ownership): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'team':
      return (
        record.ownerId === null ||
        record.ownerId === scope.userId ||
        (scope.teamId !== null && record.ownerTeamId === scope.teamId)
      );
    case 'own':
      return record.ownerId === scope.userId;
  }
}

export function canOnRecord(actor: Actor, action: RecordAction, record: Ownership): boolean {
  if (!inScope(recordScope(actor), record)) return false;
  switch (action) {
    case 'read':
    case 'update':
      return true;
    case 'delete':
      // Reps work their records but do not destroy them; history stays with the team.
      return actor.role !== 'sales_rep';
  }
}

/** Whom the actor may make the owner of a record (null = unowned). */
export function canAssignOwner(actor: Actor, owner: { id: string; teamId: string | null } | null): boolean {
  switch (actor.role) {
    case 'admin':
    case 'marketing':
      return true;
    case 'sales_manager':
      return owner === null || owner.id === actor.id || (actor.teamId !== null && owner.teamId === actor.teamId);
    case 'sales_rep':
      return owner !== null && owner.id === actor.id;
  }
}

/** The owner a new record gets when the request names none. */
export function defaultOwner(actor: Actor): string | null {
  return actor.role === 'sales_rep' || actor.role === 'sales_manager' ? actor.id : null;
}

export type Permission =
  | 'users.manage'
  | 'teams.manage'
  | 'tokens.manage_all'
  | 'records.create'
  /** Capture and marketing setup: forms, imports, scoring. */
  | 'marketing.manage'
  /** The SLA between marketing and sales and the business calendars its clocks use. */
  | 'sla.manage'
  /** Erasing a person and everything that identifies them (GDPR Article 17): it cannot be undone. */
  | 'contacts.erase';

const PERMISSIONS: Record<Permission, readonly Role[]> = {
  'users.manage': ['admin'],
  'teams.manage': ['admin'],
  'tokens.manage_all': ['admin'],
  'records.create': ['admin', 'marketing', 'sales_manager', 'sales_rep'],
  'marketing.manage': ['admin', 'marketing'],
  // Admins and sales managers edit the agreement; everyone signed in reads it (both sides are measured by it).
  'sla.manage': ['admin', 'sales_manager'],
  // Marketing answers for the personal data it collects; sales may delete a contact but not wipe its history.
  'contacts.erase': ['admin', 'marketing'],
};

export function can(actor: Actor, permission: Permission): boolean {
  return PERMISSIONS[permission].includes(actor.role);
}
