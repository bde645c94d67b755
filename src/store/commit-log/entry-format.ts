import { crc32c } from '../../model/crc32c.js';
import { readInt64, writeInt64 } from '../int64.js';

/** Byte layout of one CommitLog entry; see docs/adr/0001-commit-log-entry-format.md. */
export const ENTRY_MAGIC = 0x46455231; // "FER1"
export const END_MAGIC = 0x46454e44; // "FEND"
export const HEADER_FIXED_BYTES = 76;
/** Bytes always kept free at a segment's end so the end-of-segment marker fits. */
export const END_MARKER_MIN_BYTES = 8;
export const MAX_TOPIC_BYTES = 249;
/** Payload bytes 0..20 of a record batch are covered by the entry's header CRC. */
export const BATCH_HEADER_CRC_BYTES = 21;
export const BATCH_MIN_BYTES = 61;
export const TOPIC_ID_BYTES = 16;

export const FORMAT_RECORD_BATCH_V2 = 1;
export const FORMAT_ROCKET_MESSAGE = 2;

const OFF_TOTAL_SIZE = 0;
const OFF_MAGIC = 4;
const OFF_CRC = 8;
const OFF_FORMAT = 12;
const OFF_FLAGS = 13;
const OFF_TOPIC_LENGTH = 14;
const OFF_TOPIC_ID = 16;
const OFF_QUEUE_ID = 32;
const OFF_QUEUE_OFFSET = 36;
const OFF_COUNT = 44;
const OFF_STORE_TIMESTAMP = 48;
const OFF_MAX_TIMESTAMP = 56;
const OFF_TAGS_CODE = 64;
const OFF_PAYLOAD_LENGTH = 72;

export interface EntryFields {
  format: number;
  topicId: Buffer;
  /** UTF-8 bytes of the topic name (encoded once per topic, not per append). */
  topicBytes: Buffer;
  queueId: number;
  queueOffset: number;
  count: number;
  storeTimestampMs: number;
  maxTimestampMs: number;
  tagsCode: number;
}

export interface DecodedHeader {
  totalSize: number;
  format: number;
  topicId: Buffer;
  topicLength: number;
  queueId: number;
  queueOffset: number;
  count: number;
  storeTimestampMs: number;
  maxTimestampMs: number;
  tagsCode: number;
  payloadLength: number;
  /** Offset of the payload inside the entry. */
  payloadStart: number;
}

export function entrySize(topicBytes: number, payloadBytes: number): number {
  return HEADER_FIXED_BYTES + topicBytes + payloadBytes;
}

/**
 * Writes a complete entry at `buf[at]`: header, topic, the payload copied once, then (format 1) the broker
 * fields of the batch, then the header CRC. Returns the entry size.
 */
export function encodeEntry(buf: Buffer, at: number, fields: EntryFields, payload: Buffer): number {
  const size = entrySize(fields.topicBytes.length, payload.length);
  const payloadAt = at + HEADER_FIXED_BYTES + fields.topicBytes.length;
  payload.copy(buf, payloadAt);
  encodeEntryHeader(buf, at, fields, buf.subarray(payloadAt, payloadAt + payload.length));
  return size;
}

/**
 * Writes the header and topic of an entry at `buf[at]` for a payload kept in its own buffer (written
 * next to it without a copy). Stamps the broker fields of a format-1 payload in place, then the header
 * CRC, which also covers the payload's first bytes. Returns the header length.
 */
export function encodeEntryHeader(buf: Buffer, at: number, fields: EntryFields, payload: Buffer): number {
  const topicLength = fields.topicBytes.length;
  const size = entrySize(topicLength, payload.length);
  buf.writeInt32BE(size, at + OFF_TOTAL_SIZE);
  buf.writeUInt32BE(ENTRY_MAGIC, at + OFF_MAGIC);
  buf.writeInt8(fields.format, at + OFF_FORMAT);
  buf.writeInt8(0, at + OFF_FLAGS);
  buf.writeInt16BE(topicLength, at + OFF_TOPIC_LENGTH);
  fields.topicId.copy(buf, at + OFF_TOPIC_ID, 0, TOPIC_ID_BYTES);
  buf.writeInt32BE(fields.queueId, at + OFF_QUEUE_ID);
  writeInt64(buf, at + OFF_QUEUE_OFFSET, fields.queueOffset);
  buf.writeInt32BE(fields.count, at + OFF_COUNT);
  writeInt64(buf, at + OFF_STORE_TIMESTAMP, fields.storeTimestampMs);
  writeInt64(buf, at + OFF_MAX_TIMESTAMP, fields.maxTimestampMs);
  writeInt64(buf, at + OFF_TAGS_CODE, fields.tagsCode);
  buf.writeInt32BE(payload.length, at + OFF_PAYLOAD_LENGTH);
  fields.topicBytes.copy(buf, at + HEADER_FIXED_BYTES);
  if (fields.format === FORMAT_RECORD_BATCH_V2) {
    writeInt64(payload, 0, fields.queueOffset); // base offset
    payload.writeInt32BE(0, 12); // partition leader epoch
  }
  const headerEnd = at + HEADER_FIXED_BYTES + topicLength;
  const covered =
    fields.format === FORMAT_RECORD_BATCH_V2
      ? Math.min(BATCH_HEADER_CRC_BYTES, payload.length)
      : payload.length;
  const crc = crc32c(payload.subarray(0, covered), crc32c(buf.subarray(at + OFF_CRC + 4, headerEnd)));
  buf.writeUInt32BE(crc, at + OFF_CRC);
  return HEADER_FIXED_BYTES + topicLength;
}

