import { CommandFlag, type RemotingCommand } from './codec/remoting-command.js';
import type { ConnectionInfo } from './processor.js';

/**
 * Server-initiated requests (RocketMQ's broker -> client calls: NOTIFY_CONSUMER_IDS_CHANGED,
 * CHECK_TRANSACTION_STATE, ...). The broker numbers its own requests with negative opaques, counting
 * down from -1, so they never equal the opaques clients give their requests (which count up from 0 or
 * 1 and are echoed in the broker's replies). A reply to a non-oneway request is a response frame
 * carrying the request's opaque.
 */

/** How a non-oneway server-initiated request ended. Expected outcomes, so values, not exceptions. */
export type ServerRequestOutcome =
  | { status: 'ok'; response: RemotingCommand }
  /** No response frame with the request's opaque within the timeout. */
  | { status: 'timeout' }
  /** The connection was closed before the request was written or before its response came. */
  | { status: 'closed' }
  /** The connection already had MAX_PENDING_SERVER_REQUESTS requests waiting for a response. */
  | { status: 'too-many-pending' };

export interface SendRequestOptions {
  /** Sets the oneway flag bit: the client sends no response. */
  oneway?: boolean;
  /** How long to wait for the response (non-oneway only); DEFAULT_SERVER_REQUEST_TIMEOUT_MS when absent. */
  timeoutMs?: number;
}

/**
 * Writes a request frame (JSON header, language JAVA) with a fresh server opaque. Oneway: returns
 * whether the frame was written (false once the connection is closed). Otherwise resolves when the
 * response arrives, the timeout passes or the connection closes.
 */
export interface SendRequest {
  (
    code: number,
    extFields: Record<string, string>,
    body: Buffer | null,
    options: SendRequestOptions & { oneway: true },
  ): boolean;
  (
    code: number,
    extFields: Record<string, string>,
    body: Buffer | null,
    options?: SendRequestOptions & { oneway?: false },
  ): Promise<ServerRequestOutcome>;
}

/** One live remoting connection the broker can push requests to. */
export interface RemotingConnection extends ConnectionInfo {
  readonly isClosed: boolean;
  readonly sendRequest: SendRequest;
  /** Closes the connection (e.g. its client expired). */
  close(): void;
}

/** The fields of a server-initiated request that the connection turns into a frame. */
export type ServerRequestFrame = Pick<RemotingCommand, 'code' | 'opaque' | 'flag' | 'extFields' | 'body'>;

export const DEFAULT_SERVER_REQUEST_TIMEOUT_MS = 3000;
/** Bound on non-oneway server requests awaiting a response, per connection. */
export const MAX_PENDING_SERVER_REQUESTS = 1024;

const MIN_INT32 = -0x80000000;

interface Pending {
  resolve(outcome: ServerRequestOutcome): void;
  timer: NodeJS.Timeout;
}

/** The opaques and pending responses of one connection's server-initiated requests. */
export class ServerRequests {
  private next = -1;
  private readonly pending = new Map<number, Pending>();

  /** The next server opaque: -1, -2, ... down to -2^31, then -1 again (skipping any still pending). */
  nextOpaque(): number {
    for (;;) {
      const opaque = this.next;
      this.next = opaque <= MIN_INT32 ? -1 : opaque - 1;
      if (!this.pending.has(opaque)) return opaque;
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Waits for the response to `opaque`; undefined when too many requests are pending already. */
  expect(opaque: number, timeoutMs: number): Promise<ServerRequestOutcome> | undefined {
    if (this.pending.size >= MAX_PENDING_SERVER_REQUESTS) return undefined;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(opaque);
        resolve({ status: 'timeout' });
      }, timeoutMs);
      timer.unref();
      this.pending.set(opaque, { resolve, timer });
    });
  }

  /** Hands a response frame to the request waiting for its opaque; false when none waits (late or stray). */
  settle(response: RemotingCommand): boolean {
    const p = this.pending.get(response.opaque);
    if (p === undefined) return false;
    this.pending.delete(response.opaque);
    clearTimeout(p.timer);
    p.resolve({ status: 'ok', response });
    return true;
  }

  /**
   * A connection's sendRequest: numbers each request, waits for its response unless oneway, and hands
   * the request to `write`; `isClosed` says whether the connection has closed.
   */
  sender(isClosed: () => boolean, write: (request: ServerRequestFrame) => void): SendRequest {
    const send = (
      code: number,
      extFields: Record<string, string>,
      body: Buffer | null,
      options: SendRequestOptions = {},
    ): boolean | Promise<ServerRequestOutcome> => {
      const oneway = options.oneway === true;
      if (isClosed()) return oneway ? false : Promise.resolve({ status: 'closed' });
      const opaque = this.nextOpaque();
      let outcome: Promise<ServerRequestOutcome> | undefined;
      if (!oneway) {
        outcome = this.expect(opaque, options.timeoutMs ?? DEFAULT_SERVER_REQUEST_TIMEOUT_MS);
        if (outcome === undefined) return Promise.resolve({ status: 'too-many-pending' });
      }
      write({ code, opaque, flag: oneway ? CommandFlag.oneway : 0, extFields, body });
      return outcome ?? true;
    };
    // The overloads only narrow the return type by `oneway`, which send's body follows.
    return send as SendRequest;
  }

  /** The connection closed: every waiting request ends with `closed`. */
  closeAll(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ status: 'closed' });
    }
    this.pending.clear();
  }
}

/** Open remoting connections by id, so that the broker can reach a client it knows by connection id. */
export class ConnectionTable {
  private readonly byId = new Map<string, RemotingConnection>();

  add(connection: RemotingConnection): void {
    this.byId.set(connection.id, connection);
  }

  remove(id: string): void {
    this.byId.delete(id);
  }

  get(id: string): RemotingConnection | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }
}
