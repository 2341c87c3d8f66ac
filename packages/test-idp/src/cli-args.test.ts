import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('parses the demo command line', () => {
    const { options } = parseCliArgs([
      '--port',
      '4010',
      '--interaction',
      'ui',
      '--client',
      'demo:demo-secret:http://localhost:4000/oauth/callback',
      '--client',
      'spa::http://localhost:5173/cb,http://127.0.0.1:5173/cb',
      '--scopes',
      'crm.read,crm.write',
    ]);
    expect(options.port).toBe(4010);
    expect(options.interaction).toBe('ui');
    expect(options.accounts).toBeUndefined();
    expect(options.clients).toEqual([
      {
        clientId: 'demo',
        clientSecret: 'demo-secret',
        tokenEndpointAuthMethod: 'client_secret_basic',
        redirectUris: ['http://localhost:4000/oauth/callback'],
        scopes: ['crm.read', 'crm.write'],
      },
      {
        clientId: 'spa',
        tokenEndpointAuthMethod: 'none',
        redirectUris: ['http://localhost:5173/cb', 'http://127.0.0.1:5173/cb'],
        scopes: ['crm.read', 'crm.write'],
      },
    ]);
  });

  it('parses accounts and TTLs', () => {
    const { options } = parseCliArgs(['--account', 'bob:pa:ss', '--access-ttl', '60', '--refresh-ttl', '600']);
    expect(options.accounts).toEqual([{ id: 'bob', password: 'pa:ss' }]);
    expect(options.accessTokenTtlSeconds).toBe(60);
    expect(options.refreshTokenTtlSeconds).toBe(600);
  });

  it.each([
    [['--interaction', 'maybe'], /--interaction/],
    [['--client', 'demo'], /--client must be/],
    [['--client', 'demo:s:not a url'], /invalid redirect URI/],
    [['--port', '-1'], /--port/],
    [['--account', 'bob'], /--account/],
    [['--unknown'], /Unknown option/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
