/**
 * Hostile bytes for the Kafka record batch parsers: readRecords (the produce path's full decode),
 * splitBatches (the produce request scan) and the model's decodeRecordBatch (RocketMQ pulls of Kafka
 * data). Each must return a value or throw a typed error (ProtocolDecodeError naming the field, or
 * BrokerError BRK_ERR_COMPRESSION for bad compressed data), and never allocate more than the input size
 * plus a small slack, or more than the decompression cap for compressed bodies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOCATION_SLACK_BYTES,
  hostileBytes,
  recordAllocations,
  type LengthField,
} from '../../../../compat-tests/harness/hostile-input.js';
import { BrokerError, ProtocolDecodeError } from '../../../errors.js';
import { decodeRecordBatch } from '../../../model/index.js';
import { CompressionCodec, decompress } from './compression.js';
import { crc32c } from './crc32c.js';
import { buildBatch, readRecords, splitBatches } from './record-batch.js';
import { BatchField, CRC_START } from './record-batch-layout.js';

const RUNS = Number(process.env['FERRYMQ_FUZZ_RUNS'] ?? 400);
const MAX_DECOMPRESSED = 256 * 1024;

function isTyped(err: unknown): boolean {
  if (err instanceof ProtocolDecodeError) return err.field.length > 0;
  return err instanceof BrokerError && err.code === 'BRK_ERR_COMPRESSION';
}

/** Runs a decoder; fails the property on an untyped error or an allocation beyond the bound. */
function expectTypedOutcome(input: Buffer, run: () => unknown, cap = input.length): void {
  const { allocations } = recordAllocations(() => {
    try {
      run();
    } catch (err) {
      if (!isTyped(err)) throw new Error(`untyped error for ${input.toString('hex')}`, { cause: err });
    }
  });
  expect(allocations.largest).toBeLessThanOrEqual(Math.max(input.length, cap) + ALLOCATION_SLACK_BYTES);
}

/** Recomputes the CRC so that mutations reach the record parser behind the CRC check. */
function withFixedCrc(b: Buffer): Buffer {
  if (b.length < 61) return b;
  const end = Math.min(b.length, Math.max(61, 12 + b.readInt32BE(BatchField.batchLength)));
  const out = Buffer.from(b);
  out.writeUInt32BE(crc32c(out.subarray(CRC_START, end)), BatchField.crc);
  return out;
}

const LENGTHS: LengthField[] = [
  { offset: BatchField.batchLength, bytes: 4 },
  { offset: BatchField.recordCount, bytes: 4 },
  { offset: BatchField.lastOffsetDelta, bytes: 4 },
  { offset: BatchField.attributes, bytes: 2 },
  // the first record's length varint and key length varint
  { offset: 61, bytes: 1 },
  { offset: 66, bytes: 1 },
];

function validBatches(): { bytes: Buffer; fields: LengthField[] }[] {
  const records = [
    { key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [{ key: 'TAGS', value: Buffer.from('a') }] },
    { key: null, value: Buffer.alloc(300, 7) },
    { key: Buffer.from('k3'), value: null, headers: [{ key: 'h', value: null }] },
  ];
  const out = [
    CompressionCodec.None,
    CompressionCodec.Gzip,
    CompressionCodec.Snappy,
    CompressionCodec.Lz4,
    CompressionCodec.Zstd,
  ].map((codec) => ({ bytes: buildBatch(records, { codec }), fields: LENGTHS }));
  // A compressed batch whose records hold another compressed batch (nested compression).
  const inner = buildBatch(records, { codec: CompressionCodec.Gzip });
  out.push({
    bytes: buildBatch([{ key: null, value: inner }], { codec: CompressionCodec.Gzip }),
    fields: LENGTHS,
  });
  return out;
}

const decodeAll = (b: Buffer): void => {
  const records = readRecords(b, MAX_DECOMPRESSED);
  for (const r of records) {
    // a record value that is itself a batch is only bytes to the broker: nothing is decoded twice
    expect(r.value === null || Buffer.isBuffer(r.value)).toBe(true);
  }
};

describe('record batch parsers under hostile bytes', () => {
  const valid = validBatches();
  const inputs = hostileBytes(valid);

  it('readRecords: a value or a typed error, bounded allocation', () => {
    fc.assert(
      fc.property(inputs, fc.boolean(), (raw, fixCrc) => {
        const b = fixCrc ? withFixedCrc(raw) : raw;
        expectTypedOutcome(b, () => decodeAll(b), MAX_DECOMPRESSED);
      }),
      { numRuns: RUNS },
    );
  });

  it('splitBatches: returns a scan result, never throws, allocates nothing large', () => {
    fc.assert(
      fc.property(fc.array(inputs, { minLength: 1, maxLength: 3 }), fc.boolean(), (parts, fixCrc) => {
        const b = Buffer.concat(parts.map((p) => (fixCrc ? withFixedCrc(p) : p)));
        const { result, allocations } = recordAllocations(() => splitBatches(b, 1024 * 1024));
        expect(typeof result.ok).toBe('boolean');
        expect(allocations.largest).toBeLessThanOrEqual(ALLOCATION_SLACK_BYTES);
      }),
      { numRuns: RUNS },
    );
  });

  it('model decodeRecordBatch (no CRC check): a value or a typed error, bounded allocation', () => {
    fc.assert(
      fc.property(inputs, (b) => {
        expectTypedOutcome(b, () => decodeRecordBatch(b, decompress, MAX_DECOMPRESSED), MAX_DECOMPRESSED);
      }),
      { numRuns: RUNS },
    );
  });

  it('rejects the known-nasty batch headers with the field named', () => {
    const [plain] = valid;
    const base = (plain as { bytes: Buffer }).bytes;
    const set = (offset: number, v: number, bytes: 2 | 4 = 4): Buffer => {
      const b = Buffer.from(base);
      if (bytes === 4) b.writeInt32BE(v, offset);
      else b.writeInt16BE(v, offset);
      return withFixedCrc(b);
    };
    const field = (b: Buffer): string => {
      try {
        readRecords(b, MAX_DECOMPRESSED);
      } catch (err) {
        if (err instanceof ProtocolDecodeError) return err.field;
        throw err;
      }
      return 'none';
    };
    expect(field(set(BatchField.batchLength, -1))).toBe('batchLength');
    expect(field(set(BatchField.batchLength, 0x7fffffff))).toBe('batchLength');
    expect(field(set(BatchField.recordCount, -1))).toBe('recordCount');
    expect(field(set(BatchField.recordCount, 0x7fffffff))).toBe('recordCount');
    expect(field(base.subarray(0, 40))).toBe('recordBatch');
  });
});
