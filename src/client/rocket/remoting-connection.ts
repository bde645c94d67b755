import { connect, type Socket } from 'node:net';
import {
  CommandFlag,
  MAX_FRAME_BYTES,
  SerializeType,
  decodeRemotingCommand,
  encodeRemotingCommand,
  isOneway,
  isResponse,
  type RemotingCommand,
} from '../../protocol/rocket/codec/remoting-command.js';
import { RocketClientError } from './client-error.js';
import { silentLogger, type ClientLogger } from './client-logger.js';
import { CLIENT_VERSION, ResponseCode } from './codes.js';

/** What a request carries; the connection fills in language, version, opaque and flag. */
export interface RequestSpec {
  code: number;
  extFields?: Record<string, string>;
  body?: Buffer | null;
}

/** A reply to a server-initiated request (ignored when the request was oneway). */
export interface ReplySpec {
  code: number;
  remark?: string;
  extFields?: Record<string, string>;
  body?: Buffer | null;
}

/**
 * Handles a request the peer sends us (a broker sends CHECK_TRANSACTION_STATE 39 and
 * NOTIFY_CONSUMER_IDS_CHANGED 40). Return a reply, or nothing (then a non-oneway request is answered
 * SUCCESS).
 */
export type ServerRequestHandler = (
  cmd: RemotingCommand,
  connection: RemotingConnection,
) => ReplySpec | void | Promise<ReplySpec | void>;

export interface ConnectionOptions {
  /** ms to wait for the TCP connection; default 3000. */
  connectTimeoutMs?: number;
  logger?: ClientLogger;
  /** Looked up per incoming request code. */
  handlerFor?: (code: number) => ServerRequestHandler | undefined;
}

interface Pending {
  resolve(cmd: RemotingCommand): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

let nextOpaque = 1;
/** Opaque numbers are unique per process (as in Java), wrapping within int32. */
function takeOpaque(): number {
  const o = nextOpaque;
  nextOpaque = nextOpaque >= 0x7fffffff ? 1 : nextOpaque + 1;
  return o;
}

/**
 * One TCP connection speaking RocketMQ remoting (JSON headers): requests matched to responses by
 * opaque, per-request timeouts, oneway requests, and requests initiated by the peer dispatched to
 * handlers. A closed connection fails every pending request; it does not reconnect itself
 * (`ConnectionPool` opens a fresh one on the next use).
 */
export class RemotingConnection {
  private readonly pending = new Map<number, Pending>();
  private readonly log: ClientLogger;
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private closedWith: Error | null = null;
  private readonly closeListeners: ((err: Error) => void)[] = [];

