import type net from 'node:net';
import { ProtocolDecodeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import {
  LengthPrefixedFramer,
  RequestFlowControl,
  TcpListener,
  type ConnectionHandler,
} from '../../net/index.js';
import {
  CommandFlag,
  MAX_FRAME_BYTES,
  type RemotingCommand,
  decodeRemotingCommand,
  encodeRemotingCommand,
  isOneway,
  isResponse,
  SerializeType,
} from './codec/remoting-command.js';
import type { RocketDispatcher } from './dispatcher.js';
import { HeaderFieldError } from './headers/ext-fields.js';
import type { ConnectionInfo, ProcessorRole, RocketReply } from './processor.js';
import { ServerRequests, type RemotingConnection, type SendRequest } from './remoting-connection.js';
import { ResponseCode } from './response-codes.js';
import type { RocketServices } from './services.js';

/** The version a 4.9.8 server puts in its replies (MQVersion V4_9_8). */
const SERVER_VERSION = 409;
/** Unanswered requests per connection before it stops being read, unless configured (maxInflightRequests). */
const DEFAULT_MAX_INFLIGHT_REQUESTS = 256;

/**
 * One remoting connection: frames in, commands dispatched, replies written as they complete (matched by
 * opaque, so no ordering is kept). A frame that cannot be decoded closes the connection (as RocketMQ does);
 * an unknown code or a bad header field gets an error reply and the connection stays open.
 */
class RocketConnection implements ConnectionHandler, RemotingConnection {
  /** Server-initiated requests (sendRequest) waiting for their response frame. */
  private readonly requests = new ServerRequests();
  private readonly framer = new LengthPrefixedFramer(MAX_FRAME_BYTES);
  private readonly abort = new AbortController();
  private readonly flow: RequestFlowControl;
  /** Requests being processed (long polls included); replies go out as each completes. */
  private inFlight = 0;
  private closed = false;
  /** True while writes are being gathered for one writev (see write). */
  private corked = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly info: ConnectionInfo,
    private readonly log: Logger,
    private readonly services: RocketServices,
    private readonly dispatcher: RocketDispatcher,
    maxInflightRequests: number,
  ) {
    this.flow = new RequestFlowControl(socket, this.framer, (frame) => this.onFrame(frame), {
      maxInflightRequests,
      inFlight: () => this.inFlight,
      onError: (err) => {
        this.log.warn({ err }, 'closing connection after bad input');
        socket.destroy();
      },
    });
    // Lets the broker reach this client later (NOTIFY_CONSUMER_IDS_CHANGED, expiry); removed on close.
    services.clients.connectionOpened(this);
  }

  onData(chunk: Buffer): void {
    this.flow.onData(chunk);
  }

  get id(): string {
    return this.info.id;
  }

  get remoteAddress(): string {
    return this.info.remoteAddress;
  }

  get remotePort(): number {
    return this.info.remotePort;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  readonly sendRequest: SendRequest = this.requests.sender(
    () => this.closed,
    (request) =>
      this.write(
        encodeRemotingCommand({
          ...request,
          language: 'JAVA',
          version: SERVER_VERSION,
          remark: null,
          serializeType: SerializeType.JSON,
        }),
      ),
  );

  close(): void {
    this.socket.destroy();
  }

  onClose(): void {
    this.closed = true;
    this.abort.abort();
    this.requests.closeAll();
    this.services.clients.connectionClosed(this.info.id);
    const gone = this.services.routes.channelClosed(this.info.id);
    if (gone.length > 0) this.log.info({ brokers: gone }, 'brokers unregistered: connection closed');
  }

  private onFrame(frame: Buffer): void {
    const cmd = decodeRemotingCommand(frame);
    // A response answers a server-initiated request (sendRequest); a stray one is dropped.
    if (isResponse(cmd)) {
      if (!this.requests.settle(cmd))
        this.log.debug({ opaque: cmd.opaque }, 'response to no pending request');
      return;
    }
    const processor = this.dispatcher.lookup(cmd.code);
    if (processor === undefined) {
      this.reply(cmd, {
        code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
        remark: ` request type ${cmd.code} not supported`,
      });
      return;
    }
    let result: RocketReply | Promise<RocketReply>;
    try {
      result = processor.process({
        cmd,
        services: this.services,
        connection: this.info,
        log: this.log,
        signal: this.abort.signal,
      });
    } catch (err) {
      this.fail(cmd, processor.name, err);
      return;
    }
    if (result instanceof Promise) {
      this.inFlight++;
      const done = (): void => {
        this.inFlight--;
        this.flow.update();
      };
      result.then(
        (r) => {
          done();
          this.reply(cmd, r);
        },
        (err: unknown) => {
          done();
          this.fail(cmd, processor.name, err);
        },
      );
    } else {
      this.reply(cmd, result);
    }
  }

  private fail(cmd: RemotingCommand, name: string, err: unknown): void {
    if (err instanceof HeaderFieldError || err instanceof ProtocolDecodeError) {
      this.log.debug({ err, code: cmd.code }, 'bad request header');
      this.reply(cmd, { code: ResponseCode.SYSTEM_ERROR, remark: err.message });
      return;
    }
    this.log.error({ err, code: cmd.code, processor: name }, 'request failed');
    this.reply(cmd, {
      code: ResponseCode.SYSTEM_ERROR,
      remark: err instanceof Error ? err.message : String(err),
    });
  }

  private reply(request: RemotingCommand, r: RocketReply): void {
    if (this.closed || isOneway(request)) return;
    const chunks = encodeRemotingCommand({
      code: r.code,
      language: 'JAVA',
      version: SERVER_VERSION,
      opaque: request.opaque,
      flag: CommandFlag.response,
      remark: r.remark ?? null,
      extFields: r.extFields ?? {},
      body: r.body ?? null,
      serializeType: request.serializeType,
    });
    this.write(chunks, r.afterWritten);
    // A peer that does not read its replies: stop taking its requests until the socket drains.
    this.flow.update();
  }

  /**
   * Replies that complete together (a batch of appends resolved at once, pipelined requests of one
   * chunk) leave in one writev: the socket stays corked until the current tick's microtasks have run.
   */
  private write(chunks: readonly Buffer[], afterWritten?: () => void): void {
    const s = this.socket;
    if (!this.corked) {
      this.corked = true;
      s.cork();
      process.nextTick(() => {
        this.corked = false;
        s.uncork();
      });
    }
    const last = chunks.length - 1;
    for (let i = 0; i < last; i++) s.write(chunks[i] as Buffer);
    if (afterWritten === undefined) s.write(chunks[last] as Buffer);
    else
      s.write(chunks[last] as Buffer, (err) => {
        if (err === null || err === undefined) afterWritten();
      });
  }
}

export interface RocketListenerOptions {
  host: string;
  port: number;
  maxConnections: number;
  role: ProcessorRole;
  /** Unanswered requests per connection before it stops being read (default 256). */
  maxInflightRequests?: number;
  /** Distinguishes connection ids of several listeners (e.g. "broker", "vip", "namesrv"). */
  name: string;
}

/** A TCP listener speaking RocketMQ remoting for one role (broker or NameServer). */
export class RocketListener {
  private readonly tcp: TcpListener;

  constructor(
    options: RocketListenerOptions,
    services: RocketServices,
    dispatcher: RocketDispatcher,
    logger: Logger,
  ) {
    this.tcp = new TcpListener({
      host: options.host,
      port: options.port,
      maxConnections: options.maxConnections,
      protocol: `rocketmq-${options.name}`,
      logger,
      accept: (socket, id, log) =>
        new RocketConnection(
          socket,
          {
            id: `${options.name}#${id}`,
            remoteAddress: socket.remoteAddress ?? '',
            remotePort: socket.remotePort ?? 0,
          },
          log,
          services,
          dispatcher,
          options.maxInflightRequests ?? DEFAULT_MAX_INFLIGHT_REQUESTS,
        ),
    });
  }

  start(): Promise<{ host: string; port: number }> {
    return this.tcp.start();
  }

  stop(): Promise<void> {
    return this.tcp.stop();
  }
}
