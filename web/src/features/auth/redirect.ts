/** Only same-site paths are followed after sign-in (no open redirect through `?next=`). */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/contacts';
  if (value.startsWith('/login') || value.startsWith('/setup')) return '/contacts';
  return value;
}
