import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, invalid } from '../../shared/errors.js';
import { canAssignOwner, type Actor } from '../auth/policy.js';
import { createUsersRepository } from './users.repository.js';

/**
 * Checks that `ownerId` names an active user the actor may assign records to. Used by every module whose
 * records have an owner (contacts, accounts, later deals).
 */
export async function checkOwner(trx: Kysely<DB>, actor: Actor, ownerId: string | null): Promise<void> {
  if (ownerId === null) {
    if (!canAssignOwner(actor, null)) {
      throw new AppError('forbidden', 'auth.forbidden_owner', 'You cannot leave this record without an owner.', {
        errors: [{ field: 'ownerId', message: 'You cannot leave this record without an owner.' }],
      });
    }
    return;
  }
  const owner = await createUsersRepository(trx).findById(ownerId, trx);
  if (!owner || owner.status !== 'active') throw invalid('ownerId', 'No active user with this id.');
  if (!canAssignOwner(actor, { id: owner.id, teamId: owner.team_id })) {
    throw new AppError('forbidden', 'auth.forbidden_owner', 'You cannot assign records to this user.', {
      errors: [{ field: 'ownerId', message: 'You cannot assign records to this user.' }],
    });
  }
}
