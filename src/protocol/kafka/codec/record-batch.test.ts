import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import CRC32C from 'crc-32/crc32c.js';
import { BrokerError, ProtocolDecodeError } from '../../../errors.js';
import { CompressionCodec, compress } from './compression.js';
import { crc32c } from './crc32c.js';
import { type RecordInput, buildBatch, readRecords, splitBatches, stampBatch } from './record-batch.js';

const ALL_CODECS = [
  CompressionCodec.None,
  CompressionCodec.Gzip,
  CompressionCodec.Snappy,
  CompressionCodec.Lz4,
  CompressionCodec.Zstd,
] as const;
const MAX = 1024 * 1024;
const BASE_TS = 1_700_000_000_000n;

/** Sets the CRC with the independent pure-JS implementation. */
function sealWithReferenceCrc(batch: Buffer): Buffer {
  batch.writeUInt32BE(CRC32C.buf(batch.subarray(21)) >>> 0, 17);
  return batch;
}

/**
 * Two records assembled byte by byte from the Kafka layout (not with our encoder):
 * r0 key "k" value "hello" header h=v, r1 key null value "world" timestampDelta 5.
 */
function handBatch(): Buffer {
  const records = Buffer.from(
    [
      '20', // length 16 (zigzag)
      '00',
      '00',
      '00', // attributes, timestampDelta 0, offsetDelta 0
      '02',
      '6b', // key length 1, "k"
      '0a',
      '68656c6c6f', // value length 5, "hello"
      '02',
      '02',
      '68',
      '02',
      '76', // 1 header: "h" -> "v"
      '16', // length 11
      '00',
      '0a',
      '02', // attributes, timestampDelta 5, offsetDelta 1
      '01', // key null
      '0a',
      '776f726c64', // value "world"
      '00', // no headers
    ].join(''),
    'hex',
  );
  const header = Buffer.from(
    [
      '0000000000000000', // baseOffset
      (49 + records.length).toString(16).padStart(8, '0'), // batchLength
      'ffffffff', // partitionLeaderEpoch -1
      '02', // magic
      '00000000', // crc, set below
      '0000', // attributes
      '00000001', // lastOffsetDelta
      BASE_TS.toString(16).padStart(16, '0'), // baseTimestamp
      (BASE_TS + 5n).toString(16).padStart(16, '0'), // maxTimestamp
      'ffffffffffffffff', // producerId -1
      'ffff', // producerEpoch -1
      'ffffffff', // baseSequence -1
      '00000002', // recordCount
    ].join(''),
    'hex',
  );
  return sealWithReferenceCrc(Buffer.concat([header, records]));
}

function handInputs(): RecordInput[] {
  return [
    {
      key: Buffer.from('k'),
      value: Buffer.from('hello'),
      headers: [{ key: 'h', value: Buffer.from('v') }],
      timestamp: BASE_TS,
    },
    { key: null, value: Buffer.from('world'), timestamp: BASE_TS + 5n },
  ];
}

function expectScanError(records: Buffer, error: string, maxBatchBytes = MAX): void {
  const scan = splitBatches(records, maxBatchBytes);
  expect(scan.ok).toBe(false);
  if (!scan.ok) expect(scan.error).toBe(error);
}

describe('hand-assembled batch', () => {
  it('our CRC-32C agrees with crc-32 on it and splitBatches reads its header', () => {
    const batch = handBatch();
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch.subarray(21)));
    const scan = splitBatches(batch, MAX);
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    expect(scan.batches).toHaveLength(1);
    const info = scan.batches[0];
    expect(info).toMatchObject({
      magic: 2,
      attributes: 0,
      codec: 0,
      timestampType: 'create-time',
      lastOffsetDelta: 1,
      recordCount: 2,
      baseTimestamp: BASE_TS,
      maxTimestamp: BASE_TS + 5n,
      producerId: -1n,
      producerEpoch: -1,
      baseSequence: -1,
      isTransactional: false,
      isControl: false,
    });
    expect(info?.bytes.buffer).toBe(batch.buffer); // a view, not a copy
  });

  it('readRecords decodes its records', () => {
    const records = readRecords(handBatch(), MAX);
    expect(records).toEqual([
      {
        offset: 0n,
        timestamp: BASE_TS,
        key: Buffer.from('k'),
        value: Buffer.from('hello'),
        headers: [{ key: 'h', value: Buffer.from('v') }],
      },
      { offset: 1n, timestamp: BASE_TS + 5n, key: null, value: Buffer.from('world'), headers: [] },
    ]);
  });

  it('buildBatch produces exactly the hand-assembled bytes', () => {
    expect(buildBatch(handInputs(), { codec: CompressionCodec.None }).toString('hex')).toBe(
      handBatch().toString('hex'),
    );
  });
});

