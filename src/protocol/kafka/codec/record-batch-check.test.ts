import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressionCodec, compress } from './compression.js';
import { crc32c } from './crc32c.js';
import { type BatchInfo, buildBatch, splitBatches } from './record-batch.js';
import { checkBatchRecords, explainRecords, recordsWellFormed } from './record-batch-check.js';

const MAX = 64 * 1024 * 1024;
const CODECS = [
  CompressionCodec.None,
  CompressionCodec.Gzip,
  CompressionCodec.Snappy,
  CompressionCodec.Lz4,
  CompressionCodec.Zstd,
] as const;

function info(batch: Buffer): BatchInfo {
  const scan = splitBatches(batch, MAX);
  if (!scan.ok) throw new Error(`test batch does not split: ${scan.message}`);
  expect(scan.batches).toHaveLength(1);
  return scan.batches[0] as BatchInfo;
}

/** A batch of `codec` whose stored records are `body` (already compressed), with length, count and CRC fixed. */
function withBody(codec: number, recordCount: number, body: Buffer): Buffer {
  const header = Buffer.from(
    buildBatch([{ key: null, value: Buffer.from('x') }], { codec: 0 }).subarray(0, 61),
  );
  const out = Buffer.concat([header, body]);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt16BE(codec, 21);
  out.writeInt32BE(recordCount - 1, 23);
  out.writeInt32BE(recordCount, 57);
  out.writeUInt32BE(crc32c(out.subarray(21)), 17);
  return out;
}

/** The uncompressed record bytes of a freshly built batch of `values`. */
function rawRecords(values: string[], headers = false): Buffer {
  const records = values.map((v) => ({
    key: Buffer.from(`k-${v}`),
    value: Buffer.from(v),
    ...(headers ? { headers: [{ key: 'h', value: Buffer.from('hv') }] } : {}),
  }));
  return buildBatch(records, { codec: 0 }).subarray(61);
}

describe('checkBatchRecords', () => {
  it.each(CODECS)('accepts well-formed batches of codec %i, with headers and null keys', (codec) => {
    const batch = buildBatch(
      [
        { key: null, value: Buffer.from('a') },
        { key: Buffer.from('k'), value: null, headers: [{ key: 'h', value: null }] },
        {
          key: Buffer.from('k2'),
          value: Buffer.alloc(3000, 7),
          headers: [{ key: 'x', value: Buffer.from('y') }],
        },
      ],
      { codec },
    );
    expect(checkBatchRecords(info(batch), MAX)).toEqual({ ok: true });
  });

  it.each(CODECS.filter((c) => c !== CompressionCodec.None))(
    'refuses codec %i data that does not decompress as CORRUPT_MESSAGE',
    (codec) => {
      const garbage = Buffer.from('this is not compressed data at all, only text........');
      const check = checkBatchRecords(info(withBody(codec, 1, garbage)), MAX);
      expect(check).toMatchObject({ ok: false, error: 'corrupt-message' });
    },
  );

  it.each(CODECS.filter((c) => c !== CompressionCodec.None))(
    'refuses codec %i data that decompresses to something that is not records',
    (codec) => {
      const body = compress(codec, Buffer.from('plain text where records should be, long enough'));
      const check = checkBatchRecords(info(withBody(codec, 1, body)), MAX);
      expect(check).toMatchObject({ ok: false, error: 'invalid-record' });
    },
  );

  it.each(CODECS)('codec %i: a record count above the records present is INVALID_RECORD', (codec) => {
    const body = compress(codec, rawRecords(['a', 'b', 'c']));
    const check = checkBatchRecords(info(withBody(codec, 4, body)), MAX);
    expect(check).toMatchObject({ ok: false, error: 'invalid-record' });
    if (!check.ok) expect(check.message).toMatch(/record 3/);
  });

  it.each(CODECS)('codec %i: a record count below the records present is INVALID_RECORD', (codec) => {
    const body = compress(codec, rawRecords(['a', 'b', 'c']));
    const check = checkBatchRecords(info(withBody(codec, 2, body)), MAX);
    expect(check).toMatchObject({ ok: false, error: 'invalid-record' });
    if (!check.ok) expect(check.message).toMatch(/bytes remain after the 2 records/);
  });

  it('refuses an offsetDelta that is not the record index', () => {
    const raw = Buffer.from(rawRecords(['a', 'b']));
    // Record 0: length(1) attributes(1) timestampDelta(1, small) offsetDelta at byte 3.
    expect(raw[3]).toBe(0);
    raw[3] = 2 * 5; // zigzag 5
    const check = checkBatchRecords(info(withBody(0, 2, raw)), MAX);
    expect(check).toMatchObject({ ok: false, error: 'invalid-record' });
    if (!check.ok) expect(check.message).toMatch(/offsetDelta 5, expected 0/);
  });

  it('refuses a record length that overruns the body or leaves fields unread', () => {
    const long = Buffer.from(rawRecords(['a']));
    long[0] = (long[0] as number) + 2 * 40; // zigzag: 40 more bytes than present
    expect(checkBatchRecords(info(withBody(0, 1, long)), MAX)).toMatchObject({
      ok: false,
      error: 'invalid-record',
    });
    const padded = Buffer.concat([rawRecords(['a']), Buffer.alloc(2)]);
    padded[0] = (padded[0] as number) + 2 * 2; // record claims the 2 padding bytes
    const check = checkBatchRecords(info(withBody(0, 1, padded)), MAX);
    expect(check).toMatchObject({ ok: false, error: 'invalid-record' });
    if (!check.ok) expect(check.message).toMatch(/ends? 2 bytes early/);
  });

  it('refuses a null header key', () => {
    const raw = Buffer.from(rawRecords(['a'], true));
    // The record ends with: header count 1 (0x02), key length 1 (0x02) 'h', value length 2 (0x04) 'hv'.
    const at = raw.length - 6;
    expect([...raw.subarray(at, at + 3)]).toEqual([2, 2, 'h'.charCodeAt(0)]);
    const patched = Buffer.concat([raw.subarray(0, at + 1), Buffer.from([1]), raw.subarray(at + 3)]);
    patched[0] = (patched[0] as number) - 2 * 1; // one byte shorter
    const check = checkBatchRecords(info(withBody(0, 1, patched)), MAX);
    expect(check).toMatchObject({ ok: false, error: 'invalid-record' });
    if (!check.ok) expect(check.message).toMatch(/null key/);
  });

  it('stops a gzip bomb at maxDecompressedBytes with CORRUPT_MESSAGE', () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024), { level: 9 });
    const check = checkBatchRecords(info(withBody(CompressionCodec.Gzip, 1, bomb)), 1024 * 1024);
    expect(check).toMatchObject({ ok: false, error: 'corrupt-message' });
    if (!check.ok) expect(check.message).toMatch(/limit of 1048576 bytes/);
  });

  it('caps each codec: a valid batch over the cap is CORRUPT_MESSAGE, at the cap it passes', () => {
    for (const codec of CODECS.filter((c) => c !== CompressionCodec.None)) {
      const raw = rawRecords(['a'.repeat(5000), 'b'.repeat(5000)]);
      const batch = info(withBody(codec, 2, compress(codec, raw)));
      expect(checkBatchRecords(batch, raw.length)).toEqual({ ok: true });
      expect(checkBatchRecords(batch, raw.length - 1)).toMatchObject({ ok: false, error: 'corrupt-message' });
    }
  });

  it('refuses a nested compressed batch (a gzip batch whose records are a gzip batch)', () => {
    const inner = buildBatch([{ key: Buffer.from('k'), value: Buffer.from('v') }], {
      codec: CompressionCodec.Gzip,
    });
    const check = checkBatchRecords(info(withBody(CompressionCodec.Gzip, 1, gzipSync(inner))), MAX);
    expect(check.ok).toBe(false);
  });
});

