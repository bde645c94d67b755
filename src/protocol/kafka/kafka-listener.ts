import type net from 'node:net';
import { ProtocolDecodeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { BufferPool } from '../../model/buffer-pool.js';
import {
  LengthPrefixedFramer,
  OrderedResponder,
  RequestFlowControl,
  TcpListener,
  type ConnectionHandler,
} from '../../net/index.js';
import { Reader } from './codec/reader.js';
import { Writer } from './codec/writer.js';
import { encodeUnsupportedApiVersions } from './handlers/api-versions.js';
import { KafkaDispatcher } from './dispatcher.js';
import type { RequestContext } from './handler.js';
import type { KafkaServices } from './services.js';

const API_VERSIONS_KEY = 18;
const PRODUCE_KEY = 0;
/**
 * Produce requests from 64 KiB up are assembled into recycled buffers: the produce handler returns only
 * once the store has written the batches (it holds them by reference until then), and its response
 * refers to none of the request's bytes.
 */
const POOLED_MIN_BYTES = 64 * 1024;
const POOLED_MAX_BYTES = 16 * 1024 * 1024;
/** Free request buffers a listener keeps for reuse, over all its connections. */
const POOLED_FREE_BYTES = 64 * 1024 * 1024;

/** One client connection: frames in, requests dispatched, responses out in request order. */
class KafkaConnection implements ConnectionHandler {
  private readonly framer: LengthPrefixedFramer;
  private readonly responder: OrderedResponder;
  private readonly pool: BufferPool;
  private readonly flow: RequestFlowControl;
  private closed = false;
  /** Corked until the end of the current tick (write). */
  private corked = false;
  /** Callbacks to run once a response's last chunk is written, keyed by that chunk (afterResponseWritten). */
  private readonly afterWrite = new Map<Buffer, () => void>();

  constructor(
    private readonly socket: net.Socket,
    private readonly log: Logger,
    private readonly services: KafkaServices,
    private readonly dispatcher: KafkaDispatcher,
    pool: BufferPool,
  ) {
    this.pool = pool;
    this.framer = new LengthPrefixedFramer(services.config.maxRequestBytes, (length, apiKey) =>
      apiKey === PRODUCE_KEY ? pool.take(length) : undefined,
    );
    this.responder = new OrderedResponder((chunks) => this.write(chunks));
    // Stops reading while maxInflightRequests are unanswered or responses queue unread in the socket.
    this.flow = new RequestFlowControl(socket, this.framer, (frame, pooled) => this.onFrame(frame, pooled), {
      maxInflightRequests: services.config.maxInflightRequests,
      inFlight: () => this.responder.inFlight,
      onError: (err) => this.fail(err, 'request', 0),
    });
  }

  onData(chunk: Buffer): void {
    this.flow.onData(chunk);
  }

  onClose(): void {
    this.closed = true;
  }

  private onFrame(frame: Buffer, pooled: Buffer | undefined): void {
    if (frame.length < 8)
      throw new ProtocolDecodeError('RequestHeader', 0, `request of ${frame.length} bytes`);
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const correlationId = frame.readInt32BE(4);
    const found = this.dispatcher.lookup(apiKey, apiVersion);
    if (found.kind === 'unknown-api') {
      throw new ProtocolDecodeError('RequestHeader.RequestApiKey', 0, `unknown api key ${apiKey}`);
    }
    if (found.kind === 'unsupported-version') {
      if (apiKey === API_VERSIONS_KEY) {
        // Answered in the v0 format with UNSUPPORTED_VERSION and our ranges, so the client can step down.
        const slot = this.responder.open();
        this.respond(slot, correlationId, false, (w) =>
          encodeUnsupportedApiVersions(w, this.services.handlers),
        );
        return;
      }
      throw new ProtocolDecodeError(
        'RequestHeader.RequestApiVersion',
        2,
        `${found.handler.name} v${apiVersion} not supported (${found.handler.minVersion}-${found.handler.maxVersion})`,
      );
    }
    const handler = found.handler;
    const flexible = apiVersion >= handler.flexibleMinVersion;
    const r = new Reader(frame, 8);
    const clientId = r.readNullableString('RequestHeader.ClientId');
    if (flexible) r.readTaggedFields('RequestHeader');
    let releases: (() => void)[] | undefined;
    const ctx: RequestContext = {
      apiVersion,
      correlationId,
      clientId,
      log: this.log,
      services: this.services,
      afterResponseWritten: (release) => (releases ??= []).push(release),
    };
    const slot = this.responder.open();
    // ApiVersions always answers with response header v0, whatever its version.
    const flexibleResponse = flexible && apiKey !== API_VERSIONS_KEY;
    let pending: Promise<((w: Writer) => void) | null>;
    try {
      pending = handler.process(ctx, r);
    } catch (err) {
      this.responder.fill(slot, null);
      throw err;
    }
    pending.then(
      (encode) => {
        if (encode === null) this.responder.fill(slot, null);
        else this.respond(slot, correlationId, flexibleResponse, encode, releases);
        if (pooled !== undefined) this.pool.give(pooled);
        this.flow.update();
      },
      (err: unknown) => this.fail(err, handler.name, apiVersion),
    );
  }

  private respond(
    slot: number,
    correlationId: number,
    flexible: boolean,
    encode: (w: Writer) => void,
    releases?: (() => void)[],
  ): void {
    const w = new Writer();
    w.writeInt32(correlationId);
    if (flexible) w.writeUnsignedVarint(0);
    try {
      encode(w);
    } catch (err) {
      this.fail(err, 'encode', 0);
      return;
    }
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(w.size, 0);
    const chunks = w.toChunks();
    chunks.unshift(size);
    const last = chunks[chunks.length - 1] as Buffer;
    // A chunk object shared with another response cannot say which write it was: then nothing is released.
    if (releases !== undefined && !this.afterWrite.has(last)) {
      this.afterWrite.set(last, () => {
        for (const release of releases) release();
      });
    }
    this.responder.fill(slot, chunks);
  }

  private fail(err: unknown, api: string, version: number): void {
    if (err instanceof ProtocolDecodeError) {
      this.log.warn({ err, api, version }, 'malformed request; closing connection');
    } else {
      this.log.error({ err, api, version }, 'request failed; closing connection');
    }
    this.socket.destroy();
  }

  /**
   * Responses that complete together (the appends of one commit-log write released at once, pipelined
   * requests of one chunk) leave in one writev: the socket stays corked until the current tick's
   * microtasks have run.
   */
  private write(chunks: Buffer[]): void {
    if (this.closed) return;
    const s = this.socket;
    if (!this.corked) {
      this.corked = true;
      s.cork();
      process.nextTick(() => {
        this.corked = false;
        s.uncork();
        // A slow reader: stop taking requests until its socket drains instead of buffering responses.
        this.flow.update();
      });
    }
    if (this.afterWrite.size === 0) for (const c of chunks) s.write(c);
    else
      for (const c of chunks) {
        const done = this.afterWrite.get(c);
        if (done === undefined) s.write(c);
        else {
          this.afterWrite.delete(c);
          s.write(c, (err) => {
            if (err === null || err === undefined) done();
          });
        }
      }
  }
}

/** The Kafka protocol front end: a TCP listener whose connections speak Kafka. */
export class KafkaListener {
  private readonly tcp: TcpListener;
  private readonly dispatcher: KafkaDispatcher;

  constructor(services: KafkaServices, logger: Logger) {
    this.dispatcher = new KafkaDispatcher(services.handlers);
    const pool = new BufferPool(POOLED_MIN_BYTES, POOLED_MAX_BYTES, POOLED_FREE_BYTES);
    const { config } = services;
    this.tcp = new TcpListener({
      host: config.host,
      port: config.kafkaPort,
      maxConnections: config.maxConnections,
      protocol: 'kafka',
      logger,
      accept: (socket, _id, log) => new KafkaConnection(socket, log, services, this.dispatcher, pool),
    });
  }

  start(): Promise<{ host: string; port: number }> {
    return this.tcp.start();
  }

  stop(): Promise<void> {
    return this.tcp.stop();
  }
}
