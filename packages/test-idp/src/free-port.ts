import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on 127.0.0.1, for a server a test starts next (the API, a
 * proxy). The one copy for every package's tests.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
