import { crc32c } from '../../model/crc32c.js';
import { javaStringHash } from '../../model/index.js';
import { readInt64, writeInt64 } from '../int64.js';

/**
 * Byte layout of one key index file (docs/formats/key-index.md): a 64-byte header, `slotCount` hash slots
 * of 4 bytes, then up to `entryCapacity` entries of 20 bytes. Entries are numbered from 1; a slot or a
 * `prev` of 0 means "none". All integers big-endian.
 */
export const KEY_INDEX_MAGIC = 0x464b4931; // "FKI1"
export const KEY_INDEX_HEADER_BYTES = 64;
export const KEY_INDEX_SLOT_BYTES = 4;
export const KEY_INDEX_ENTRY_BYTES = 20;
/** Files are named by their begin position, 20 digits, like CommitLog segments. */
export const KEY_INDEX_FILE_PATTERN = /^(\d{20})\.idx$/;
/** Upper bounds checked before anything is allocated from a header's numbers. */
export const MAX_SLOT_COUNT = 16 * 1024 * 1024;
export const MAX_ENTRY_CAPACITY = 64 * 1024 * 1024;

const OFF_MAGIC = 0;
const OFF_SLOT_COUNT = 4;
const OFF_ENTRY_CAPACITY = 8;
const OFF_ENTRY_COUNT = 12;
const OFF_BEGIN_TIMESTAMP = 16;
const OFF_END_TIMESTAMP = 24;
const OFF_BEGIN_POSITION = 32;
const OFF_END_POSITION = 40;
const OFF_CRC = 60;

export interface KeyIndexHeader {
  slotCount: number;
  entryCapacity: number;
  /** Entries written and covered by this header (entries 1..entryCount). */
  entryCount: number;
  /** Store timestamp of entry 1 (ms); entries keep seconds relative to it. 0 while empty. */
  beginTimestampMs: number;
  /** Largest store timestamp indexed (ms). */
  endTimestampMs: number;
  /** Commit-log position where this file starts indexing. */
  beginPosition: number;
  /** Every entry before this commit-log position is indexed in this file or an earlier one. */
  endPosition: number;
}

export function keyIndexFileName(beginPosition: number): string {
  return `${String(beginPosition).padStart(20, '0')}.idx`;
}

export function keyIndexFileBytes(slotCount: number, entryCapacity: number): number {
  return KEY_INDEX_HEADER_BYTES + slotCount * KEY_INDEX_SLOT_BYTES + entryCapacity * KEY_INDEX_ENTRY_BYTES;
}

/** File offset of entry `n` (1-based). */
export function entryFileOffset(slotCount: number, n: number): number {
  return KEY_INDEX_HEADER_BYTES + slotCount * KEY_INDEX_SLOT_BYTES + (n - 1) * KEY_INDEX_ENTRY_BYTES;
}

export function encodeKeyIndexHeader(h: KeyIndexHeader): Buffer {
  const buf = Buffer.alloc(KEY_INDEX_HEADER_BYTES);
  buf.writeUInt32BE(KEY_INDEX_MAGIC, OFF_MAGIC);
  buf.writeInt32BE(h.slotCount, OFF_SLOT_COUNT);
  buf.writeInt32BE(h.entryCapacity, OFF_ENTRY_CAPACITY);
  buf.writeInt32BE(h.entryCount, OFF_ENTRY_COUNT);
  writeInt64(buf, OFF_BEGIN_TIMESTAMP, h.beginTimestampMs);
  writeInt64(buf, OFF_END_TIMESTAMP, h.endTimestampMs);
  writeInt64(buf, OFF_BEGIN_POSITION, h.beginPosition);
  writeInt64(buf, OFF_END_POSITION, h.endPosition);
  buf.writeUInt32BE(crc32c(buf.subarray(0, OFF_CRC)), OFF_CRC);
  return buf;
}

/** The header, or the reason it cannot be trusted. */
export function decodeKeyIndexHeader(buf: Buffer): KeyIndexHeader | string {
  if (buf.length < KEY_INDEX_HEADER_BYTES) return `header of ${buf.length} bytes`;
  if (buf.readUInt32BE(OFF_MAGIC) !== KEY_INDEX_MAGIC) return 'bad magic';
  if (crc32c(buf.subarray(0, OFF_CRC)) !== buf.readUInt32BE(OFF_CRC)) return 'header CRC mismatch';
  const h: KeyIndexHeader = {
    slotCount: buf.readInt32BE(OFF_SLOT_COUNT),
    entryCapacity: buf.readInt32BE(OFF_ENTRY_CAPACITY),
    entryCount: buf.readInt32BE(OFF_ENTRY_COUNT),
    beginTimestampMs: readInt64(buf, OFF_BEGIN_TIMESTAMP),
    endTimestampMs: readInt64(buf, OFF_END_TIMESTAMP),
    beginPosition: readInt64(buf, OFF_BEGIN_POSITION),
    endPosition: readInt64(buf, OFF_END_POSITION),
  };
  if (h.slotCount < 1 || h.slotCount > MAX_SLOT_COUNT) return `bad slot count ${h.slotCount}`;
  if (h.entryCapacity < 1 || h.entryCapacity > MAX_ENTRY_CAPACITY)
    return `bad entry capacity ${h.entryCapacity}`;
  if (h.entryCount < 0 || h.entryCount > h.entryCapacity) return `bad entry count ${h.entryCount}`;
  if (h.beginPosition < 0 || h.endPosition < h.beginPosition) return 'bad positions';
  return h;
}

export interface KeyIndexEntry {
  keyHash: number;
  position: number;
  /** Seconds since the file's beginTimestampMs (truncated). */
  timeDiffSeconds: number;
  prev: number;
}

export function writeKeyIndexEntry(buf: Buffer, at: number, e: KeyIndexEntry): void {
  buf.writeInt32BE(e.keyHash, at);
  writeInt64(buf, at + 4, e.position);
  buf.writeInt32BE(e.timeDiffSeconds, at + 12);
  buf.writeInt32BE(e.prev, at + 16);
}

export function readKeyIndexEntry(buf: Buffer, at: number): KeyIndexEntry {
  return {
    keyHash: buf.readInt32BE(at),
    position: readInt64(buf, at + 4),
    timeDiffSeconds: buf.readInt32BE(at + 12),
    prev: buf.readInt32BE(at + 16),
  };
}

/**
 * RocketMQ's key hash: Java String.hashCode of `topic#key`, made non-negative (Integer.MIN_VALUE, whose
 * absolute value overflows, counts as 0).
 */
export function keyHash(topic: string, key: string): number {
  const h = javaStringHash(`${topic}#${key}`);
  return h === -0x80000000 ? 0 : Math.abs(h);
}
