/**
 * A few Kafka requests written by hand on a plain socket, for what no client shows: the codec of
 * each stored record batch (Fetch v4), and malformed-input tests. Independent of src/.
 */
import { connect, type Socket } from 'node:net';

/** A plain TCP connection with a byte buffer of everything received. */
export class RawConnection {
  private received = Buffer.alloc(0);
  private closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Waits for one whole length-prefixed response frame; null if the connection closed first. */
  async readFrame(timeoutMs = 10_000): Promise<Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.received.length >= 4) {
        const size = this.received.readInt32BE(0);
        if (this.received.length >= 4 + size) {
          const frame = this.received.subarray(4, 4 + size);
          this.received = this.received.subarray(4 + size);
          return Buffer.from(frame);
        }
      }
      if (this.closed) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response frame within ${timeoutMs} ms`);
      await this.waitForActivity(left);
    }
  }

  /** Resolves true when the peer closes the connection within the time, false otherwise. */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.waitForActivity(left);
    }
    return true;
  }

  /** Bytes received and not yet consumed by readFrame. */
  get pendingBytes(): number {
    return this.received.length;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private waitForActivity(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Request header v1 (api_key, api_version, correlation_id, client_id) + body, with the size prefix. */
export function encodeRequest(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  body: Buffer,
  clientId = 'compat-raw',
): Buffer {
  const id = Buffer.from(clientId, 'utf8');
  const header = Buffer.alloc(10);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(id.length, 8);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + id.length + body.length, 0);
  return Buffer.concat([size, header, id, body]);
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeInt16BE(b.length, 0);
  return Buffer.concat([len, b]);
}

/** A cursor over a response body (classic, non-flexible encodings). */
export class ByteReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  int8(): number {
    const v = this.buf.readInt8(this.pos);
    this.pos += 1;
    return v;
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  string(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
  bytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }
}

export interface ApiVersionsV0 {
  correlationId: number;
  errorCode: number;
  apis: { apiKey: number; minVersion: number; maxVersion: number }[];
}

/** Decodes an ApiVersions response frame in the v0 body layout (what brokers answer for v0 and for unsupported versions). */
export function decodeApiVersionsV0(frame: Buffer): ApiVersionsV0 {
  const r = new ByteReader(frame);
  const correlationId = r.int32();
  const errorCode = r.int16();
  const n = r.int32();
  const apis: ApiVersionsV0['apis'] = [];
  for (let i = 0; i < n; i++) apis.push({ apiKey: r.int16(), minVersion: r.int16(), maxVersion: r.int16() });
  return { correlationId, errorCode, apis };
}

export interface StoredBatch {
  baseOffset: bigint;
  lastOffsetDelta: number;
  codecId: number;
  recordCount: number;
}

export interface PartitionBatches {
  errorCode: number;
  highWatermark: bigint;
  batches: StoredBatch[];
}

/** A big-endian int32 (a length prefix, a field). */
export function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v, 0);
  return b;
}

export interface FetchV4Limits {
  maxWaitMs: number;
  maxBytes: number;
  partitionMaxBytes: number;
}

/** A Fetch v4 request (length prefix included) of one partition from `offset`, read uncommitted. */
export function encodeFetchV4(
  topic: string,
  partition: number,
  offset: bigint,
  correlationId: number,
  limits: FetchV4Limits,
): Buffer {
  const body = Buffer.alloc(17);
  body.writeInt32BE(-1, 0); // replica_id
  body.writeInt32BE(limits.maxWaitMs, 4);
  body.writeInt32BE(1, 8); // min_bytes
  body.writeInt32BE(limits.maxBytes, 12);
  body.writeInt8(0, 16); // isolation_level
  const partitions = Buffer.alloc(4 + 4 + 8 + 4);
  partitions.writeInt32BE(1, 0);
  partitions.writeInt32BE(partition, 4);
  partitions.writeBigInt64BE(offset, 8);
  partitions.writeInt32BE(limits.partitionMaxBytes, 16);
  return encodeRequest(1, 4, correlationId, Buffer.concat([body, int32(1), str(topic), partitions]));
}

/** One Fetch v4 of one partition; the record batches are walked without decompressing them. */
export async function rawFetchV4(
  conn: RawConnection,
  topic: string,
  partition: number,
  offset: bigint,
  correlationId = 1,
): Promise<PartitionBatches> {
  conn.write(
    encodeFetchV4(topic, partition, offset, correlationId, {
      maxWaitMs: 200,
      maxBytes: 8 * 1024 * 1024,
      partitionMaxBytes: 4 * 1024 * 1024,
    }),
  );
  const frame = await conn.readFrame();
  if (frame === null) throw new Error('connection closed before the Fetch response');
  const r = new ByteReader(frame);
  if (r.int32() !== correlationId) throw new Error('Fetch response with a wrong correlation id');
  r.int32(); // throttle_time_ms
  const nTopics = r.int32();
  for (let t = 0; t < nTopics; t++) {
    r.string();
    const nParts = r.int32();
    for (let p = 0; p < nParts; p++) {
      const index = r.int32();
      const errorCode = r.int16();
      const highWatermark = r.int64();
      r.int64(); // last_stable_offset
      const nAborted = r.int32();
      for (let a = 0; a < nAborted; a++) r.pos += 16;
      const records = r.bytes() ?? Buffer.alloc(0);
      if (index === partition) return { errorCode, highWatermark, batches: walkBatches(records) };
    }
  }
  throw new Error(`Fetch response has no ${topic}/${partition}`);
}

/** Record batch v2 header: baseOffset(8) batchLength(4) epoch(4) magic(1) crc(4) attributes(2) lastOffsetDelta(4) ... count at 57. */
function walkBatches(records: Buffer): StoredBatch[] {
  const batches: StoredBatch[] = [];
  let pos = 0;
  while (pos + 61 <= records.length) {
    const baseOffset = records.readBigInt64BE(pos);
    const batchLength = records.readInt32BE(pos + 8);
    if (pos + 12 + batchLength > records.length) break; // a partial batch at the end of the response
    const attributes = records.readInt16BE(pos + 21);
    batches.push({
      baseOffset,
      lastOffsetDelta: records.readInt32BE(pos + 23),
      codecId: attributes & 0x07,
      recordCount: records.readInt32BE(pos + 57),
    });
    pos += 12 + batchLength;
  }
  return batches;
}

/** The codec ids of every batch of a partition, from offset 0 to the high watermark. */
export async function storedBatchCodecs(
  host: string,
  port: number,
  topic: string,
  partition: number,
): Promise<StoredBatch[]> {
  const conn = await RawConnection.open(host, port);
  try {
    const all: StoredBatch[] = [];
    let next = 0n;
    for (let round = 1; round < 10_000; round++) {
      const res = await rawFetchV4(conn, topic, partition, next, round);
      if (res.errorCode !== 0)
        throw new Error(`Fetch ${topic}/${partition} at ${next}: error code ${res.errorCode}`);
      for (const b of res.batches) {
        const last = b.baseOffset + BigInt(b.lastOffsetDelta);
        if (last < next) continue;
        all.push(b);
        next = last + 1n;
      }
      if (next >= res.highWatermark || res.batches.length === 0) break;
    }
    return all;
  } finally {
    conn.close();
  }
}
