/**
 * Malformed requests for the fuzz test (src/http/fuzz.int.test.ts), drawn from a seeded PRNG so
 * that a failure reproduces: the same seed gives the same requests in the same order. Nothing
 * here makes the server call out: no discovery (`issuer`), no test requests, no proxying with a
 * key that may proxy.
 */

/** mulberry32: small, fast, and good enough to pick junk. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const int = (random: Random, max: number): number => Math.floor(random() * max);
export const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

const ODD_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0001\u001f\u007f',
  '\ud800',
  '\udfff\ud800',
  '💥'.repeat(50),
  '../../etc/passwd',
  '%00%zz%',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  'CRM',
  'null',
  '{"a":1}',
  '\r\nx-injected: 1',
];

/** A value of any JSON shape, odd more often than not. */
export function junkValue(random: Random, depth = 0): unknown {
  switch (int(random, depth > 3 ? 6 : 9)) {
    case 0:
      return pick(random, ODD_STRINGS);
    case 1:
      return 'x'.repeat(random() < 0.02 ? 100_000 : pick(random, [1, 10, 100, 1_000, 10_000]));
    case 2:
      return pick(random, [0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308]);
    case 3:
      return pick(random, [null, true, false]);
    case 4:
      return String.fromCharCode(...Array.from({ length: 1 + int(random, 40) }, () => int(random, 0xffff)));
    case 5:
      return pick(random, ODD_STRINGS) + pick(random, ODD_STRINGS);
    case 6:
      return Array.from({ length: int(random, 5) }, () => junkValue(random, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: int(random, 5) }, () => [pick(random, ODD_STRINGS), junkValue(random, depth + 1)]));
    default:
      return { __proto__: junkValue(random, depth + 1), constructor: { prototype: 1 } };
  }
}

/** Junk as text: strings as they are, anything else as JSON. */
export function junkText(random: Random): string {
  const value = junkValue(random);
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/** Real operations of the schema (none of them calls out); their variables get junk. */
export const OPERATIONS = [
  'query($c: String!) { authorization(connectionCode: $c) { status statusReason } }',
  'query($c: String, $n: Int) { auditEvents(connectionCode: $c, first: $n) { type message } }',
  'query($c: String!) { connection(code: $c) { code name oauth2 { issuer } } }',
  'query { connections { code } me { email } serverInfo { version } }',
  'query($id: ID!, $n: Int) { webhookDeliveries(webhookId: $id, first: $n) { id } }',
  'query($c: String!) { accessToken(connectionCode: $c) { accessToken } }',
  'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }',
  'mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl } }',
  'mutation($c: String!) { revokeAuthorization(connectionCode: $c) { status } }',
  'mutation($c: String!) { deleteConnection(code: $c) }',
  'mutation($id: ID!) { deleteApiKey(id: $id) }',
  'mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { id } }',
  'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }',
  'mutation($i: CreateWorkspaceInput!) { createWorkspace(input: $i) { slug } }',
];

const VARIABLE_NAMES = ['c', 'n', 'id', 'e', 'p', 'i', 'v', '__proto__'];

function createConnectionInput(random: Random): Record<string, unknown> {
  const field = (value: unknown) => (random() < 0.5 ? value : junkValue(random));
  return {
    code: field('FUZZ'),
    name: field('Fuzz'),
    baseUrl: field('https://api.example.com'),
    authenticationType: field('OAUTH2_AUTHORIZATION_CODE'),
    // No issuer: an issuer without endpoints would be discovered over the network.
    oauth2: field({
      authorizationEndpoint: field('https://idp.example/auth'),
      tokenEndpoint: field('https://idp.example/token'),
      clientId: field('c'),
      clientSecret: field('s'),
      scopes: field(['a']),
      extraAuthorizationParams: field([{ key: 'k', value: 'v' }]),
    }),
  };
}

/** A GraphQL document: a real one, one with characters cut or repeated, or nonsense. */
export function junkDocument(random: Random): unknown {
  const document = pick(random, OPERATIONS);
  switch (int(random, 6)) {
    case 0:
      return document;
    case 1: {
      const at = int(random, document.length);
      return document.slice(0, at) + document.slice(at + 1 + int(random, 5));
    }
    case 2: {
      const at = int(random, document.length);
      return document.slice(0, at) + pick(random, ['{', '}', '(', '$', '"', '\\', '#', '...', '@skip']) + document.slice(at);
    }
    case 3:
      return `query { ${Array.from({ length: 50 + int(random, 200) }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    case 4:
      return `query ${'{ me '.repeat(20 + int(random, 200))}${'}'.repeat(20 + int(random, 200))}`;
    default:
      return junkValue(random);
  }
}

/** A GraphQL POST body: JSON with junk fields, or not JSON at all. */
export function junkGraphQLBody(random: Random): string {
  const variables =
    random() < 0.2
      ? { i: createConnectionInput(random) }
      : Object.fromEntries(VARIABLE_NAMES.filter(() => random() < 0.5).map((name) => [name, junkValue(random)]));
  const body: Record<string, unknown> = { query: junkDocument(random), variables: random() < 0.9 ? variables : junkValue(random) };
  if (random() < 0.3) body.operationName = junkValue(random);
  if (random() < 0.2) body.extensions = junkValue(random);
  if (body.variables !== undefined && random() < 0.2)
    body.query = 'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }';
  const text = JSON.stringify(random() < 0.1 ? [body, body] : body) ?? 'null';
  switch (int(random, 10)) {
    case 0:
      return text.slice(0, int(random, text.length));
    case 1:
      return text.replace(/"/g, pick(random, ["'", '', '\\"']));
    case 2:
      return pick(random, ['', 'null', '[]', '{}', '"x"', '1', '{"query":', '\u0000', '{"query":"{ me { email } }"}'.repeat(3)]);
    default:
      return text;
  }
}

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) is sent raw-escaped. */
export function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[^A-Za-z0-9]/g, (c) => `%${(c.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}`);
  }
}

/** A query string from pairs whose names and values are junk, percent-encoded or raw-odd. */
export function junkQueryString(random: Random, names: readonly string[]): string {
  const pairs = Array.from({ length: int(random, 6) }, () => {
    const name = random() < 0.8 ? pick(random, names) : junkText(random);
    const value = random() < 0.2 ? pick(random, ['%zz', '%', '%00', '%E0%A4%A', '+%2B+']) : encode(junkText(random).slice(0, 5000));
    return `${encode(name).slice(0, 200)}=${value}`;
  });
  return pairs.join('&');
}
