import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of PostgreSQL that a test can cut, as if the server had gone away. */
export interface PgProxy {
  /** The port to connect to instead of the server's. */
  port: number;
  /** `url` (a PostgreSQL URL) pointed at the proxy. */
  through(url: string): string;
  /** Drops every connection and refuses new ones (the port stops listening): the server is "down". */
  cut(): Promise<void>;
  /** Listens again on the same port: the server is "back". */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 to `target` (host:port of PostgreSQL). Cutting closes the listening
 * socket rather than resetting new connections, so clients see ECONNREFUSED as with a stopped
 * server, and a dropped connection mid-query as with a killed backend.
 */
export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  const open = new Set<Socket>();
  const onConnection = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  let server: Server = createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const port = await listen(0);
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const dropAll = () => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    port,
    through: (url) => {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut: async () => {
      const closed = stop();
      dropAll();
      await closed;
    },
    restore: async () => {
      server = createServer(onConnection);
      await listen(port);
    },
    close: async () => {
      const closed = server.listening ? stop() : Promise.resolve();
      dropAll();
      await closed;
    },
  };
}
