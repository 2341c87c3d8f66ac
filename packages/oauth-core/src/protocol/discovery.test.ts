import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors.js';
import type { HttpFetch } from '../ports.js';
import { discoverProvider, NOTHING_USABLE_MESSAGE, wellKnownUrls } from './discovery.js';

/** A metadata server played by a map from URL to response body (404 elsewhere). */
function server(documents: Record<string, unknown>): { fetch: HttpFetch; requested: string[] } {
  const requested: string[] = [];
  const fetch: HttpFetch = async (input) => {
    const url = String(input);
    requested.push(url);
    if (!(url in documents)) return new Response('not found', { status: 404 });
    const body = documents[url];
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, requested };
}

const metadata = {
  issuer: 'https://as.example/tenant-1',
  authorization_endpoint: 'https://as.example/tenant-1/authorize',
  token_endpoint: 'https://as.example/tenant-1/token',
  revocation_endpoint: 'https://as.example/tenant-1/revoke',
  authorization_response_iss_parameter_supported: true,
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
  scopes_supported: ['openid', 'offline_access'],
};

async function discoveryError(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(error).toMatchObject({ code: 'DISCOVERY_FAILED' });
  return error as ConfigurationError;
}

describe('discoverProvider', () => {
  it('builds RFC 8414 and OpenID well-known URLs for issuers with and without a path', () => {
    const withPath = wellKnownUrls(new URL('https://as.example/tenant-1'));
    expect(withPath.oauth.href).toBe('https://as.example/.well-known/oauth-authorization-server/tenant-1');
    expect(withPath.openid.href).toBe('https://as.example/tenant-1/.well-known/openid-configuration');
    const bare = wellKnownUrls(new URL('https://as.example'));
    expect(bare.oauth.href).toBe('https://as.example/.well-known/oauth-authorization-server');
    expect(bare.openid.href).toBe('https://as.example/.well-known/openid-configuration');
  });

  it('reads RFC 8414 metadata first', async () => {
    const { fetch, requested } = server({
      'https://as.example/.well-known/oauth-authorization-server/tenant-1': metadata,
    });
    expect(await discoverProvider('https://as.example/tenant-1', { fetch })).toEqual({
      issuer: 'https://as.example/tenant-1',
      authorizationEndpoint: 'https://as.example/tenant-1/authorize',
      tokenEndpoint: 'https://as.example/tenant-1/token',
      revocationEndpoint: 'https://as.example/tenant-1/revoke',
      issParameterSupported: true,
      tokenEndpointAuthMethodsSupported: ['client_secret_basic', 'none'],
      scopesSupported: ['openid', 'offline_access'],
    });
    expect(requested).toHaveLength(1);
  });

  it('falls back to OpenID discovery, and defaults the optional members', async () => {
    const { revocation_endpoint: _r, authorization_response_iss_parameter_supported: _i, ...rest } = metadata;
    const { fetch, requested } = server({
      'https://as.example/tenant-1/.well-known/openid-configuration': {
        ...rest,
        token_endpoint_auth_methods_supported: undefined,
        scopes_supported: undefined,
      },
    });
    const found = await discoverProvider('https://as.example/tenant-1', { fetch });
    expect(found).toEqual({
      issuer: 'https://as.example/tenant-1',
      authorizationEndpoint: 'https://as.example/tenant-1/authorize',
      tokenEndpoint: 'https://as.example/tenant-1/token',
      issParameterSupported: false,
    });
    expect(requested).toHaveLength(2);
  });

  it('rejects metadata for another issuer (RFC 8414 §3.3)', async () => {
    const { fetch } = server({
      'https://as.example/.well-known/oauth-authorization-server/tenant-1': {
        ...metadata,
        issuer: 'https://evil.example',
      },
    });
    const error = await discoveryError(discoverProvider('https://as.example/tenant-1', { fetch }));
    expect(error.message).toMatch(/issuer/);
  });

  it.each([
    ['token_endpoint', { token_endpoint: undefined }],
    ['authorization_endpoint', { authorization_endpoint: 'not a url' }],
    ['token_endpoint', { token_endpoint: 'http://as.example/token' }],
    ['scopes_supported', { scopes_supported: 'openid' }],
  ])('rejects invalid metadata, naming "%s"', async (field, patch) => {
    const { fetch } = server({
      'https://as.example/.well-known/oauth-authorization-server/tenant-1': {
        ...metadata,
        ...patch,
      },
    });
    const error = await discoveryError(discoverProvider('https://as.example/tenant-1', { fetch }));
    expect(error.message).toContain(`"${field}"`);
  });

  it('gives one answer when there is no metadata, it is not a JSON object, or the network fails', async () => {
    const wellKnown = 'https://as.example/.well-known/oauth-authorization-server';
    const cases: HttpFetch[] = [
      server({}).fetch,
      server({ [wellKnown]: '<html>' }).fetch,
      server({ [wellKnown]: '[1, 2]' }).fetch,
      server({ [wellKnown]: { status: 'ok' } }).fetch,
      async () => new Response('', { status: 500 }),
      async () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      },
    ];
    for (const fetch of cases) {
      const error = await discoveryError(discoverProvider('https://as.example', { fetch }));
      expect(error.message).toBe(NOTHING_USABLE_MESSAGE);
      expect(error.cause).toBeUndefined();
    }
  });

  it('does not tell a closed port from an open one that is not an authorization server', async () => {
    const listening = (srv: Server) =>
      new Promise<number>((resolve) => srv.listen(0, '127.0.0.1', () => resolve((srv.address() as AddressInfo).port)));
    const http = createHttpServer((_req, res) => res.writeHead(404).end('not here'));
    const html = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>'));
    const notHttp = createTcpServer((socket) => socket.end('-ERR unknown command\r\n'));
    const silentClose = createTcpServer((socket) => socket.destroy());
    const closed = createTcpServer();
    const closedPort = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));
    const servers = [http, html, notHttp, silentClose];
    try {
      const ports = [closedPort, ...(await Promise.all(servers.map(listening)))];
      const answers = await Promise.all(
        ports.map(async (port) => {
          const error = await discoveryError(discoverProvider(`http://127.0.0.1:${port}`, { timeoutMs: 5_000 }));
          return { code: error.code, message: error.message, cause: error.cause };
        }),
      );
      for (const answer of answers) {
        expect(answer).toEqual({ code: 'DISCOVERY_FAILED', message: NOTHING_USABLE_MESSAGE, cause: undefined });
      }
    } finally {
      for (const srv of servers) srv.close();
    }
  });

  it('passes on an engine error thrown by the injected fetch (e.g. an address policy)', async () => {
    const refusal = new ConfigurationError('INVALID_CONFIGURATION', 'The address of as.example is refused.');
    const error = await discoverProvider('https://as.example', {
      fetch: async () => {
        throw refusal;
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(refusal);
  });

  it('rejects issuers that are not https URLs (except on loopback)', async () => {
    for (const issuer of ['as.example', 'http://as.example', 'https://as.example/?x=1']) {
      await discoveryError(discoverProvider(issuer, server({})));
    }
  });
});