describe('splitBatches', () => {
  it('splits concatenated batches of every codec, in order, without copying', () => {
    const parts = ALL_CODECS.map((codec, i) =>
      buildBatch([{ key: null, value: Buffer.alloc(100 + i, i) }], {
        codec,
        baseOffset: 0,
        producerId: 7n,
        producerEpoch: 1,
        baseSequence: i,
      }),
    );
    const blob = Buffer.concat(parts);
    const scan = splitBatches(blob, MAX);
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    expect(scan.batches.map((b) => b.codec)).toEqual([...ALL_CODECS]);
    expect(scan.batches.map((b) => b.baseSequence)).toEqual([0, 1, 2, 3, 4]);
    scan.batches.forEach((b, i) => {
      expect(b.bytes.equals(parts[i] as Buffer)).toBe(true);
      expect(b.bytes.buffer).toBe(blob.buffer);
      expect(b.producerId).toBe(7n);
    });
  });

  it('accepts an empty blob and flags transactional and control batches', () => {
    expect(splitBatches(Buffer.alloc(0), MAX)).toEqual({ ok: true, batches: [] });
    const txn = buildBatch([{ key: null, value: null }], {
      codec: 0,
      isTransactional: true,
      isControl: true,
    });
    const scan = splitBatches(txn, MAX);
    expect(scan.ok && scan.batches[0]?.isTransactional && scan.batches[0]?.isControl).toBe(true);
  });

  it('truncated header or truncated last batch -> corrupt-message', () => {
    const batch = handBatch();
    expectScanError(batch.subarray(0, 10), 'corrupt-message');
    expectScanError(batch.subarray(0, 40), 'corrupt-message');
    expectScanError(batch.subarray(0, batch.length - 1), 'corrupt-message');
    expectScanError(Buffer.concat([batch, batch.subarray(0, 30)]), 'corrupt-message');
  });

  it('magic 0 and 1 -> unsupported-magic; other magic -> corrupt-message', () => {
    for (const [magic, error] of [
      [0, 'unsupported-magic'],
      [1, 'unsupported-magic'],
      [3, 'corrupt-message'],
      [-1, 'corrupt-message'],
    ] as const) {
      const batch = handBatch();
      batch.writeInt8(magic, 16);
      expectScanError(batch, error);
    }
    // A legacy magic-0 message is shorter than a v2 header: still reported as unsupported-magic.
    const legacy = Buffer.alloc(26);
    legacy.writeInt32BE(14, 8);
    expectScanError(legacy, 'unsupported-magic');
  });

  it('batchLength below the header size -> corrupt-message', () => {
    const batch = handBatch();
    batch.writeInt32BE(10, 8);
    expectScanError(batch, 'corrupt-message');
  });

  it('any flipped bit in the CRC-covered part, or in the CRC -> corrupt-message', () => {
    const original = handBatch();
    for (let at = 17; at < original.length; at++) {
      const batch = Buffer.from(original);
      batch[at] = (batch[at] as number) ^ 0x10;
      expectScanError(batch, 'corrupt-message');
    }
  });

  it('negative recordCount or lastOffsetDelta != recordCount - 1 -> invalid-record', () => {
    const negative = handBatch();
    negative.writeInt32BE(-1, 57);
    expectScanError(sealWithReferenceCrc(negative), 'invalid-record');
    const mismatch = handBatch();
    mismatch.writeInt32BE(5, 23);
    expectScanError(sealWithReferenceCrc(mismatch), 'invalid-record');
    const empty = handBatch();
    empty.writeInt32BE(0, 57);
    expect(splitBatches(sealWithReferenceCrc(empty), MAX).ok).toBe(true);
  });

  it('unknown codec id 5-7 -> corrupt-message', () => {
    const batch = handBatch();
    batch.writeInt16BE(5, 21);
    expectScanError(sealWithReferenceCrc(batch), 'corrupt-message');
  });

  it('a batch over maxBatchBytes -> message-too-large (the limit counts the 12-byte log overhead)', () => {
    const batch = handBatch();
    expect(splitBatches(batch, batch.length).ok).toBe(true);
    expectScanError(batch, 'message-too-large', batch.length - 1);
  });
});

