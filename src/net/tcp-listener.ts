import net from 'node:net';
import type { Logger } from '../logger.js';

export interface ConnectionHandler {
  onData(chunk: Buffer): void;
  onClose(): void;
}

export interface TcpListenerOptions {
  host: string;
  port: number;
  maxConnections: number;
  /** Name of the protocol, for logs. */
  protocol: string;
  logger: Logger;
  /** Creates the per-connection handler; `log` is the connection's child logger. */
  accept(socket: net.Socket, connectionId: number, log: Logger): ConnectionHandler;
}

/** Accepts TCP connections, gives each an id and a child logger, and closes them all on stop. */
export class TcpListener {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private nextId = 1;

  constructor(private readonly options: TcpListenerOptions) {}

  async start(): Promise<{ host: string; port: number }> {
    const { host, port, logger, protocol } = this.options;
    const server = net.createServer({ noDelay: true }, (socket) => this.onConnection(socket));
    server.maxConnections = this.options.maxConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, backlog: 1024 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => logger.error({ err, protocol }, 'listener error'));
    const address = server.address() as net.AddressInfo;
    return { host: address.address, port: address.port };
  }

  private onConnection(socket: net.Socket): void {
    const id = this.nextId++;
    const log = this.options.logger.child({
      conn: id,
      remote: `${socket.remoteAddress}:${socket.remotePort}`,
      protocol: this.options.protocol,
    });
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let handler: ConnectionHandler;
    try {
      handler = this.options.accept(socket, id, log);
    } catch (err) {
      log.error({ err }, 'connection setup failed');
      socket.destroy();
      this.sockets.delete(socket);
      return;
    }
    socket.on('data', (chunk: Buffer) => {
      try {
        handler.onData(chunk);
      } catch (err) {
        log.warn({ err }, 'closing connection after bad input');
        socket.destroy();
      }
    });
    socket.on('error', (err) => log.debug({ err }, 'socket error'));
    socket.on('close', () => {
      this.sockets.delete(socket);
      handler.onClose();
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
