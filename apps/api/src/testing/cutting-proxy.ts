/**
 * A TCP proxy in front of PostgreSQL that drops one connection right after the server has
 * answered a chosen statement: the client's socket is reset (ECONNRESET) once the answer is
 * complete (ReadyForQuery), and the answer is not passed on. An autocommit statement has then
 * committed (the server commits at Sync, before ReadyForQuery), but the client never hears so:
 * what a connection lost between the commit and its answer looks like to the app.
 */
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/** ReadyForQuery: 'Z', length 5, then the transaction status byte. */
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

export interface CuttingProxy {
  /** `url` (a postgres:// URL) pointed at the proxy instead of the server. */
  via(url: string): string;
  /**
   * Cuts the next connection that sends a statement `matches` (on the statement's text as sent),
   * once the server's answer to it is complete; resolves with the command tag the server sent
   * (e.g. `UPDATE 1`), which the client never received.
   */
  cutAfter(matches: (sent: string) => boolean): Promise<string>;
  close(): Promise<void>;
}

interface Armed {
  matches: (sent: string) => boolean;
  cut: (tag: string) => void;
}

export async function startCuttingProxy(target: { host: string; port: number }): Promise<CuttingProxy> {
  let armed: Armed | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined); // the other side is destroyed with it below
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let doomed: Armed | null = null;
    let answer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (armed !== null && doomed === null && armed.matches(chunk.toString('latin1'))) [doomed, armed] = [armed, null];
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (doomed === null) {
        client.write(chunk);
        return;
      }
      answer = Buffer.concat([answer, chunk]);
      if (!answer.includes(READY_FOR_QUERY)) return;
      client.resetAndDestroy();
      upstream.destroy();
      doomed.cut(/(?:INSERT|UPDATE|DELETE|SELECT|COMMIT)[ \d]*/.exec(answer.toString('latin1'))?.[0] ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    via(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cutAfter(matches) {
      return new Promise<string>((cut) => (armed = { matches, cut }));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
