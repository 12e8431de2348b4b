import { useTranslation } from 'react-i18next';
import { fetchAccounts } from '../api/accounts.js';
import { http, seg } from '../api/client.js';
import type { Account } from '../api/types.js';
import { RemoteSelect, type RemoteSelectProps } from './RemoteSelect.js';

type Props = Omit<RemoteSelectProps, 'queryKey' | 'search' | 'resolve'>;

/** Picks an account by searching GET /api/v1/accounts?q= (name and domain). */
export function AccountSelect(props: Props) {
  const { t } = useTranslation();
  return (
    <RemoteSelect
      placeholder={t('pickers.searchAccounts')}
      clearable
      {...props}
      queryKey={['accounts', 'options']}
      search={async (q, signal) => {
        const page = await fetchAccounts({ q: q || undefined, sort: 'name', order: 'asc', limit: 20 }, signal);
        return page.items.map((a) => ({ value: a.id, label: a.name }));
      }}
      resolve={async (id, signal) => {
        const account = await http.get<Account>(`/api/v1/accounts/${seg(id)}`, undefined, signal);
        return { value: account.id, label: account.name };
      }}
    />
  );
}