  private constructor(
    readonly address: string,
    private readonly socket: Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.log = (options.logger ?? silentLogger).child({ conn: address });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Opens a connection to `host:port`. */
  static open(address: string, options: ConnectionOptions = {}): Promise<RemotingConnection> {
    const [host, port] = splitAddress(address);
    const timeoutMs = options.connectTimeoutMs ?? 3000;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RocketClientError('RMQ_CLIENT_CONNECTION', `connect to ${address} timed out`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(
          new RocketClientError('RMQ_CLIENT_CONNECTION', `connect to ${address}: ${err.message}`, {
            cause: err,
          }),
        );
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RemotingConnection(address, socket, options));
      });
    });
  }

  get closed(): boolean {
    return this.closedWith !== null;
  }

  onClose(listener: (err: Error) => void): void {
    if (this.closedWith !== null) listener(this.closedWith);
    else this.closeListeners.push(listener);
  }

  /** Sends a request and resolves with the response, whatever its code. */
  invoke(spec: RequestSpec, timeoutMs: number): Promise<RemotingCommand> {
    if (this.closedWith !== null)
      return Promise.reject(
        new RocketClientError('RMQ_CLIENT_CONNECTION', `${this.address}: ${this.closedWith.message}`),
      );
    const opaque = takeOpaque();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(opaque);
        reject(
          new RocketClientError(
            'RMQ_CLIENT_TIMEOUT',
            `request code ${spec.code} to ${this.address} got no response in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending.set(opaque, { resolve, reject, timer });
      this.write(spec, opaque, 0);
    });
  }

  /** Sends a request and throws RMQ_CLIENT_RESPONSE unless the answer is SUCCESS (or one of `accept`). */
  async invokeOk(
    spec: RequestSpec,
    timeoutMs: number,
    accept: readonly number[] = [],
  ): Promise<RemotingCommand> {
    const res = await this.invoke(spec, timeoutMs);
    if (res.code !== ResponseCode.SUCCESS && !accept.includes(res.code))
      throw responseError(spec.code, this.address, res);
    return res;
  }

  /** Sends a request flagged oneway: the peer sends no response. */
  invokeOneway(spec: RequestSpec): void {
    if (this.closedWith !== null)
      throw new RocketClientError('RMQ_CLIENT_CONNECTION', `${this.address}: ${this.closedWith.message}`);
    this.write(spec, takeOpaque(), CommandFlag.oneway);
  }

  /** Fails pending requests and closes after flushing what was written (oneway commits included). */
  close(): void {
    this.fail(new Error('connection closed by the client'), true);
  }

  private write(
    spec: RequestSpec | ReplySpec,
    opaque: number,
    flag: number,
    remark: string | null = null,
  ): void {
    const chunks = encodeRemotingCommand({
      code: spec.code,
      language: 'OTHER',
      version: CLIENT_VERSION,
      opaque,
      flag,
      remark,
      extFields: spec.extFields ?? {},
      body: spec.body ?? null,
      serializeType: SerializeType.JSON,
    });
    this.socket.write(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  }

  private onData(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    while (this.bufferedBytes >= 4) {
      const head = this.buffered.length === 1 ? (this.buffered[0] as Buffer) : Buffer.concat(this.buffered);
      this.buffered = [head];
      const length = head.readInt32BE(0);
      if (length < 4 || length > MAX_FRAME_BYTES) {
        this.protocolFailure(new Error(`frame length ${length} outside 4..${MAX_FRAME_BYTES}`));
        return;
      }
      if (head.length < 4 + length) return;
      const frame = head.subarray(4, 4 + length);
      const rest = head.subarray(4 + length);
      this.buffered = rest.length > 0 ? [rest] : [];
      this.bufferedBytes = rest.length;
      let cmd: RemotingCommand;
      try {
        cmd = decodeRemotingCommand(frame);
      } catch (err) {
        this.protocolFailure(err as Error);
        return;
      }
      this.dispatch(cmd);
    }
  }

  private protocolFailure(err: Error): void {
    this.log.warn({ err }, 'undecodable frame, closing the connection');
    this.socket.destroy();
    this.fail(new RocketClientError('RMQ_CLIENT_DECODE', `${this.address}: ${err.message}`, { cause: err }));
  }

  private dispatch(cmd: RemotingCommand): void {
    if (isResponse(cmd)) {
      const p = this.pending.get(cmd.opaque);
      if (p === undefined) {
        this.log.debug({ opaque: cmd.opaque }, 'response for an unknown or timed-out request');
        return;
      }
      this.pending.delete(cmd.opaque);
      clearTimeout(p.timer);
      p.resolve(cmd);
      return;
    }
    const handler = this.options.handlerFor?.(cmd.code);
    const oneway = isOneway(cmd);
    if (handler === undefined) {
      this.log.debug({ code: cmd.code }, 'request from the peer with no handler');
      if (!oneway)
        this.reply(cmd.opaque, {
          code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
          remark: `request type ${cmd.code} not supported`,
        });
      return;
    }
    Promise.resolve()
      .then(() => handler(cmd, this))
      .then(
        (reply) => {
          if (!oneway) this.reply(cmd.opaque, reply ?? { code: ResponseCode.SUCCESS });
        },
        (err: unknown) => {
          this.log.warn({ err, code: cmd.code }, 'handler for a peer request failed');
          if (!oneway) this.reply(cmd.opaque, { code: ResponseCode.SYSTEM_ERROR, remark: String(err) });
        },
      );
  }

  private reply(opaque: number, spec: ReplySpec): void {
    if (this.closedWith !== null) return;
    this.write(spec, opaque, CommandFlag.response, spec.remark ?? null);
  }

  private fail(err: Error, graceful = false): void {
    if (this.closedWith !== null) return;
    this.closedWith = err;
    if (graceful) {
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 1000).unref();
    } else this.socket.destroy();
    for (const [opaque, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(
        new RocketClientError('RMQ_CLIENT_CONNECTION', `${this.address}: ${err.message}`, { cause: err }),
      );
      this.pending.delete(opaque);
    }
    for (const l of this.closeListeners.splice(0)) l(err);
  }
}

/** The error for a non-SUCCESS response. */
export function responseError(requestCode: number, address: string, res: RemotingCommand): RocketClientError {
  return new RocketClientError(
    'RMQ_CLIENT_RESPONSE',
    `request code ${requestCode} to ${address} answered ${res.code}${res.remark ? `: ${res.remark}` : ''}`,
    { responseCode: res.code, ...(res.remark === null ? {} : { remark: res.remark }) },
  );
}

/** `host:port` (IPv6 as `[::1]:port`) → [host, port]. */
export function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  const port = Number(address.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535)
    throw new RocketClientError('RMQ_CLIENT_STATE', `not a host:port address: ${JSON.stringify(address)}`);
  return [address.slice(0, at).replace(/^\[|\]$/g, ''), port];
}