describe('stampBatch', () => {
  it('writes base offset and leader epoch in place; the CRC stays valid', () => {
    const batch = handBatch();
    const crc = batch.readUInt32BE(17);
    stampBatch(batch, 1234567890123n, 7);
    expect(batch.readBigInt64BE(0)).toBe(1234567890123n);
    expect(batch.readInt32BE(12)).toBe(7);
    expect(batch.readUInt32BE(17)).toBe(crc);
    expect(splitBatches(batch, MAX).ok).toBe(true);
    expect(readRecords(batch, MAX).map((r) => r.offset)).toEqual([1234567890123n, 1234567890124n]);
    stampBatch(batch, 42, 0);
    expect(batch.readBigInt64BE(0)).toBe(42n);
  });

  it('with a log-append time sets attribute bit 3 and maxTimestamp, and recomputes the CRC', () => {
    const batch = handBatch();
    stampBatch(batch, 10n, 1, 1_800_000_000_000n);
    expect(batch.readInt16BE(21) & 0x08).toBe(0x08);
    expect(batch.readBigInt64BE(35)).toBe(1_800_000_000_000n);
    expect(batch.readUInt32BE(17)).toBe(CRC32C.buf(batch.subarray(21)) >>> 0);
    const scan = splitBatches(batch, MAX);
    expect(scan.ok && scan.batches[0]?.timestampType).toBe('log-append-time');
    expect(readRecords(batch, MAX).map((r) => r.timestamp)).toEqual([1_800_000_000_000n, 1_800_000_000_000n]);
  });
});

const headerArb = fc.record({
  key: fc.string({ maxLength: 20 }),
  value: fc.option(fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a))),
});
const recordArb = fc.record({
  key: fc.option(fc.uint8Array({ maxLength: 50 }).map((a) => Buffer.from(a))),
  value: fc.option(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a))),
  headers: fc.array(headerArb, { maxLength: 4 }),
  timestamp: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
});

