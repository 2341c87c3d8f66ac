import type { ConnectionAccess } from '../gql/graphql';

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