describe('recordsWellFormed (the fast walk)', () => {
  /** A small deterministic PRNG so a failure reproduces. */
  function prng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 2 ** 32;
    };
  }

  it('agrees with the slow walk on valid, mutated, truncated and extended record bodies', () => {
    const rand = prng(7);
    const bodies: { body: Buffer; count: number }[] = [
      { body: rawRecords(['a', 'bb', 'ccc']), count: 3 },
      { body: rawRecords(['x'.repeat(300), '', 'y'], true), count: 3 },
      { body: rawRecords(['only']), count: 1 },
    ];
    let rejected = 0;
    let accepted = 0;
    for (let round = 0; round < 20000; round++) {
      const base = bodies[round % bodies.length] as { body: Buffer; count: number };
      const body = Buffer.from(base.body);
      let count = base.count;
      const kind = Math.floor(rand() * 5);
      if (kind === 0) {
        // flip 1-3 bytes
        for (let i = 1 + Math.floor(rand() * 3); i > 0; i--) {
          body[Math.floor(rand() * body.length)] = Math.floor(rand() * 256);
        }
      } else if (kind === 1) {
        count += Math.floor(rand() * 5) - 2;
      }
      const view =
        kind === 2
          ? body.subarray(0, Math.floor(rand() * body.length))
          : kind === 3
            ? Buffer.concat([body, Buffer.from([Math.floor(rand() * 256)])])
            : body;
      const fast = recordsWellFormed(view, 0, view.length, count);
      const slow = explainRecords(view, 0, view.length, count);
      expect({ round, fast }).toEqual({ round, fast: slow.ok });
      if (fast) accepted += 1;
      else rejected += 1;
    }
    // Both outcomes were exercised.
    expect(accepted).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });

  it('rejects over-long varints and varlongs as the cursor does', () => {
    // one record: length 9, attributes, an 11-byte timestampDelta (too long), ...
    const tooLongVarlong = Buffer.from([0x12, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]);
    expect(recordsWellFormed(tooLongVarlong, 0, tooLongVarlong.length, 1)).toBe(false);
    expect(explainRecords(tooLongVarlong, 0, tooLongVarlong.length, 1).ok).toBe(false);
    // a record length whose 5th varint byte carries more than 4 bits
    const tooLongVarint = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x1f, 0, 0, 0, 0, 0, 0]);
    expect(recordsWellFormed(tooLongVarint, 0, tooLongVarint.length, 1)).toBe(false);
    expect(explainRecords(tooLongVarint, 0, tooLongVarint.length, 1).ok).toBe(false);
  });
});
