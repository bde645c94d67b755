import { describe, expect, it } from 'vitest';
import { PayloadFormat, type StoredEntry } from '../../store/index.js';
import { offsetMsgId, recordAtCommitLogOffset, recordCommitLogOffset } from './codec/message-codec.js';

function batchEntry(count: number, size: number): StoredEntry {
  return {
    baseOffset: 100,
    count,
    format: PayloadFormat.RecordBatchV2,
    maxTimestampMs: 0,
    tagsCode: 0,
    payload: Buffer.alloc(0),
    commitLogOffset: 5000,
    size,
    storeTimestampMs: 0,
  };
}

describe('message ids', () => {
  it('is upper-case hex of store host, port and commit-log offset (REFERENCE §3.3 probe)', () => {
    const v4 = { address: Buffer.from([127, 0, 0, 1]), port: 10911 };
    expect(offsetMsgId(v4, 247n)).toBe('7F00000100002A9F00000000000000F7');
    const v6 = { address: Buffer.alloc(16, 0xab), port: 10911 };
    expect(offsetMsgId(v6, 247n)).toBe(`${'AB'.repeat(16)}00002A9F00000000000000F7`);
  });

  it('gives record k of a Kafka batch the byte k of its entry, and finds it back', () => {
    const entry = batchEntry(5, 400);
    const ids = [100, 101, 102, 103, 104].map((o) => recordCommitLogOffset(entry, o));
    expect(ids).toEqual([5000, 5001, 5002, 5003, 5004]);
    expect(ids.map((id) => recordAtCommitLogOffset(entry, id))).toEqual([100, 101, 102, 103, 104]);
    expect(recordAtCommitLogOffset(entry, 5005)).toBeUndefined(); // inside the entry, no such record
    expect(recordAtCommitLogOffset(entry, 4999)).toBeUndefined();
  });

  it('shares the last byte among the records past it when a batch has more records than bytes', () => {
    const entry = batchEntry(1000, 300);
    expect(recordCommitLogOffset(entry, 100 + 298)).toBe(5298);
    expect(recordCommitLogOffset(entry, 100 + 299)).toBe(5299);
    expect(recordCommitLogOffset(entry, 100 + 999)).toBe(5299);
    expect(recordAtCommitLogOffset(entry, 5299)).toBe(100 + 299);
    expect(recordAtCommitLogOffset(entry, 5300)).toBeUndefined();
  });
});
