import type { User } from '../../api/types.js';

/** Marketing and admins build forms; everyone signed in may read them and their submissions. */
export function canEditForms(user: Pick<User, 'role'>): boolean {
  return user.role === 'admin' || user.role === 'marketing';
}
