/** The sink's TCP side: the same framing, ordering and back-pressure as the broker's Kafka listener. */
import type net from 'node:net';
import { ProtocolDecodeError } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import {
  LengthPrefixedFramer,
  OrderedResponder,
  TcpListener,
  type ConnectionHandler,
} from '../src/net/index.js';
import { Reader } from '../src/protocol/kafka/codec/reader.js';
import { Writer } from '../src/protocol/kafka/codec/writer.js';
import { ErrorCode } from '../src/protocol/kafka/error-codes.js';
import {
  ApiVersionsApi,
  FetchApi,
  ListOffsetsApi,
  MetadataApi,
  ProduceApi,
  decodeApiVersionsRequest,
  decodeFetchRequest,
  decodeListOffsetsRequest,
  decodeMetadataRequest,
  decodeProduceRequest,
  encodeApiVersionsResponse,
  encodeFetchResponse,
  encodeListOffsetsResponse,
  encodeMetadataResponse,
  encodeProduceResponse,
} from '../src/protocol/kafka/messages/index.js';
import { SINK_API_RANGES, SinkState, type SinkOptions } from './sink-responses.js';

/** Same limits as the broker's Kafka listener. */
const MAX_REQUEST_BYTES = 100 * 1024 * 1024;
const MAX_IN_FLIGHT = 256;

type BodyEncoder = (w: Writer) => void;

/** Decodes one request body and returns its response encoder, or null when no response is due. */
function answer(
  state: SinkState,
  apiKey: number,
  version: number,
  r: Reader,
): BodyEncoder | null | Promise<BodyEncoder> {
  switch (apiKey) {
    case ProduceApi.apiKey: {
      const response = state.produce(decodeProduceRequest(r, version));
      return response === null ? null : (w) => encodeProduceResponse(w, version, response);
    }
    case FetchApi.apiKey:
      return state
        .fetch(decodeFetchRequest(r, version), version)
        .then((response) => (w: Writer) => encodeFetchResponse(w, version, response));
    case ListOffsetsApi.apiKey: {
      const response = state.listOffsets(decodeListOffsetsRequest(r, version), version);
      return (w) => encodeListOffsetsResponse(w, version, response);
    }
    case MetadataApi.apiKey: {
      const response = state.metadata(decodeMetadataRequest(r, version));
      return (w) => encodeMetadataResponse(w, version, response);
    }
    case ApiVersionsApi.apiKey: {
      decodeApiVersionsRequest(r, version);
      const response = state.apiVersions(ErrorCode.NONE);
      return (w) => encodeApiVersionsResponse(w, version, response);
    }
    default:
      throw new ProtocolDecodeError('RequestHeader.RequestApiKey', 0, `unknown api key ${apiKey}`);
  }
}

const HEADER_RULES = new Map<
  number,
  { requestHeaderV2MinVersion: number; responseHeaderV1MinVersion: number }
>([ProduceApi, FetchApi, ListOffsetsApi, MetadataApi, ApiVersionsApi].map((api) => [api.apiKey, api]));

/** One client connection, handled like the broker's KafkaConnection: framer, in-order responder, back-pressure. */
class SinkConnection implements ConnectionHandler {
  private readonly framer = new LengthPrefixedFramer(MAX_REQUEST_BYTES);
  private readonly responder: OrderedResponder;
  private closed = false;
  private paused = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly log: Logger,
    private readonly state: SinkState,
  ) {
    this.responder = new OrderedResponder((chunks) => this.write(chunks));
    socket.on('drain', () => this.maybeResume());
  }

  onData(chunk: Buffer): void {
    this.framer.push(chunk, (frame) => this.onFrame(frame));
  }

  onClose(): void {
    this.closed = true;
  }

  private onFrame(frame: Buffer): void {
    if (frame.length < 8)
      throw new ProtocolDecodeError('RequestHeader', 0, `request of ${frame.length} bytes`);
    const apiKey = frame.readInt16BE(0);
    const version = frame.readInt16BE(2);
    const correlationId = frame.readInt32BE(4);
    const range = SINK_API_RANGES.get(apiKey);
    const rules = HEADER_RULES.get(apiKey);
    if (range === undefined || rules === undefined) {
      throw new ProtocolDecodeError('RequestHeader.RequestApiKey', 0, `unknown api key ${apiKey}`);
    }
    if (version < range.min || version > range.max) {
      if (apiKey !== ApiVersionsApi.apiKey) {
        throw new ProtocolDecodeError(
          'RequestHeader.RequestApiVersion',
          2,
          `${range.name} v${version} not supported`,
        );
      }
      // The v0 format with UNSUPPORTED_VERSION and the supported ranges, so the client can step down.
      const slot = this.responder.open();
      const response = this.state.apiVersions(ErrorCode.UNSUPPORTED_VERSION);
      this.respond(slot, correlationId, false, (w) => encodeApiVersionsResponse(w, 0, response));
      return;
    }
    const r = new Reader(frame, 8);
    r.readNullableString('RequestHeader.ClientId');
    if (version >= rules.requestHeaderV2MinVersion) r.readTaggedFields('RequestHeader');
    const flexibleResponse = version >= rules.responseHeaderV1MinVersion;
    const slot = this.responder.open();
    let result: ReturnType<typeof answer>;
    try {
      result = answer(this.state, apiKey, version, r);
    } catch (err) {
      this.responder.fill(slot, null);
      throw err;
    }
    if (result === null) this.responder.fill(slot, null);
    else if (typeof result === 'function') this.respond(slot, correlationId, flexibleResponse, result);
    else {
      result.then(
        (encode) => this.respond(slot, correlationId, flexibleResponse, encode),
        (err: unknown) => this.fail(err),
      );
    }
    if (this.responder.inFlight >= MAX_IN_FLIGHT && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private respond(slot: number, correlationId: number, flexible: boolean, encode: BodyEncoder): void {
    const w = new Writer();
    w.writeInt32(correlationId);
    if (flexible) w.writeUnsignedVarint(0);
    encode(w);
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(w.size, 0);
    const chunks = w.toChunks();
    chunks.unshift(size);
    this.responder.fill(slot, chunks);
  }

  private fail(err: unknown): void {
    this.log.warn({ err }, 'request failed; closing connection');
    this.socket.destroy();
  }

  private write(chunks: Buffer[]): void {
    if (this.closed) return;
    const s = this.socket;
    s.cork();
    for (const c of chunks) s.write(c);
    s.uncork();
    this.maybeResume();
  }

  private maybeResume(): void {
    if (this.paused && this.responder.inFlight < MAX_IN_FLIGHT / 2 && !this.socket.writableNeedDrain) {
      this.paused = false;
      this.socket.resume();
    }
  }
}

/** Starts a sink; resolves with its address and a stop function. */
export async function startKafkaSink(
  options: SinkOptions,
  logger: Logger,
): Promise<{ host: string; port: number; stop: () => Promise<void> }> {
  const self = { host: options.host, port: options.port };
  const state = new SinkState(options, self);
  const tcp = new TcpListener({
    host: options.host,
    port: options.port,
    maxConnections: 1000,
    protocol: 'kafka-sink',
    logger,
    accept: (socket, _id, log) => new SinkConnection(socket, log, state),
  });
  const address = await tcp.start();
  // Metadata advertises the bound address (the port is OS-picked with --port 0).
  self.host = address.host;
  self.port = address.port;
  return { ...address, stop: () => tcp.stop() };
}
