import { createServer, type Server } from 'node:http';

export interface TokenRecorder {
  /** The URL to use as the connection's token endpoint. */
  tokenEndpoint: string;
  /** Every access/refresh/id token value the IdP issued through this proxy. */
  tokens(): string[];
  close(): Promise<void>;
}

/**
 * A pass-through proxy in front of the IdP's token endpoint that remembers the token values it
 * sees, so the test can prove that none of them ever reaches the browser or the bundle.
 */
export async function startTokenRecorder(upstreamTokenEndpoint: string): Promise<TokenRecorder> {
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    const body: Buffer[] = [];
    request.on('data', (c: Buffer) => body.push(c));
    request.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(key)) headers[key] = value;
      }
      fetch(upstreamTokenEndpoint, { method: request.method ?? 'POST', headers, body: Buffer.concat(body) })
        .then(async (upstream) => {
          const text = await upstream.text();
          try {
            const json = JSON.parse(text) as Record<string, unknown>;
            for (const field of ['access_token', 'refresh_token', 'id_token']) {
              const value = json[field];
              if (typeof value === 'string') seen.add(value);
            }
          } catch {
            // not JSON: nothing to record
          }
          const out: Record<string, string> = {};
          upstream.headers.forEach((value, key) => {
            if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(key)) out[key] = value;
          });
          response.writeHead(upstream.status, out).end(text);
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    tokenEndpoint: `http://127.0.0.1:${port}/token`,
    tokens: () => [...seen],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
