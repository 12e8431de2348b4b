import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../api/auth.js';
import { http, seg } from '../api/client.js';
import { fetchUsers } from '../api/users.js';
import type { User } from '../api/types.js';
import { RemoteSelect, type RemoteSelectProps } from './RemoteSelect.js';

type Props = Omit<RemoteSelectProps, 'queryKey' | 'search' | 'resolve'> & {
  /** Only people a manager may assign: members of their own team. */
  limitToAssignable?: boolean;
};

/** Picks a user (record owner) by searching GET /api/v1/users. */
export function OwnerSelect({ limitToAssignable = false, ...props }: Props) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const teamId = limitToAssignable && me.role === 'sales_manager' && me.teamId ? me.teamId : undefined;
  return (
    <RemoteSelect
      placeholder={t('pickers.searchUsers')}
      clearable
      {...props}
      queryKey={['users', 'options', teamId ?? 'all']}
      search={async (q, signal) => {
        const page = await fetchUsers({ q: q || undefined, status: 'active', teamId, limit: 20 }, signal);
        return page.items.map((u) => ({ value: u.id, label: u.name }));
      }}
      resolve={async (id, signal) => {
        const user = await http.get<User>(`/api/v1/users/${seg(id)}`, undefined, signal);
        return { value: user.id, label: user.name };
      }}
    />
  );
}
