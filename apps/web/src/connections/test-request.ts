/** The "Try a request" panel's form: what it sends to `sendTestRequest`, checked before sending. */
export const testRequestMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type TestRequestMethod = (typeof testRequestMethods)[number];

export interface TestRequestForm {
  method: TestRequestMethod;
  /** Relative to the connection's base URL, with an optional query string. */
  path: string;
  /** One `Name: value` per line. */
  headers: string;
  body: string;
}

export interface TestRequestVariables {
  method: TestRequestMethod;
  path: string;
  body: string | null;
  headers: Array<{ name: string; value: string }> | null;
}

export type TestRequestErrors = Partial<Record<'path' | 'headers' | 'body', string>>;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Never forwarded by the proxy (it adds the credentials itself). */
const NOT_FORWARDED = new Set([
  'authorization',
  'cookie',
  'host',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-workspace',
  'expect',
]);

export const hasBody = (method: TestRequestMethod): boolean => method !== 'GET' && method !== 'HEAD';

export function emptyTestRequest(): TestRequestForm {
  return { method: 'GET', path: '', headers: '', body: '' };
}

export function parseHeaders(text: string): { headers: Array<{ name: string; value: string }>; error: string } {
  const headers: Array<{ name: string; value: string }> = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(':');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    if (!HEADER_NAME.test(name)) return { headers, error: `Line ${index + 1}: write each header as Name: value.` };
    if (NOT_FORWARDED.has(name.toLowerCase()) || name.toLowerCase().startsWith('proxy-')) {
      return { headers, error: `Line ${index + 1}: ${name} is never forwarded; Grantkeeper adds the connection's credentials itself.` };
    }
    headers.push({ name, value: line.slice(at + 1).trim() });
  }
  return { headers, error: '' };
}

/** The mutation's variables, or the problems by field. */
export function toVariables(form: TestRequestForm): { variables: TestRequestVariables | null; errors: TestRequestErrors } {
  const errors: TestRequestErrors = {};
  const path = form.path.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) errors.path = 'Enter a path relative to the base URL, e.g. /v1/status.';
  const parsed = parseHeaders(form.headers);
  if (parsed.error) errors.headers = parsed.error;
  const body = hasBody(form.method) && form.body ? form.body : null;
  if (body && new TextEncoder().encode(body).length > 1024 * 1024) errors.body = 'Keep the body under 1 MiB.';
  if (Object.keys(errors).length > 0) return { variables: null, errors };
  return { variables: { method: form.method, path, body, headers: parsed.headers.length ? parsed.headers : null }, errors };
}
