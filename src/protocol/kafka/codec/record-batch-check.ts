import { BrokerError, ProtocolDecodeError } from '../../../errors.js';
import { CompressionCodec, compressionCodecName, decompress } from './compression.js';
import type { BatchInfo, BatchScanError } from './record-batch.js';
import { BatchField } from './record-batch-layout.js';
import { RecordCursor } from './record-cursor.js';

/** Outcome of looking inside one batch; the error kinds are those of `splitBatches`. */
export type RecordsCheck = { ok: true } | { ok: false; error: BatchScanError; message: string };

const OK: RecordsCheck = { ok: true };
/** The smallest record: a 1-byte length, then attributes, timestampDelta, offsetDelta, key, value, headers. */
const MIN_RECORD_BYTES = 7;
/** The smallest header: key length 0 and value length -1. */
const MIN_HEADER_BYTES = 2;

/**
 * Checks that a produced batch really holds `recordCount` well-formed records, as Kafka's
 * LogValidator does on the leader: compressed batches are decompressed (never past
 * `maxDecompressedBytes`; the decoders stop as soon as the output passes it), uncompressed ones are
 * walked in place. Each record must fit its declared length, carry offsetDelta = its index, have no
 * null header key, and the records must use the body exactly. Nothing is copied for uncompressed
 * batches and nothing is allocated per record: a tight loop over the varints (`recordsWellFormed`)
 * decides, and only a batch it rejects is walked again with the cursor to say what is wrong.
 *
 * Outcomes: data that does not decompress, or decompresses past the cap → 'corrupt-message'
 * (Kafka 3.9 answers UNKNOWN_SERVER_ERROR there, from "Failed to decompress record stream"; see
 * docs/kafka.md); records that do not match the count or their lengths → 'invalid-record' (Kafka's
 * InvalidRecordException, INVALID_RECORD).
 */
export function checkBatchRecords(batch: BatchInfo, maxDecompressedBytes: number): RecordsCheck {
  const bytes = batch.bytes;
  let body: Buffer;
  let start: number;
  if (batch.codec === CompressionCodec.None) {
    body = bytes;
    start = BatchField.records;
  } else {
    try {
      body = decompress(batch.codec, bytes.subarray(BatchField.records), maxDecompressedBytes);
    } catch (err) {
      if (err instanceof BrokerError && err.code === 'BRK_ERR_COMPRESSION') {
        return {
          ok: false,
          error: 'corrupt-message',
          message: `${compressionCodecName(batch.codec)} records do not decompress: ${err.message}`,
        };
      }
      throw err;
    }
    start = 0;
  }
  const count = batch.recordCount;
  if (recordsWellFormed(body, start, body.length, count)) return OK;
  const problem = explainRecords(body, start, body.length, count);
  // Both walks apply the same rules (a unit test holds them to it); refuse rather than store if not.
  return problem.ok ? invalid('the records do not pass validation') : problem;
}

/**
 * The slow walk over `count` records in `buf[start, end)`, with the RecordCursor: what is wrong with the
 * first bad record, or ok. Run only for batches `recordsWellFormed` rejected.
 */
export function explainRecords(buf: Buffer, start: number, end: number, count: number): RecordsCheck {
  const cursor = new RecordCursor(buf, start, end);
  if (count > cursor.remaining / MIN_RECORD_BYTES) {
    return invalid(`${count} records cannot fit in ${cursor.remaining} bytes of records`);
  }
  let index = 0;
  try {
    for (; index < count; index++) {
      const problem = skipRecord(cursor, index);
      if (problem !== null) return invalid(`record ${index}: ${problem}`);
    }
  } catch (err) {
    if (err instanceof ProtocolDecodeError) return invalid(`record ${index}: ${err.message}`);
    throw err;
  }
  if (cursor.remaining !== 0) {
    return invalid(`${cursor.remaining} bytes remain after the ${count} records the batch declares`);
  }
  return OK;
}

/** What `varintAt` returns for a truncated or over-long varint: outside the int32 range. */
const BAD_VARINT = 2 ** 32;
/** The position after the last varint `varintAt` read (a module scratch value, so nothing is allocated). */
let varintEnd = 0;

/**
 * The zigzag varint (int32, at most 5 bytes) at `pos`, never reading at or past `end`; BAD_VARINT when
 * truncated or longer than 32 bits. Sets `varintEnd`. Same rules as RecordCursor.varint.
 */