describe('buildBatch / readRecords round trip', () => {
  for (const codec of ALL_CODECS) {
    it(`codec ${codec}`, () => {
      fc.assert(
        fc.property(
          fc.array(recordArb, { minLength: 1, maxLength: 20 }),
          fc.bigInt({ min: 0n, max: 2n ** 62n }),
          (inputs, baseOffset) => {
            const batch = buildBatch(inputs, {
              codec,
              baseOffset,
              producerId: 99n,
              producerEpoch: 3,
              baseSequence: 17,
            });
            const scan = splitBatches(batch, MAX);
            expect(scan.ok).toBe(true);
            if (scan.ok)
              expect(scan.batches[0]).toMatchObject({
                codec,
                recordCount: inputs.length,
                producerId: 99n,
                baseSequence: 17,
              });
            const records = readRecords(batch, MAX);
            expect(records).toEqual(
              inputs.map((r, i) => ({
                offset: baseOffset + BigInt(i),
                timestamp: r.timestamp,
                key: r.key,
                value: r.value,
                headers: r.headers,
              })),
            );
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('refuses an empty record list', () => {
    expect(() => buildBatch([], { codec: 0 })).toThrow(BrokerError);
  });
});

describe('readRecords on malformed batches', () => {
  /** A batch around a hand-made (uncompressed or compressed) records body, with a valid CRC. */
  function batchAround(body: Buffer, recordCount: number, codec = 0): Buffer {
    const payload = compress(codec, body);
    const batch = Buffer.concat([handBatch().subarray(0, 61), payload]);
    batch.writeInt32BE(batch.length - 12, 8);
    batch.writeInt16BE(codec, 21);
    batch.writeInt32BE(recordCount - 1, 23);
    batch.writeInt32BE(recordCount, 57);
    return sealWithReferenceCrc(batch);
  }
  const expectDecodeError = (batch: Buffer, field?: RegExp): void => {
    let caught: unknown;
    try {
      readRecords(batch, MAX);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProtocolDecodeError);
    if (field) expect((caught as ProtocolDecodeError).field).toMatch(field);
  };

  it('rejects bad CRC, magic, short input and batchLength overruns', () => {
    const batch = handBatch();
    batch[70] = (batch[70] as number) ^ 1;
    expectDecodeError(batch, /crc/);
    const magic = handBatch();
    magic.writeInt8(1, 16);
    expectDecodeError(magic, /magic/);
    expectDecodeError(handBatch().subarray(0, 60));
    const long = handBatch();
    long.writeInt32BE(long.length, 8);
    expectDecodeError(long, /batchLength/);
  });

  it('rejects record lengths that disagree with the fields, and lengths past the end', () => {
    expectDecodeError(batchAround(Buffer.from('0e00000001010000', 'hex'), 1), /records\[0\]$/); // declares 7, fields take 6
    expectDecodeError(batchAround(Buffer.from('7e00000001010000', 'hex'), 1), /length/); // declares 63
    expectDecodeError(batchAround(Buffer.from('0c000000100101', 'hex'), 1), /key/); // key length 8 > rest
    expectDecodeError(batchAround(Buffer.from('0c0000000101ff0f', 'hex'), 1)); // header count varint truncated
    expectDecodeError(batchAround(Buffer.from('0c0000000101030000', 'hex'), 1), /headers/); // negative header count
  });

  it('rejects over-long varints, trailing bytes, too many records and null header keys', () => {
    expectDecodeError(batchAround(Buffer.from('ffffffffff0100000000', 'hex'), 1), /length/);
    expectDecodeError(batchAround(Buffer.from('0c0000000101000000', 'hex'), 1), /records/); // 2 bytes left over
    expectDecodeError(batchAround(Buffer.from('0c000000010100', 'hex'), 1000), /recordCount/);
    expectDecodeError(batchAround(Buffer.from('1000000001010201010101', 'hex').subarray(0, 9), 1));
    expectDecodeError(batchAround(Buffer.from('10000000010102010101', 'hex'), 1), /headers\[0\]\.key/);
  });

  it('decompresses with the cap and reports compression problems as BrokerError', () => {
    const body = buildBatch([{ key: null, value: Buffer.alloc(10_000) }], { codec: 0 }).subarray(61);
    const gz = batchAround(body, 1, CompressionCodec.Gzip);
    expect(readRecords(gz, MAX)[0]?.value?.length).toBe(10_000);
    expect(() => readRecords(gz, 1000)).toThrow(BrokerError);
    const garbage = batchAround(Buffer.from('not compressed at all'), 1, 0);
    garbage.writeInt16BE(CompressionCodec.Zstd, 21);
    expect(() => readRecords(sealWithReferenceCrc(garbage), MAX)).toThrow(BrokerError);
  });
});

describe('fuzz: only the declared errors', () => {
  it('splitBatches never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, max) => {
        const scan = splitBatches(Buffer.from(bytes), max);
        if (!scan.ok)
          expect(['corrupt-message', 'invalid-record', 'unsupported-magic', 'message-too-large']).toContain(
            scan.error,
          );
      }),
      { numRuns: 2000 },
    );
  });

  it('readRecords on random bodies with a valid header and CRC throws only BrokerError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: -2, max: 50 }),
        fc.integer({ min: 0, max: 7 }),
        (body, count, codec) => {
          const batch = Buffer.concat([handBatch().subarray(0, 61), Buffer.from(body)]);
          batch.writeInt32BE(batch.length - 12, 8);
          batch.writeInt16BE(codec, 21);
          batch.writeInt32BE(count, 57);
          sealWithReferenceCrc(batch);
          for (const candidate of [batch, Buffer.from(body)]) {
            try {
              readRecords(candidate, 64 * 1024);
            } catch (err) {
              expect(err).toBeInstanceOf(BrokerError);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('readRecords on mutated valid batches throws only BrokerError', () => {
    const valid = buildBatch(
      [
        { key: Buffer.from('key'), value: Buffer.from('value'), headers: [{ key: 'a', value: null }] },
        { key: null, value: Buffer.alloc(40, 1) },
      ],
      { codec: 0 },
    );
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const batch = Buffer.from(valid);
        batch[61 + (at % (batch.length - 61))] = byte;
        sealWithReferenceCrc(batch);
        try {
          readRecords(batch, MAX);
        } catch (err) {
          expect(err).toBeInstanceOf(BrokerError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
