import { describe, expect, it } from 'vitest';
import { QUEUE_INDEX_ENTRY_BYTES, encodeQueueIndexEntry } from './queue-index-entry.js';
import { QueueIndex } from './queue-index.js';

function filled(n: number): QueueIndex {
  const index = new QueueIndex();
  for (let i = 0; i < n; i++) {
    index.push({
      queueOffset: i * 10,
      position: i * 1000,
      size: 500,
      count: 10,
      maxTimestampMs: i,
      tagsCode: 0,
    });
  }
  return index;
}

describe('QueueIndex', () => {
  it('finds the entry containing an offset by binary search', () => {
    const index = filled(100);
    expect(index.findContaining(0)).toBe(0);
    expect(index.findContaining(9)).toBe(0);
    expect(index.findContaining(10)).toBe(1);
    expect(index.findContaining(995)).toBe(99);
    expect(index.findContaining(1000)).toBe(-1);
    expect(index.lastEnd()).toBe(1000);
  });

  it('keeps ordinals stable across head trims and compaction', () => {
    const index = filled(40);
    index.trimBefore(30);
    expect(index.firstOrdinal).toBe(30);
    expect(index.length).toBe(10);
    for (let i = 40; i < 200; i++) {
      index.push({
        queueOffset: i * 10,
        position: i * 1000,
        size: 500,
        count: 10,
        maxTimestampMs: i,
        tagsCode: 0,
      });
    }
    expect(index.firstOrdinal).toBe(30);
    expect(index.endOrdinal).toBe(200);
    expect(index.offsetAt(30)).toBe(300);
    expect(index.offsetAt(199)).toBe(1990);
    expect(index.findContaining(5)).toBe(30);
    expect(index.firstAtOrAfterPosition(150_500)).toBe(151);
  });

  it('truncates the tail', () => {
    const index = filled(10);
    index.truncateFrom(index.firstAtOrAfterPosition(5000));
    expect(index.length).toBe(5);
    expect(index.lastEnd()).toBe(50);
  });

  it('remembers one verified range: grows it when reads go on, keeps the longer otherwise', () => {
    const index = filled(100);
    expect(index.isVerified(0)).toBe(false);
    index.markVerified(10, 20);
    expect([9, 10, 19, 20].map((o) => index.isVerified(o))).toEqual([false, true, true, false]);
    index.markVerified(20, 30); // the same reader goes on
    expect(index.isVerified(25)).toBe(true);
    index.markVerified(50, 55); // another reader, shorter range: the longer one stays
    expect(index.isVerified(52)).toBe(false);
    expect(index.isVerified(15)).toBe(true);
    index.markVerified(60, 90); // longer: it replaces the old one
    expect(index.isVerified(15)).toBe(false);
    expect(index.isVerified(89)).toBe(true);
  });

  it('forgets verified ordinals that a truncation gives to new entries', () => {
    const index = filled(10);
    index.markVerified(0, 10);
    const before = index.truncations;
    index.truncateFrom(6);
    expect(index.truncations).toBe(before + 1);
    index.push({ queueOffset: 60, position: 6000, size: 500, count: 10, maxTimestampMs: 0, tagsCode: 0 });
    expect(index.isVerified(5)).toBe(true);
    expect(index.isVerified(6)).toBe(false);
    index.truncateFrom(0);
    expect(index.isVerified(0)).toBe(false);
  });

  it('encodes a range of entries exactly as encodeQueueIndexEntry does, one by one', () => {
    const index = new QueueIndex();
    let offset = 0;
    let position = 2 ** 40 - 5000;
    for (let i = 0; i < 300; i++) {
      const count = 1 + (i % 7);
      const size = 100 + i * 13;
      index.push({
        queueOffset: offset,
        position,
        size,
        count,
        maxTimestampMs: 1_700_000_000_000 + i * 997,
        tagsCode: i % 3 === 0 ? -(i * 1_000_003) : i * 2 ** 33,
      });
      offset += count;
      position += size;
    }
    index.trimBefore(index.firstOrdinal + 17);
    const from = index.firstOrdinal + 5;
    const end = index.firstOrdinal + 250;
    const expected = Buffer.alloc((end - from) * QUEUE_INDEX_ENTRY_BYTES);
    for (let ord = from; ord < end; ord++) {
      encodeQueueIndexEntry(expected, (ord - from) * QUEUE_INDEX_ENTRY_BYTES, index.entryAt(ord));
    }
    const actual = Buffer.alloc(expected.length + 8, 0xee);
    index.encodeEntries(from, end, actual, 8);
    expect(actual.subarray(8).equals(expected)).toBe(true);
    expect(actual.subarray(0, 8).equals(Buffer.alloc(8, 0xee))).toBe(true);
  });
});