/** The CRC-32C stored at offset 8, computed over the entry starting at `buf[at]`. */
export function headerCrc(
  buf: Buffer,
  at: number,
  format: number,
  topicLength: number,
  payloadLength: number,
): number {
  const payloadCovered =
    format === FORMAT_RECORD_BATCH_V2 ? Math.min(BATCH_HEADER_CRC_BYTES, payloadLength) : payloadLength;
  const end = at + HEADER_FIXED_BYTES + topicLength + payloadCovered;
  return crc32c(buf.subarray(at + OFF_CRC + 4, end));
}

/** Reads totalSize and magic (the two fields checked before anything else). */
export function peekEntry(buf: Buffer, at: number): { totalSize: number; magic: number } {
  return { totalSize: buf.readInt32BE(at + OFF_TOTAL_SIZE), magic: buf.readUInt32BE(at + OFF_MAGIC) };
}

export function decodeHeader(buf: Buffer, at: number): DecodedHeader {
  const topicLength = buf.readInt16BE(at + OFF_TOPIC_LENGTH);
  return {
    totalSize: buf.readInt32BE(at + OFF_TOTAL_SIZE),
    format: buf.readInt8(at + OFF_FORMAT),
    topicId: buf.subarray(at + OFF_TOPIC_ID, at + OFF_TOPIC_ID + TOPIC_ID_BYTES),
    topicLength,
    queueId: buf.readInt32BE(at + OFF_QUEUE_ID),
    queueOffset: readInt64(buf, at + OFF_QUEUE_OFFSET),
    count: buf.readInt32BE(at + OFF_COUNT),
    storeTimestampMs: readInt64(buf, at + OFF_STORE_TIMESTAMP),
    maxTimestampMs: readInt64(buf, at + OFF_MAX_TIMESTAMP),
    tagsCode: readInt64(buf, at + OFF_TAGS_CODE),
    payloadLength: buf.readInt32BE(at + OFF_PAYLOAD_LENGTH),
    payloadStart: HEADER_FIXED_BYTES + topicLength,
  };
}

export type EntryCheck = { ok: true; header: DecodedHeader } | { ok: false; reason: string };

/**
 * Full validation of an entry whose `totalSize` bytes are all in `buf` from `at`: magic, size identity,
 * topic length, format, header CRC (unless `verifyHeaderCrc` is false: bytes this process has already
 * checked) and, when `verifyBatchCrc`, the record batch's own CRC-32C.
 */
export function checkEntry(
  buf: Buffer,
  at: number,
  verifyBatchCrc: boolean,
  verifyHeaderCrc = true,
): EntryCheck {
  const { totalSize, magic } = peekEntry(buf, at);
  if (magic !== ENTRY_MAGIC) return { ok: false, reason: `bad magic 0x${magic.toString(16)}` };
  if (totalSize < HEADER_FIXED_BYTES || at + totalSize > buf.length) {
    return { ok: false, reason: `bad entry size ${totalSize}` };
  }
  const header = decodeHeader(buf, at);
  if (header.topicLength < 1 || header.topicLength > MAX_TOPIC_BYTES) {
    return { ok: false, reason: `bad topic length ${header.topicLength}` };
  }
  if (header.payloadLength < 0 || entrySize(header.topicLength, header.payloadLength) !== totalSize) {
    return { ok: false, reason: `entry size ${totalSize} does not match its fields` };
  }
  if (
    verifyHeaderCrc &&
    headerCrc(buf, at, header.format, header.topicLength, header.payloadLength) !==
      buf.readUInt32BE(at + OFF_CRC)
  ) {
    return { ok: false, reason: 'header CRC mismatch' };
  }
  if (header.format !== FORMAT_RECORD_BATCH_V2 && header.format !== FORMAT_ROCKET_MESSAGE) {
    return { ok: false, reason: `unknown payload format ${header.format}` };
  }
  if (header.count < 1) return { ok: false, reason: `bad count ${header.count}` };
  if (header.format === FORMAT_RECORD_BATCH_V2) {
    if (header.payloadLength < BATCH_MIN_BYTES) return { ok: false, reason: 'record batch too short' };
    if (verifyBatchCrc) {
      const payloadAt = at + header.payloadStart;
      const batchCrc = buf.readUInt32BE(payloadAt + 17);
      const actual = crc32c(
        buf.subarray(payloadAt + BATCH_HEADER_CRC_BYTES, payloadAt + header.payloadLength),
      );
      if (actual !== batchCrc) return { ok: false, reason: 'record batch CRC mismatch' };
    }
  }
  return { ok: true, header };
}

/** Writes the end-of-segment marker covering `bytesLeft` bytes (>= 8) at `buf[at]`. */
export function encodeEndMarker(buf: Buffer, at: number, bytesLeft: number): void {
  buf.writeInt32BE(bytesLeft, at + OFF_TOTAL_SIZE);
  buf.writeUInt32BE(END_MAGIC, at + OFF_MAGIC);
}
