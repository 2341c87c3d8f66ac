import { parseArgs } from 'node:util';
import type { InteractionMode, StartTestIdpOptions, TestAccount, TestClient } from './types.js';

export const USAGE = `Usage: node dist/cli.js [options]
  --host <host>            listen address (default 127.0.0.1)
  --port <port>            port (default 4010; 0 = any free port)
  --interaction <mode>     auto | ui | deny (default ui)
  --client <spec>          id:secret:redirectUri[,redirectUri...]  (repeatable; empty secret = public client, auth method none)
  --client-auth <method>   client_secret_basic | client_secret_post for clients with a secret (default client_secret_basic)
  --scopes <list>          extra API scopes the clients may request, comma-separated
  --account <spec>         id:password (repeatable; default alice:wonderland)
  --access-ttl <seconds>   access token lifetime (default 3600)
  --refresh-ttl <seconds>  refresh token lifetime (default 1209600)
  --quiet                  no request log
  --help`;

export interface CliConfig {
  options: StartTestIdpOptions;
  quiet: boolean;
  help: boolean;
}

/** Parses the CLI arguments into `startTestIdp` options; throws a TypeError naming the bad argument. */
export function parseCliArgs(argv: string[]): CliConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4010' },
      interaction: { type: 'string', default: 'ui' },
      client: { type: 'string', multiple: true, default: [] },
      'client-auth': { type: 'string', default: 'client_secret_basic' },
      scopes: { type: 'string', default: '' },
      account: { type: 'string', multiple: true, default: [] },
      'access-ttl': { type: 'string', default: '3600' },
      'refresh-ttl': { type: 'string', default: String(14 * 24 * 3600) },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const interaction = values.interaction;
  if (interaction !== 'auto' && interaction !== 'ui' && interaction !== 'deny') {
    throw new TypeError(`--interaction must be auto, ui or deny, got ${interaction}`);
  }
  const auth = values['client-auth'];
  if (auth !== 'client_secret_basic' && auth !== 'client_secret_post') {
    throw new TypeError(`--client-auth must be client_secret_basic or client_secret_post, got ${auth}`);
  }
  const scopes = values.scopes.split(',').filter(Boolean);
  const clients = values.client.map((spec) => parseClient(spec, auth, scopes));
  const accounts = values.account.map(parseAccount);
  return {
    quiet: values.quiet,
    help: values.help,
    options: {
      host: values.host,
      port: integer(values.port, '--port', 0),
      interaction: interaction satisfies InteractionMode,
      clients,
      ...(accounts.length ? { accounts } : {}),
      accessTokenTtlSeconds: integer(values['access-ttl'], '--access-ttl', 1),
      refreshTokenTtlSeconds: integer(values['refresh-ttl'], '--refresh-ttl', 1),
    },
  };
}

function parseClient(spec: string, auth: 'client_secret_basic' | 'client_secret_post', scopes: string[]): TestClient {
  const first = spec.indexOf(':');
  const second = first < 0 ? -1 : spec.indexOf(':', first + 1);
  if (first <= 0 || second < 0) throw new TypeError(`--client must be id:secret:redirectUri, got ${spec}`);
  const clientId = spec.slice(0, first);
  const secret = spec.slice(first + 1, second);
  const redirectUris = spec
    .slice(second + 1)
    .split(',')
    .filter(Boolean);
  for (const uri of redirectUris) {
    if (!URL.canParse(uri)) throw new TypeError(`--client ${clientId}: invalid redirect URI ${uri}`);
  }
  if (redirectUris.length === 0) throw new TypeError(`--client ${clientId}: a redirect URI is required`);
  return secret
    ? { clientId, clientSecret: secret, tokenEndpointAuthMethod: auth, redirectUris, scopes }
    : { clientId, tokenEndpointAuthMethod: 'none', redirectUris, scopes };
}

function parseAccount(spec: string): TestAccount {
  const i = spec.indexOf(':');
  if (i <= 0 || i === spec.length - 1) throw new TypeError(`--account must be id:password, got ${spec}`);
  return { id: spec.slice(0, i), password: spec.slice(i + 1) };
}

function integer(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new TypeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}
