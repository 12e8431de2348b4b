import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, invalid } from '../../shared/errors.js';
import { canAssignOwner, type Actor } from './policy.js';

/**
 * Checks that `ownerId` names an active user the actor may assign records to. Returns the owner's team so
 * callers can evaluate the record policy on the result.
 */
export async function checkOwner(
  trx: Kysely<DB>,
  actor: Actor,
  ownerId: string | null,
): Promise<{ ownerTeamId: string | null }> {
  if (ownerId === null) {
    if (!canAssignOwner(actor, null)) {
      throw new AppError('forbidden', 'auth.forbidden_owner', 'You cannot leave this record without an owner.', {
        errors: [{ field: 'ownerId', message: 'You cannot leave this record without an owner.' }],
      });
    }
    return { ownerTeamId: null };
  }
  const owner = await trx
    .selectFrom('users')
    .select(['id', 'team_id', 'status'])
    .where('id', '=', ownerId)
    .executeTakeFirst();
  if (!owner || owner.status !== 'active') throw invalid('ownerId', 'No active user with this id.');
  if (!canAssignOwner(actor, { id: owner.id, teamId: owner.team_id })) {
    throw new AppError('forbidden', 'auth.forbidden_owner', 'You cannot assign records to this user.', {
      errors: [{ field: 'ownerId', message: 'You cannot assign records to this user.' }],
    });
  }
  return { ownerTeamId: owner.team_id };
}