function varintAt(buf: Buffer, pos: number, end: number): number {
  let raw = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= end) return BAD_VARINT;
    const byte = buf[pos++] as number;
    if (shift === 28) {
      if (byte > 0x0f) return BAD_VARINT;
      raw = (raw | (byte << 28)) >>> 0;
      break;
    }
    raw |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
  }
  varintEnd = pos;
  return (raw >>> 1) ^ -(raw & 1);
}

/**
 * True when `buf[pos, end)` is exactly `count` well-formed records (the rules `skipRecord` applies, and
 * nothing left over). No allocation, no exception, no per-field names: this runs over every produced
 * record, and only a false answer pays for the slow walk that explains it.
 */
export function recordsWellFormed(buf: Buffer, pos: number, end: number, count: number): boolean {
  if (count > (end - pos) / MIN_RECORD_BYTES) return false;
  for (let index = 0; index < count; index++) {
    const length = varintAt(buf, pos, end);
    if (length === BAD_VARINT) return false;
    pos = varintEnd;
    if (length < MIN_RECORD_BYTES - 1 || length > end - pos) return false;
    const recordEnd = pos + length;
    pos += 1; // attributes (length >= 6, so it is there)
    // timestampDelta: a varlong of at most 10 bytes, the last without bit 7.
    let n = 0;
    for (;;) {
      if (pos >= recordEnd || n === 10) return false;
      n += 1;
      if (((buf[pos++] as number) & 0x80) === 0) break;
    }
    if (varintAt(buf, pos, recordEnd) !== index) return false;
    pos = varintEnd;
    for (let field = 0; field < 2; field++) {
      // key, then value: length -1 (null) or 0..what is left of the record
      const bytes = varintAt(buf, pos, recordEnd);
      if (bytes === BAD_VARINT || bytes < -1 || bytes > recordEnd - varintEnd) return false;
      pos = bytes > 0 ? varintEnd + bytes : varintEnd;
    }
    const headerCount = varintAt(buf, pos, recordEnd);
    if (headerCount === BAD_VARINT || headerCount < 0) return false;
    pos = varintEnd;
    if (headerCount > (recordEnd - pos) / MIN_HEADER_BYTES) return false;
    for (let h = 0; h < headerCount; h++) {
      const keyBytes = varintAt(buf, pos, recordEnd);
      if (keyBytes === BAD_VARINT || keyBytes < 0 || keyBytes > recordEnd - varintEnd) return false;
      pos = varintEnd + keyBytes;
      const valueBytes = varintAt(buf, pos, recordEnd);
      if (valueBytes === BAD_VARINT || valueBytes < -1 || valueBytes > recordEnd - varintEnd) return false;
      pos = valueBytes > 0 ? varintEnd + valueBytes : varintEnd;
    }
    if (pos !== recordEnd) return false;
  }
  return pos === end;
}

function invalid(message: string): RecordsCheck {
  return { ok: false, error: 'invalid-record', message };
}

/** Steps over record `index`; returns what is wrong with it, or null. Truncation throws. */
function skipRecord(c: RecordCursor, index: number): string | null {
  const length = c.varint('length');
  if (length < MIN_RECORD_BYTES - 1 || length > c.remaining) {
    return `length ${length} does not fit in the ${c.remaining} bytes left`;
  }
  const recordEnd = c.pos + length;
  const bodyEnd = c.end;
  c.end = recordEnd;
  c.int8('attributes');
  c.skipVarlong('timestampDelta');
  const offsetDelta = c.varint('offsetDelta');
  if (offsetDelta !== index) return `offsetDelta ${offsetDelta}, expected ${index}`;
  c.skipNullableBytes('key');
  c.skipNullableBytes('value');
  const headerCount = c.varint('headerCount');
  if (headerCount < 0 || headerCount > c.remaining / MIN_HEADER_BYTES) {
    return `invalid header count ${headerCount}`;
  }
  for (let h = 0; h < headerCount; h++) {
    if (c.skipNullableBytes('header key') < 0) return `header ${h} has a null key`;
    c.skipNullableBytes('header value');
  }
  if (c.pos !== recordEnd) {
    return `declares ${length} bytes but its fields end ${recordEnd - c.pos} bytes early`;
  }
  c.end = bodyEnd;
  return null;
}
