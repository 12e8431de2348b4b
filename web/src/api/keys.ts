/** Query keys in one place so that invalidation after a write cannot miss a list. */
export const queryKeys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  contacts: ['contacts'] as const,
  contactList: (params: object) => ['contacts', 'list', params] as const,
  contact: (id: string) => ['contacts', 'detail', id] as const,
  contactAudit: (id: string) => ['contacts', 'audit', id] as const,
  accounts: ['accounts'] as const,
  accountList: (params: object) => ['accounts', 'list', params] as const,
  account: (id: string) => ['accounts', 'detail', id] as const,
  accountAudit: (id: string) => ['accounts', 'audit', id] as const,
  accountOptions: (q: string) => ['accounts', 'options', q] as const,
  users: ['users'] as const,
  userList: (params: object) => ['users', 'list', params] as const,
  userOptions: (params: object) => ['users', 'options', params] as const,
  teams: ['teams'] as const,
  tokens: ['tokens'] as const,
};
