import { describe, expect, it } from 'vitest';
import { batchCrcValid, makeRecordBatch } from '../store-fixtures.js';
import {
  FORMAT_RECORD_BATCH_V2,
  FORMAT_ROCKET_MESSAGE,
  HEADER_FIXED_BYTES,
  checkEntry,
  encodeEntry,
  entrySize,
} from './entry-format.js';

const topicBytes = Buffer.from('orders');
const topicId = Buffer.alloc(16, 0xab);

function encode(format: number, payload: Buffer, queueOffset = 42): Buffer {
  const buf = Buffer.alloc(entrySize(topicBytes.length, payload.length));
  encodeEntry(
    buf,
    0,
    {
      format,
      topicId,
      topicBytes,
      queueId: 3,
      queueOffset,
      count: 5,
      storeTimestampMs: 1_700_000_000_000,
      maxTimestampMs: -1,
      tagsCode: -12345,
    },
    payload,
  );
  return buf;
}

describe('entry format', () => {
  it('round-trips every header field and keeps the batch valid with the broker fields written', () => {
    const batch = makeRecordBatch(5, 300);
    const buf = encode(FORMAT_RECORD_BATCH_V2, batch, 2 ** 40 + 7);
    const check = checkEntry(buf, 0, true);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const h = check.header;
    expect(h).toMatchObject({
      format: 1,
      queueId: 3,
      queueOffset: 2 ** 40 + 7,
      count: 5,
      maxTimestampMs: -1,
    });
    expect(h.tagsCode).toBe(-12345);
    expect(h.storeTimestampMs).toBe(1_700_000_000_000);
    const payload = buf.subarray(h.payloadStart, h.totalSize);
    expect(payload.readBigInt64BE(0)).toBe(BigInt(2 ** 40 + 7));
    expect(payload.readInt32BE(12)).toBe(0);
    expect(payload.subarray(8, 12)).toEqual(batch.subarray(8, 12));
    expect(payload.subarray(16)).toEqual(batch.subarray(16));
    expect(batchCrcValid(payload)).toBe(true);
  });

  it('detects a flipped bit anywhere in a record batch entry', () => {
    const buf = encode(FORMAT_RECORD_BATCH_V2, makeRecordBatch(2, 100));
    for (let i = 0; i < buf.length; i++) {
      const copy = Buffer.from(buf);
      copy[i] = (copy[i] as number) ^ 0x10;
      expect(checkEntry(copy, 0, true).ok, `byte ${i}`).toBe(false);
    }
  });

  it('covers the whole payload of other formats with the header CRC', () => {
    const buf = encode(FORMAT_ROCKET_MESSAGE, Buffer.from('hello rocket'));
    expect(checkEntry(buf, 0, false).ok).toBe(true);
    buf[buf.length - 1] = 0;
    expect(checkEntry(buf, 0, false)).toEqual({ ok: false, reason: 'header CRC mismatch' });
  });

  it('rejects sizes that do not match the fields', () => {
    const buf = encode(FORMAT_ROCKET_MESSAGE, Buffer.from('x'));
    buf.writeInt32BE(HEADER_FIXED_BYTES + 1, 0);
    expect(checkEntry(buf, 0, false).ok).toBe(false);
  });
});
