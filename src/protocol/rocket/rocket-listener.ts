import type net from 'node:net';
import { ProtocolDecodeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { LengthPrefixedFramer, TcpListener, type ConnectionHandler } from '../../net/index.js';
import {
  CommandFlag,
  MAX_FRAME_BYTES,
  type RemotingCommand,
  decodeRemotingCommand,
  encodeRemotingCommand,
  isOneway,
  isResponse,
} from './codec/remoting-command.js';
import type { RocketDispatcher } from './dispatcher.js';
import { HeaderFieldError } from './headers/ext-fields.js';
import type { ConnectionInfo, ProcessorRole, RocketReply } from './processor.js';
import { ResponseCode } from './response-codes.js';
import type { RocketServices } from './services.js';

/** The version a 4.9.8 server puts in its replies (MQVersion V4_9_8). */
const SERVER_VERSION = 409;

/**
 * One remoting connection: frames in, commands dispatched, replies written as they complete (matched by
 * opaque, so no ordering is kept). A frame that cannot be decoded closes the connection (as RocketMQ does);
 * an unknown code or a bad header field gets an error reply and the connection stays open.
 */
class RocketConnection implements ConnectionHandler {
  private readonly framer = new LengthPrefixedFramer(MAX_FRAME_BYTES);
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly info: ConnectionInfo,
    private readonly log: Logger,
    private readonly services: RocketServices,
    private readonly dispatcher: RocketDispatcher,
  ) {}

  onData(chunk: Buffer): void {
    this.framer.push(chunk, (frame) => this.onFrame(frame));
  }

  onClose(): void {
    this.closed = true;
    this.abort.abort();
    this.services.clients.connectionClosed(this.info.id);
    const gone = this.services.routes.channelClosed(this.info.id);
    if (gone.length > 0) this.log.info({ brokers: gone }, 'brokers unregistered: connection closed');
  }

  private onFrame(frame: Buffer): void {
    const cmd = decodeRemotingCommand(frame);
    // ferrymq sends no requests to clients, so a response from a peer answers nothing.
    if (isResponse(cmd)) return;
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
      result.then(
        (r) => this.reply(cmd, r),
        (err: unknown) => this.fail(cmd, processor.name, err),
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
    const s = this.socket;
    s.cork();
    for (const c of chunks) s.write(c);
    s.uncork();
  }
}

export interface RocketListenerOptions {
  host: string;
  port: number;
  maxConnections: number;
  role: ProcessorRole;
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
