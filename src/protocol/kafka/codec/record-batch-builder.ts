import { BrokerError } from '../../../errors.js';
import { crc32c } from './crc32c.js';
import { type CompressionCodec, compress } from './compression.js';
import {
  BATCH_HEADER_BYTES,
  BatchAttribute,
  BatchField,
  CRC_START,
  CURRENT_MAGIC,
  LOG_OVERHEAD,
  type RecordHeader,
  type TimestampType,
} from './record-batch-layout.js';

export interface RecordInput {
  key: Buffer | null;
  value: Buffer | null;
  headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch; defaults to the time buildBatch runs. */
  timestamp?: bigint | number;
}

export interface BuildBatchOptions {
  codec: CompressionCodec;
  baseOffset?: bigint | number;
  partitionLeaderEpoch?: number;
  producerId?: bigint | number;
  producerEpoch?: number;
  baseSequence?: number;
  timestampType?: TimestampType;
  isTransactional?: boolean;
  isControl?: boolean;
}

interface EncodedHeader {
  key: Buffer;
  value: Buffer | null;
}

interface PlannedRecord {
  bodyBytes: number;
  timestampDelta: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: EncodedHeader[];
}

/**
 * Encodes one valid magic-2 record batch: offsetDelta = index, baseTimestamp = the first record's
 * timestamp, maxTimestamp = the largest, records compressed as a whole with `opts.codec`.
 */
export function buildBatch(records: readonly RecordInput[], opts: BuildBatchOptions): Buffer {
  if (records.length === 0)
    throw new BrokerError('BRK_ERR_PROTOCOL_ENCODE', 'a record batch needs at least one record');
  const now = BigInt(Date.now());
  const timestamps = records.map((r) => (r.timestamp === undefined ? now : BigInt(r.timestamp)));
  const baseTimestamp = timestamps[0] as bigint;
  let maxTimestamp = baseTimestamp;
  for (const t of timestamps) if (t > maxTimestamp) maxTimestamp = t;

  let bodyLength = 0;
  const planned: PlannedRecord[] = records.map((record, index) => {
    const headers = (record.headers ?? []).map((h) => ({ key: Buffer.from(h.key, 'utf8'), value: h.value }));
    const timestampDelta = (timestamps[index] as bigint) - baseTimestamp;
    let bytes = 1 + varlongSize(timestampDelta) + varintSize(index);
    bytes += nullableBytesSize(record.key) + nullableBytesSize(record.value) + varintSize(headers.length);
    for (const h of headers) bytes += nullableBytesSize(h.key) + nullableBytesSize(h.value);
    bodyLength += varintSize(bytes) + bytes;
    return { bodyBytes: bytes, timestampDelta, key: record.key, value: record.value, headers };
  });

  const body = Buffer.allocUnsafe(bodyLength);
  let pos = 0;
  planned.forEach((record, index) => {
    pos = writeVarint(body, pos, record.bodyBytes);
    body[pos++] = 0; // record attributes: unused
    pos = writeVarlong(body, pos, record.timestampDelta);
    pos = writeVarint(body, pos, index);
    pos = writeNullableBytes(body, pos, record.key);
    pos = writeNullableBytes(body, pos, record.value);
    pos = writeVarint(body, pos, record.headers.length);
    for (const h of record.headers) {
      pos = writeNullableBytes(body, pos, h.key);
      pos = writeNullableBytes(body, pos, h.value);
    }
  });
  if (pos !== bodyLength)
    throw new BrokerError('BRK_ERR_INVARIANT', `record body size ${pos} != planned ${bodyLength}`);

  const payload = compress(opts.codec, body);
  const batch = Buffer.allocUnsafe(BATCH_HEADER_BYTES + payload.length);
  let attributes = opts.codec;
  if (opts.timestampType === 'log-append-time') attributes |= BatchAttribute.logAppendTime;
  if (opts.isTransactional === true) attributes |= BatchAttribute.transactional;
  if (opts.isControl === true) attributes |= BatchAttribute.control;
  batch.writeBigInt64BE(BigInt(opts.baseOffset ?? 0), BatchField.baseOffset);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, BatchField.batchLength);
  batch.writeInt32BE(opts.partitionLeaderEpoch ?? -1, BatchField.partitionLeaderEpoch);
  batch.writeInt8(CURRENT_MAGIC, BatchField.magic);
  batch.writeInt16BE(attributes, BatchField.attributes);
  batch.writeInt32BE(records.length - 1, BatchField.lastOffsetDelta);
  batch.writeBigInt64BE(baseTimestamp, BatchField.baseTimestamp);
  batch.writeBigInt64BE(maxTimestamp, BatchField.maxTimestamp);
  batch.writeBigInt64BE(BigInt(opts.producerId ?? -1), BatchField.producerId);
  batch.writeInt16BE(opts.producerEpoch ?? -1, BatchField.producerEpoch);
  batch.writeInt32BE(opts.baseSequence ?? -1, BatchField.baseSequence);
  batch.writeInt32BE(records.length, BatchField.recordCount);
  payload.copy(batch, BatchField.records);
  batch.writeUInt32BE(crc32c(batch.subarray(CRC_START)), BatchField.crc);
  return batch;
}

function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

function unsignedVarintSize(raw: number): number {
  let size = 1;
  while (raw >= 0x80) {
    raw = Math.floor(raw / 128);
    size++;
  }
  return size;
}

function varintSize(value: number): number {
  return unsignedVarintSize(zigzag32(value));
}

function zigzag64(value: bigint): bigint {
  return BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
}

function varlongSize(value: bigint): number {
  let raw = zigzag64(value);
  let size = 1;
  while (raw >= 0x80n) {
    raw >>= 7n;
    size++;
  }
  return size;
}

function nullableBytesSize(bytes: Buffer | null): number {
  return bytes === null ? 1 : varintSize(bytes.length) + bytes.length;
}

function writeUnsignedVarint(buf: Buffer, pos: number, raw: number): number {
  while (raw >= 0x80) {
    buf[pos++] = (raw & 0x7f) | 0x80;
    raw = Math.floor(raw / 128);
  }
  buf[pos++] = raw;
  return pos;
}

function writeVarint(buf: Buffer, pos: number, value: number): number {
  return writeUnsignedVarint(buf, pos, zigzag32(value));
}

function writeVarlong(buf: Buffer, pos: number, value: bigint): number {
  if (value >= -0x80000000n && value <= 0x7fffffffn) return writeVarint(buf, pos, Number(value));
  let raw = zigzag64(value);
  while (raw >= 0x80n) {
    buf[pos++] = Number(raw & 0x7fn) | 0x80;
    raw >>= 7n;
  }
  buf[pos++] = Number(raw);
  return pos;
}

function writeNullableBytes(buf: Buffer, pos: number, bytes: Buffer | null): number {
  if (bytes === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, bytes.length);
  bytes.copy(buf, pos);
  return pos + bytes.length;
}
