import type { RemotingCommand } from '../../protocol/rocket/codec/remoting-command.js';
import type { ClientLogger } from './client-logger.js';
import {
  RemotingConnection,
  type ReplySpec,
  type RequestSpec,
  type ServerRequestHandler,
} from './remoting-connection.js';

/**
 * One connection per address, opened on first use and opened again after it closes (the reconnect:
 * a request after a broker restart gets a fresh connection). Server-initiated requests on any of them
 * go to the handlers registered here.
 */
export class ConnectionPool {
  private readonly connections = new Map<string, Promise<RemotingConnection>>();
  private readonly handlers = new Map<number, ServerRequestHandler>();
  private shut = false;

  /** `onReopen(address)` runs when a connection to an address that had one before is opened again. */
  constructor(
    private readonly logger: ClientLogger,
    private readonly connectTimeoutMs = 3000,
    private readonly onReopen?: (address: string) => void,
  ) {}

  private readonly seen = new Set<string>();

  /** Registers the handler for requests with this code the peers send (39, 40, …). */
  registerHandler(code: number, handler: ServerRequestHandler): void {
    this.handlers.set(code, handler);
  }

  get(address: string): Promise<RemotingConnection> {
    const existing = this.connections.get(address);
    if (existing !== undefined) return existing;
    const opening = RemotingConnection.open(address, {
      connectTimeoutMs: this.connectTimeoutMs,
      logger: this.logger,
      handlerFor: (code) => this.handlers.get(code),
    }).then(
      (conn) => {
        conn.onClose(() => {
          if (this.connections.get(address) === opening) this.connections.delete(address);
        });
        if (this.shut) conn.close();
        else if (this.seen.has(address)) queueMicrotask(() => this.onReopen?.(address));
        this.seen.add(address);
        return conn;
      },
      (err: unknown) => {
        this.connections.delete(address);
        throw err;
      },
    );
    this.connections.set(address, opening);
    return opening;
  }

  async invoke(address: string, spec: RequestSpec, timeoutMs: number): Promise<RemotingCommand> {
    return (await this.get(address)).invoke(spec, timeoutMs);
  }

  async invokeOk(
    address: string,
    spec: RequestSpec,
    timeoutMs: number,
    accept: readonly number[] = [],
  ): Promise<RemotingCommand> {
    return (await this.get(address)).invokeOk(spec, timeoutMs, accept);
  }

  async invokeOneway(address: string, spec: RequestSpec): Promise<void> {
    (await this.get(address)).invokeOneway(spec);
  }

  /** The addresses with an open (or opening) connection. */
  addresses(): string[] {
    return [...this.connections.keys()];
  }

  async close(): Promise<void> {
    this.shut = true;
    const all = [...this.connections.values()];
    this.connections.clear();
    for (const p of all) {
      try {
        (await p).close();
      } catch {
        // never opened
      }
    }
  }
}

export type { ReplySpec, RequestSpec, ServerRequestHandler };
