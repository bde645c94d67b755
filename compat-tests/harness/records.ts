/**
 * Test records: deterministic generation, a JSON form for the Python and kcat adapters, and an
 * exact comparison of consumed against produced records.
 */
import { expect } from 'vitest';

export type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export const CODECS: readonly Codec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
/** Kafka's codec id in the record batch attributes (bits 0-2). */
export const CODEC_IDS: Readonly<Record<Codec, number>> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

export interface TestHeader {
  key: string;
  value: Buffer;
}

export interface TestRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: TestHeader[];
}

export interface ConsumedRecord extends TestRecord {
  partition: number;
  offset: bigint;
}

export interface RecordShape {
  count: number;
  /** Seed of the generator: the same shape gives the same records. */
  seed: number;
  /** Printable ASCII without tab or newline (what kcat can produce); otherwise arbitrary bytes too. */
  text?: boolean;
  /** varied: 0-3 headers that differ per record; uniform: the same two on every record; none. */
  headers?: 'varied' | 'uniform' | 'none';
  /** Every Nth key is null (0 = never). Default 5. */
  nullKeyEvery?: number;
  /** Every Nth value is null (0 = never). Default 7. */
  nullValueEvery?: number;
  /** Largest value size in bytes. Default 300. */
  maxValueBytes?: number;
}

/** The headers every record gets with `headers: 'uniform'`. */
export const UNIFORM_HEADERS: readonly TestHeader[] = [
  { key: 'trace-id', value: Buffer.from('abc-123') },
  { key: 'source', value: Buffer.from('compat') },
];

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

export function makeRecords(shape: RecordShape): TestRecord[] {
  const random = mulberry32(shape.seed);
  const int = (n: number): number => Math.floor(random() * n);
  const nullKeyEvery = shape.nullKeyEvery ?? 5;
  const nullValueEvery = shape.nullValueEvery ?? 7;
  const maxValueBytes = shape.maxValueBytes ?? 300;
  const headerMode = shape.headers ?? 'varied';
  const records: TestRecord[] = [];
  for (let i = 0; i < shape.count; i++) {
    const key = nullKeyEvery > 0 && i % nullKeyEvery === nullKeyEvery - 1 ? null : Buffer.from(`key-${i}`);
    let value: Buffer | null = null;
    // Never both null: kafka-python refuses such a record ("Need at least one: key or value").
    if (key === null || !(nullValueEvery > 0 && i % nullValueEvery === nullValueEvery - 1)) {
      // Compressible text (repeated words) so that every codec really shrinks the batch.
      let text = `value-${i}`;
      const target = 1 + int(maxValueBytes);
      while (text.length < target) text += ` ${WORDS[int(WORDS.length)] ?? 'x'}`;
      value = Buffer.from(text.slice(0, Math.max(target, `value-${i}`.length)));
      if (!shape.text && i % 3 === 0) {
        // Some raw bytes, including 0x00, 0x0a and 0xff, in every third value.
        const raw = Buffer.alloc(1 + int(32));
        for (let j = 0; j < raw.length; j++) raw[j] = int(256);
        value = Buffer.concat([value, raw]);
      }
    }
    let headers: TestHeader[] = [];
    if (headerMode === 'uniform') headers = UNIFORM_HEADERS.map((h) => ({ ...h }));
    else if (headerMode === 'varied') {
      const n = i % 4;
      for (let h = 0; h < n; h++)
        headers.push({
          key: `h${h}-${WORDS[(i + h) % WORDS.length] ?? 'x'}`,
          value: Buffer.from(`hv-${i}-${h}`),
        });
    }
    records.push({ key, value, headers });
  }
  return records;
}

/** The JSON form exchanged with the Python scripts: binary fields as base64. */
export interface WireRecord {
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
  partition?: number;
  offset?: string;
}

export function toWire(record: TestRecord): WireRecord {
  return {
    key: record.key === null ? null : record.key.toString('base64'),
    value: record.value === null ? null : record.value.toString('base64'),
    headers: record.headers.map((h) => [h.key, h.value.toString('base64')]),
  };
}

export function fromWire(w: WireRecord): ConsumedRecord {
  if (w.partition === undefined || w.offset === undefined)
    throw new Error('consumed record without partition/offset');
  return {
    partition: w.partition,
    offset: BigInt(w.offset),
    key: w.key === null ? null : Buffer.from(w.key, 'base64'),
    value: w.value === null ? null : Buffer.from(w.value, 'base64'),
    headers: w.headers.map(([k, v]) => ({
      key: k,
      value: v === null ? Buffer.alloc(0) : Buffer.from(v, 'base64'),
    })),
  };
}

/** A readable form for assertion messages. */
export function showRecord(r: TestRecord): { key: string | null; value: string | null; headers: string[] } {
  const show = (b: Buffer | null): string | null => (b === null ? null : b.toString('base64'));
  return {
    key: show(r.key),
    value: show(r.value),
    headers: r.headers.map((h) => `${h.key}=${h.value.toString('base64')}`),
  };
}

/**
 * Asserts that `actual` holds exactly `expected`, in order (key, value, headers), with strictly
 * increasing offsets; with `firstOffset`, the offsets must be firstOffset, firstOffset+1, ...
 */
export function expectSameRecords(
  actual: readonly ConsumedRecord[],
  expected: readonly TestRecord[],
  context: string,
  firstOffset?: bigint,
): void {
  const firstDiff = actual.findIndex((a, i) => {
    const e = expected[i];
    return e === undefined || JSON.stringify(showRecord(a)) !== JSON.stringify(showRecord(e));
  });
  if (firstDiff >= 0) {
    const a = actual[firstDiff];
    const e = expected[firstDiff];
    expect(
      a === undefined ? undefined : { offset: a.offset, ...showRecord(a) },
      `${context}: first difference at index ${firstDiff} of ${actual.length} consumed / ${expected.length} produced`,
    ).toEqual(e === undefined ? undefined : { offset: a?.offset, ...showRecord(e) });
  }
  expect(actual.length, `${context}: record count`).toBe(expected.length);
  for (let i = 1; i < actual.length; i++) {
    const prev = actual[i - 1]?.offset ?? -1n;
    const cur = actual[i]?.offset ?? -1n;
    if (cur <= prev) expect.fail(`${context}: offsets not increasing at index ${i}: ${prev} then ${cur}`);
  }
  if (firstOffset !== undefined) {
    const gap = actual.findIndex((a, i) => a.offset !== firstOffset + BigInt(i));
    if (gap >= 0)
      expect.fail(
        `${context}: offset ${actual[gap]?.offset} at index ${gap}, expected ${firstOffset + BigInt(gap)}`,
      );
  }
}

/** A small fast PRNG so generated data is the same in every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
