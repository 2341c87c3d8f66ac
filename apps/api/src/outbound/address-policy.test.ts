/**
 * The address policy against a real local HTTP server. Host names resolve through a test lookup
 * (never real DNS) and every refused address is refused before connect, so no packet ever leaves
 * loopback: a test that reached a refused address would instead hang or fail differently.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationError } from '@grantkeeper/oauth-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, createOutboundAgent, OutboundAddressRefusedError, type OutboundLookup } from './address-policy.js';
import { createOutboundFetch } from './outbound-fetch.js';

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('hello'));
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A lookup that answers from a table and records what it was asked. */
function table(entries: Record<string, string[]>): OutboundLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (hostname: string) => {
    asked.push(hostname);
    const addresses = entries[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { asked });
}

async function refusal(promise: Promise<unknown>): Promise<OutboundAddressRefusedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundAddressRefusedError);
  return error as OutboundAddressRefusedError;
}

describe('classifyAddress', () => {
  it.each([
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::169.254.169.254', 'link-local'],
    ['127.0.0.1', 'private'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['0.0.0.0', 'private'],
    ['::1', 'private'],
    ['::', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['not-an-address', 'private'],
    ['93.184.215.14', 'allowed'],
    ['172.32.0.1', 'allowed'],
    ['2606:4700::1111', 'allowed'],
  ])('%s is %s', (address, verdict) => {
    expect(classifyAddress(address)).toBe(verdict);
  });
});

describe('the policy-bound agent', () => {
  it('reaches a loopback server while private addresses are allowed (the default)', async () => {
    const agent = createOutboundAgent({ allowPrivate: true });
    const response = await request(`http://127.0.0.1:${port}/`, { dispatcher: agent });
    expect(await response.body.text()).toBe('hello');
    await agent.close();
  });

  it('refuses loopback before connecting when private addresses are not allowed', async () => {
    const agent = createOutboundAgent({ allowPrivate: false });
    const before = connections;
    const error = await refusal(request(`http://127.0.0.1:${port}/`, { dispatcher: agent }));
    expect(error.message).toContain('OUTBOUND_ALLOW_PRIVATE=false');
    expect(connections).toBe(before);
    await agent.close();
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/', 'http://[fd00:ec2::254]/', 'http://[::ffff:169.254.169.254]/'])(
    'always refuses the link-local or metadata literal %s',
    async (url) => {
      const agent = createOutboundAgent({ allowPrivate: true });
      const error = await refusal(request(url, { dispatcher: agent }));
      expect(error.message).toContain('link-local or a cloud metadata address');
      await agent.close();
    },
  );

  it('checks the resolved address of a host name, not its text', async () => {
    const lookup = table({ 'metadata.test': ['169.254.169.254'], 'api.test': ['127.0.0.1'] });
    const agent = createOutboundAgent({ allowPrivate: true, lookup });
    await refusal(request(`http://metadata.test:${port}/`, { dispatcher: agent }));
    const response = await request(`http://api.test:${port}/`, { dispatcher: agent });
    expect(await response.body.text()).toBe('hello');
    expect(lookup.asked).toEqual(['metadata.test', 'api.test']);
    await agent.close();
  });

  it('re-checks on every new connection, so a rebinding name is refused the second time', async () => {
    const answers = [['127.0.0.1'], ['169.254.169.254']];
    const lookup: OutboundLookup = async () => (answers.shift() ?? []).map((address) => ({ address, family: 4 }));
    const agent = createOutboundAgent({ allowPrivate: true, lookup });
    const first = await request(`http://rebind.test:${port}/`, { dispatcher: agent, reset: true });
    expect(await first.body.text()).toBe('hello');
    await refusal(request(`http://rebind.test:${port}/`, { dispatcher: agent, reset: true }));
    await agent.close();
  });

  it('skips refused addresses of a name and connects to an allowed one', async () => {
    const lookup = table({ 'mixed.test': ['169.254.169.254', '127.0.0.1'] });
    const agent = createOutboundAgent({ allowPrivate: true, lookup });
    const response = await request(`http://mixed.test:${port}/`, { dispatcher: agent });
    expect(await response.body.text()).toBe('hello');
    await agent.close();
  });
});

describe('the outbound fetch for oauth-core', () => {
  it('turns a refusal into a ConfigurationError (BAD_USER_INPUT) naming the host', async () => {
    const agent = createOutboundAgent({ allowPrivate: false });
    const fetch = createOutboundFetch(agent);
    const error = await fetch(`http://127.0.0.1:${port}/token`, { method: 'POST' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'INVALID_CONFIGURATION', publicCode: 'BAD_USER_INPUT' });
    expect((error as Error).message).toContain('127.0.0.1');
    await agent.close();
  });

  it('answers like fetch when the address is allowed', async () => {
    const agent = createOutboundAgent({ allowPrivate: true });
    const response = await createOutboundFetch(agent)(`http://127.0.0.1:${port}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello');
    await agent.close();
  });
});
