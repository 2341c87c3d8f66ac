import type { ConnectionAccess, Role } from '../gql/graphql';

/** The create dialog's access levels, each explained in one sentence. */
export const accessLevels: Array<{ value: ConnectionAccess; label: string; help: string }> = [
  { value: 'NONE', label: 'None', help: 'GraphQL only: the key reads state and acts by its role, but cannot call connected APIs.' },
  {
    value: 'PROXY',
    label: 'Proxy',
    help: 'The key may also call connected APIs through /proxy/{connection}/…; Grantkeeper adds the credentials and the tokens never leave it.',
  },
  {
    value: 'TOKEN',
    label: 'Token',
    help: 'Proxy, and the key may read access tokens with the accessToken query on connections that allow token access.',
  },
];

/** How the list shows a key's access: level and which connections. */
export function describeAccess(key: { connectionAccess: ConnectionAccess; connectionCodes?: readonly string[] | null }): string {
  if (key.connectionAccess === 'NONE') return 'None';
  const level = key.connectionAccess === 'PROXY' ? 'Proxy' : 'Token';
  return `${level}: ${key.connectionCodes?.length ? key.connectionCodes.join(', ') : 'all connections'}`;
}

/** Roles as people read them, with what each may do. */
export const roleOptions: Array<{ value: Role; label: string }> = [
  { value: 'VIEWER', label: 'Viewer: read-only' },
  { value: 'OPERATOR', label: 'Operator: authorization actions' },
  { value: 'ADMIN', label: 'Admin: everything' },
];

export function roleLabel(role: Role): string {
  return roleOptions.find((r) => r.value === role)?.label.split(':')[0] ?? role;
}

/** Lifetimes offered for a new key; null = never expires. */
export const expiryOptions: Array<{ days: number | null; label: string }> = [
  { days: null, label: 'Never' },
  { days: 7, label: 'In 7 days' },
  { days: 30, label: 'In 30 days' },
  { days: 90, label: 'In 90 days' },
  { days: 365, label: 'In 1 year' },
];

export function expiryFrom(days: number | null, now: Date): string | null {
  return days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
}
