import { z } from 'zod';
import type { Role, TeamRow, UserRow, UserStatus } from '../../db/schema.js';
// Pure leaf modules of auth (no imports back into users), imported directly to keep module loading acyclic.
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password.js';
import { ROLES } from '../auth/policy.js';

export const LOCALES = ['en', 'fa'] as const;

export const emailSchema = z.email({ message: 'Not a valid email address.' }).max(254);
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH);

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().max(64).refine(isValidTimeZone, 'Not an IANA time zone such as Asia/Tehran.');
const nameSchema = z.string().trim().min(1, 'Required.').max(200);

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  teamId: z.string().nullable(),
  locale: z.string(),
  timeZone: z.string(),
  status: z.enum(['active', 'deactivated']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const createUserInput = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  role: z.enum(ROLES),
  teamId: z.string().max(64).nullable().optional(),
  password: passwordSchema,
  locale: z.enum(LOCALES).optional(),
  timeZone: timeZoneSchema.optional(),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.strictObject({
  name: nameSchema.optional(),
  role: z.enum(ROLES).optional(),
  teamId: z.string().max(64).nullable().optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  password: passwordSchema.optional(),
  /** Required when people change their own password: a borrowed session must not take the account. */
  currentPassword: z.string().max(PASSWORD_MAX_LENGTH).optional(),
  locale: z.enum(LOCALES).optional(),
  timeZone: timeZoneSchema.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;

/** Fields a user may change on their own profile without being an admin. */
export const SELF_EDITABLE: ReadonlySet<keyof UpdateUserInput> = new Set([
  'name',
  'password',
  'currentPassword',
  'locale',
  'timeZone',
]);

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  memberCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Team = z.infer<typeof teamSchema>;
export const teamInput = z.strictObject({ name: nameSchema });

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    teamId: row.team_id,
    locale: row.locale,
    timeZone: row.time_zone,
    status: row.status as UserStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toTeam(row: TeamRow & { member_count: number }): Team {
  return {
    id: row.id,
    name: row.name,
    memberCount: Number(row.member_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
