import { ProtocolDecodeError } from '../errors.js';
import { RecordCursor } from './record-cursor.js';

/**
 * A protocol-neutral reader for stored Kafka record batches (magic 2), for readers that are not the
 * Kafka front end (RocketMQ pulls serve Kafka-produced records one per queue offset). It trusts the
 * batch CRC that the store and the Kafka produce path already checked, and bounds every length by the
 * bytes present. Decompression is supplied by the caller (the codecs live with the Kafka codec).
 */
export type BatchDecompressor = (codec: number, data: Buffer, maxBytes: number) => Buffer;

export interface BatchRecordHeader {
  key: string;
  value: Buffer | null;
}

export interface BatchRecord {
  offset: number;
  timestampMs: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: BatchRecordHeader[];
}

export interface DecodedBatch {
  baseOffset: number;
  /** lastOffsetDelta + 1: the queue offsets the batch covers. */
  offsetCount: number;
  /** Control batches (transaction markers) carry no user records. */
  isControl: boolean;
  records: BatchRecord[];
}

const HEADER_BYTES = 61;
const ATTR_CODEC_MASK = 0x07;
const ATTR_LOG_APPEND_TIME = 0x08;
const ATTR_CONTROL = 0x20;

/** Decodes one stored batch. Throws ProtocolDecodeError on malformed bytes. */
export function decodeRecordBatch(
  batch: Buffer,
  decompress: BatchDecompressor,
  maxDecompressedBytes: number,
): DecodedBatch {
  if (batch.length < HEADER_BYTES)
    throw new ProtocolDecodeError('recordBatch', 0, `needs ${HEADER_BYTES} bytes, got ${batch.length}`);
  const magic = batch.readInt8(16);
  if (magic !== 2) throw new ProtocolDecodeError('magic', 16, `unsupported magic ${magic}`);
  const end = 12 + batch.readInt32BE(8);
  if (end < HEADER_BYTES || end > batch.length)
    throw new ProtocolDecodeError(
      'batchLength',
      8,
      `batch end ${end} outside ${HEADER_BYTES}..${batch.length}`,
    );
  const attributes = batch.readInt16BE(21);
  const baseOffset = Number(batch.readBigInt64BE(0));
  const offsetCount = batch.readInt32BE(23) + 1;
  const baseTimestamp = Number(batch.readBigInt64BE(27));
  const maxTimestamp = Number(batch.readBigInt64BE(35));
  const recordCount = batch.readInt32BE(57);
  const isControl = (attributes & ATTR_CONTROL) !== 0;
  if (isControl) return { baseOffset, offsetCount, isControl, records: [] };
  const body = decompress(
    attributes & ATTR_CODEC_MASK,
    batch.subarray(HEADER_BYTES, end),
    maxDecompressedBytes,
  );
  if (recordCount < 0 || recordCount > body.length / 7)
    throw new ProtocolDecodeError(
      'recordCount',
      57,
      `${recordCount} records cannot fit in ${body.length} bytes`,
    );
  const logAppendTime = (attributes & ATTR_LOG_APPEND_TIME) !== 0;
  const c = new RecordCursor(body);
  const records: BatchRecord[] = [];
  for (let i = 0; i < recordCount; i++) {
    const field = `records[${i}]`;
    const length = c.varint(`${field}.length`);
    if (length < 0 || length > c.end - c.pos)
      throw new ProtocolDecodeError(`${field}.length`, c.pos, `${length} does not fit`);
    const recordEnd = c.pos + length;
    c.end = recordEnd;
    c.int8(`${field}.attributes`);
    const timestampDelta = Number(c.varlong(`${field}.timestampDelta`));
    const offsetDelta = c.varint(`${field}.offsetDelta`);
    const key = c.nullableBytes(`${field}.key`);
    const value = c.nullableBytes(`${field}.value`);
    const headerCount = c.varint(`${field}.headers`);
    if (headerCount < 0 || headerCount > (c.end - c.pos) / 2)
      throw new ProtocolDecodeError(`${field}.headers`, c.pos, `invalid header count ${headerCount}`);
    const headers: BatchRecordHeader[] = [];
    for (let h = 0; h < headerCount; h++) {
      const k = c.nullableBytes(`${field}.headers[${h}].key`);
      if (k === null) throw new ProtocolDecodeError(`${field}.headers[${h}].key`, c.pos, 'null header key');
      headers.push({ key: k.toString('utf8'), value: c.nullableBytes(`${field}.headers[${h}].value`) });
    }
    if (c.pos !== recordEnd)
      throw new ProtocolDecodeError(field, c.pos, 'record length does not match its fields');
    c.end = body.length;
    records.push({
      offset: baseOffset + offsetDelta,
      timestampMs: logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta,
      key,
      value,
      headers,
    });
  }
  return { baseOffset, offsetCount, isControl, records };
}
