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
 * batches and nothing is allocated per record (the cursor steps over keys, values and timestamps).
 *
 * Outcomes: data that does not decompress, or decompresses past the cap → 'corrupt-message'
 * (Kafka 3.9 answers UNKNOWN_SERVER_ERROR there, from "Failed to decompress record stream"; see
 * docs/kafka.md); records that do not match the count or their lengths → 'invalid-record' (Kafka's
 * InvalidRecordException, INVALID_RECORD).
 */
export function checkBatchRecords(batch: BatchInfo, maxDecompressedBytes: number): RecordsCheck {
  const bytes = batch.bytes;
  let cursor: RecordCursor;
  if (batch.codec === CompressionCodec.None) {
    cursor = new RecordCursor(bytes, BatchField.records, bytes.length);
  } else {
    let body: Buffer;
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
    cursor = new RecordCursor(body);
  }
  const count = batch.recordCount;
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
