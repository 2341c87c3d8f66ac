import { describe, expect, it } from 'vitest';
import { callerHeaders, flatHeaders, forwardedRequestHeaders, returnedRawHeaders } from './hop-headers.js';

describe('headers crossing the proxy', () => {
  it('forwards the caller headers read from rawHeaders as forwardedRequestHeaders does, and reads what /proxy needs', () => {
    const raw = ['Host', 'gk', 'Authorization', 'Bearer gk_a', 'Authorization', 'Bearer gk_b', 'Connection', 'keep-alive, X-Hop'];
    raw.push('X-Hop', '1', 'Accept', 'a', 'accept', 'b', 'Content-Length', '3', 'Proxy-Authorization', 'p', 'Cookie', 'c');
    raw.push('X-Workspace', 'w', 'Expect', '100-continue', 'TE', 'trailers', 'X-Request-Id', 'r1', 'Transfer-Encoding', 'chunked');
    const read = callerHeaders(raw);
    expect(read).toEqual({
      forwarded: ['accept', 'a', 'accept', 'b', 'content-length', '3', 'x-request-id', 'r1'],
      authorization: 'Bearer gk_a',
      contentLength: '3',
      transferEncoding: 'chunked',
      requestId: 'r1',
    });
    const headers: Record<string, string | string[]> = {};
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      headers[name] = headers[name] === undefined ? raw[i + 1]! : `${String(headers[name])}, ${raw[i + 1]!}`;
    }
    const names = new Set(read.forwarded.filter((_, i) => i % 2 === 0));
    expect(Object.keys(forwardedRequestHeaders(headers)).sort()).toEqual([...names].sort());
  });

  it("drops the headers the caller's Connection names, wherever they are, and keeps the order of the rest", () => {
    const raw = ['X-A', '1', 'Connection', 'X-Hop, x-request-id', 'X-Hop', '1', 'X-B', '2', 'x-hop', '3', 'X-Request-Id', 'r1', 'X-A', '4'];
    const read = callerHeaders(raw);
    expect(read.forwarded).toEqual(['x-a', '1', 'x-b', '2', 'x-a', '4']);
    expect(read.requestId).toBe('r1');
    expect(flatHeaders({ a: '1', b: ['2', '3'] })).toEqual(['a', '1', 'b', '2', 'b', '3']);
  });

  it('passes the upstream headers back without hop-by-hop ones, those named in Connection, or set-cookie', () => {
    const raw = ['Content-Type', 'text/plain', 'Connection', 'x-hop', 'X-Hop', '1', 'Set-Cookie', 's=1', 'Keep-Alive', 'timeout=5'];
    raw.push('Link', '<a>', 'Link', '<b>', 'Proxy-Authenticate', 'x', 'Transfer-Encoding', 'chunked', 'X-Caf\u00e9', 'caf\u00e9');
    const out = returnedRawHeaders(
      raw.map((v) => Buffer.from(v, 'latin1')),
      'r1',
    );
    expect(out).toEqual(['content-type', 'text/plain', 'link', '<a>', 'link', '<b>', 'x-caf\u00e9', 'caf\u00e9', 'x-request-id', 'r1']);
  });
});
