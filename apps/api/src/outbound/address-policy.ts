/**
 * The outbound address policy: every request Grantkeeper makes (discovery, token and revocation
 * endpoints, the proxy) connects through an undici Agent whose connector resolves the host name
 * itself, checks every candidate address, and connects to the checked address. The check is on
 * the address actually connected to, per connection, so DNS rebinding cannot bypass it; IP
 * literals are checked the same way (Node skips `lookup` for them).
 *
 * Always refused: link-local and cloud metadata (169.254.0.0/16, fe80::/10, fd00:ec2::254).
 * Refused unless private addresses are allowed (OUTBOUND_ALLOW_PRIVATE): loopback, RFC 1918,
 * carrier-grade NAT, unique local, unspecified. IPv4-mapped and NAT64 IPv6 addresses are
 * checked as the IPv4 address they carry.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';

/** Resolves a host name to its addresses (tests pass their own: no real DNS, no real address). */
export type OutboundLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface OutboundPolicy {
  /** OUTBOUND_ALLOW_PRIVATE: loopback and private ranges allowed (link-local never). */
  allowPrivate: boolean;
}

export type AddressVerdict = 'allowed' | 'link-local' | 'private';

/** Thrown by the connector before any packet is sent to a refused address. */
export class OutboundAddressRefusedError extends Error {
  override readonly name = 'OutboundAddressRefusedError';
  readonly code = 'OUTBOUND_ADDRESS_REFUSED';
  readonly hostname: string;

  constructor(hostname: string, verdict: Exclude<AddressVerdict, 'allowed'>) {
    super(
      verdict === 'link-local'
        ? `The address of ${hostname} is link-local or a cloud metadata address; the outbound address policy always refuses it.`
        : `The address of ${hostname} is private or loopback; the outbound address policy refuses it (OUTBOUND_ALLOW_PRIVATE=false).`,
    );
    this.hostname = hostname;
  }
}

export function isOutboundAddressRefused(error: unknown): error is OutboundAddressRefusedError {
  return error instanceof OutboundAddressRefusedError;
}

const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');
linkLocal.addAddress('fd00:ec2::254', 'ipv6');

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
] as const) {
  privateRanges.addSubnet(net, prefix, 'ipv4');
}
privateRanges.addAddress('::', 'ipv6');
privateRanges.addAddress('::1', 'ipv6');
privateRanges.addSubnet('fc00::', 7, 'ipv6');

/** The IPv4 address carried by an IPv4-mapped (::ffff:0:0/96) or NAT64 (64:ff9b::/96) address. */
function embeddedIpv4(address: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return null;
  if (match[1]) return match[1];
  const high = parseInt(match[2] as string, 16);
  const low = parseInt(match[3] as string, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** What the policy says of one IP address (an unparsable address counts as private). */
export function classifyAddress(address: string): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = isIP(bare) === 6 ? embeddedIpv4(bare) : null;
  const ip = mapped ?? bare;
  const family = isIP(ip) === 4 ? 'ipv4' : isIP(ip) === 6 ? 'ipv6' : null;
  if (family === null) return 'private';
  if (linkLocal.check(ip, family)) return 'link-local';
  if (privateRanges.check(ip, family)) return 'private';
  return 'allowed';
}

export const systemLookup: OutboundLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The first address of `hostname` that the policy allows; throws {@link OutboundAddressRefusedError}
 * when none is (the verdict of the first refused address names the reason).
 */
export async function resolveAllowedAddress(
  hostname: string,
  policy: OutboundPolicy,
  lookup: OutboundLookup = systemLookup,
): Promise<string> {
  const candidates = isIP(hostname) ? [hostname] : (await lookup(hostname)).map((entry) => entry.address);
  let refusal: Exclude<AddressVerdict, 'allowed'> = 'private';
  for (const [index, address] of candidates.entries()) {
    const verdict = classifyAddress(address);
    if (verdict === 'allowed' || (verdict === 'private' && policy.allowPrivate)) return address;
    if (index === 0 || verdict === 'link-local') refusal = verdict;
  }
  throw new OutboundAddressRefusedError(hostname, refusal);
}

export interface OutboundAgentOptions extends OutboundPolicy {
  lookup?: OutboundLookup | undefined;
  /** Connect timeout (default 10 s). */
  connectTimeoutMs?: number | undefined;
  /** Passed to the Agent (e.g. keep-alive and header/body timeouts). */
  agent?: Omit<Agent.Options, 'connect'> | undefined;
}

/** An undici connector that connects only to addresses the policy allows. */
export function createPolicyConnector(options: OutboundAgentOptions): buildConnector.connector {
  const connect = buildConnector({ timeout: options.connectTimeoutMs ?? 10_000 });
  return (connectOptions, callback) => {
    resolveAllowedAddress(connectOptions.hostname, options, options.lookup).then(
      (address) => connect({ ...connectOptions, hostname: address }, callback),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

/** The Agent (dispatcher) every outbound request of the server goes through. */
export function createOutboundAgent(options: OutboundAgentOptions): Agent {
  return new Agent({ ...options.agent, connect: createPolicyConnector(options) });
}
