import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { compressSync as snappyCompressSync } from 'snappy';
import { compress as zstdCompress } from 'zstd-napi';
import { compressFrameSync } from 'lz4-napi';
import { BrokerError } from '../../../errors.js';
import {
  CompressionCodec,
  compress,
  compressionCodecName,
  decompress,
  isCompressionCodec,
} from './compression.js';
import { scanLz4Frames } from './lz4-frame.js';
import { compressSnappyXerial, snappyUncompressedLength } from './snappy-framing.js';

const ALL_CODECS = [
  CompressionCodec.None,
  CompressionCodec.Gzip,
  CompressionCodec.Snappy,
  CompressionCodec.Lz4,
  CompressionCodec.Zstd,
] as const;
const MiB = 1024 * 1024;
const FIXTURE_TEXT = 'ferrymq lz4 fixture: hello hello hello hello kafka';

function expectCompressionError(run: () => unknown, match?: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(BrokerError);
  expect((caught as BrokerError).code).toBe('BRK_ERR_COMPRESSION');
  if (match) expect((caught as BrokerError).message).toMatch(match);
}

/** A raw snappy block built by hand: varint length preamble + one literal element (<= 60 bytes). */
function handRawSnappy(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length === 0 || bytes.length > 60) throw new Error('fixture helper handles 1..60 bytes');
  return Buffer.concat([Buffer.from([bytes.length, (bytes.length - 1) << 2]), bytes]);
}

/** Xerial framing built by hand from the format: magic, version 1, compatible 1, [len int32 BE, block]*. */
function handXerial(blocks: Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('82534e41505059000000000100000001', 'hex')];
  for (const block of blocks) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length);
    parts.push(len, block);
  }
  return Buffer.concat(parts);
}

describe('codec ids', () => {
  it('names Kafka codecs and rejects unknown ids', () => {
    expect(ALL_CODECS.map((c) => compressionCodecName(c))).toEqual(['none', 'gzip', 'snappy', 'lz4', 'zstd']);
    expect(isCompressionCodec(5)).toBe(false);
    expectCompressionError(() => compressionCodecName(7));
    expectCompressionError(() => decompress(5, Buffer.from('x'), 100), /unknown compression codec 5/);
    expectCompressionError(() => compress(6, Buffer.from('x')), /unknown compression codec 6/);
  });
});

describe('round trips', () => {
  for (const codec of ALL_CODECS) {
    it(`${compressionCodecName(codec)}: decompress(compress(x)) = x`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 * 1024 }), fc.boolean(), (bytes, repetitive) => {
          const data = repetitive ? Buffer.from(bytes).fill(bytes[0] ?? 1) : Buffer.from(bytes);
          const packed = compress(codec, data);
          expect(decompress(codec, packed, data.length).equals(data)).toBe(true);
        }),
        { numRuns: 40 },
      );
    });

    it(`${compressionCodecName(codec)}: output exactly at the cap is accepted, one byte over is not`, () => {
      const data = Buffer.alloc(300 * 1024, 'abcdefgh');
      const packed = compress(codec, data);
      expect(decompress(codec, packed, data.length).length).toBe(data.length);
      expectCompressionError(() => decompress(codec, packed, data.length - 1), /limit/);
    });
  }
});

describe('independent fixtures', () => {
  it('gzip as kafkajs writes it (zlib) and concatenated members', () => {
    const one = gzipSync(Buffer.from('first member;'));
    const two = gzipSync(Buffer.from('second member'), { level: 1 });
    expect(decompress(CompressionCodec.Gzip, one, 100).toString()).toBe('first member;');
    expect(decompress(CompressionCodec.Gzip, Buffer.concat([one, two]), 100).toString()).toBe(
      'first member;second member',
    );
  });

  it('raw snappy block built by hand', () => {
    const block = handRawSnappy(FIXTURE_TEXT);
    expect(decompress(CompressionCodec.Snappy, block, 1000).toString('latin1')).toBe(FIXTURE_TEXT);
  });

  it('xerial-framed snappy built by hand, several blocks', () => {
    const framed = handXerial([
      handRawSnappy('part one, '),
      handRawSnappy('part two, '),
      snappyCompressSync(Buffer.from('three')),
    ]);
    expect(decompress(CompressionCodec.Snappy, framed, 1000).toString()).toBe('part one, part two, three');
    expect(decompress(CompressionCodec.Snappy, handXerial([]), 1000).length).toBe(0);
  });

  it('xerial framing from compressSnappyXerial matches the hand-built header', () => {
    const data = Buffer.alloc(100 * 1024, 'xyz');
    const framed = compressSnappyXerial(data);
    expect(framed.subarray(0, 16).equals(handXerial([]))).toBe(true);
    expect(decompress(CompressionCodec.Snappy, framed, data.length).equals(data)).toBe(true);
  });

  it('lz4 frames written by the lz4 1.9.4 CLI (with and without content size and block checksums)', () => {
    const plain = Buffer.from(
      '04224d186440a725000000ff0b66657272796d71206c7a3420666978747572653a2068656c6c6f060000506b61666b6100000000dbc99e1d',
      'hex',
    );
    const withSizeAndChecksums = Buffer.from(
      '04224d187c403200000000000000f225000000ff0b66657272796d71206c7a3420666978747572653a2068656c6c6f060000506b61666b6115a8aa1c00000000dbc99e1d',
      'hex',
    );
    expect(decompress(CompressionCodec.Lz4, plain, 1000).toString()).toBe(FIXTURE_TEXT);
    expect(decompress(CompressionCodec.Lz4, withSizeAndChecksums, 1000).toString()).toBe(FIXTURE_TEXT);
    expect(
      decompress(CompressionCodec.Lz4, Buffer.concat([plain, withSizeAndChecksums]), 1000).toString(),
    ).toBe(FIXTURE_TEXT + FIXTURE_TEXT);
    expectCompressionError(() => decompress(CompressionCodec.Lz4, withSizeAndChecksums, 49), /limit/);
  });

  it('lz4: skippable frames are skipped', () => {
    const skippable = Buffer.from('502a4d1803000000aabbcc', 'hex');
    const frame = compressFrameSync(Buffer.from('after skip'));
    expect(decompress(CompressionCodec.Lz4, Buffer.concat([skippable, frame]), 100).toString()).toBe(
      'after skip',
    );
  });

  it('zstd frames written by the zstd 1.5.4 CLI (streamed without content size, and with it)', () => {
    const streamed = Buffer.from(
      '28b52ffd04582d0100f866657272796d71206c7a3420666978747572653a2068656c6c6f6b61666b6101002629639552f7f2',
      'hex',
    );
    const sized = Buffer.from(
      '28b52ffd24322d0100f866657272796d71206c7a3420666978747572653a2068656c6c6f6b61666b6101002629639552f7f2',
      'hex',
    );
    expect(decompress(CompressionCodec.Zstd, streamed, 1000).toString()).toBe(FIXTURE_TEXT);
    expect(decompress(CompressionCodec.Zstd, sized, 1000).toString()).toBe(FIXTURE_TEXT);
    expect(decompress(CompressionCodec.Zstd, Buffer.concat([sized, streamed]), 1000).toString()).toBe(
      FIXTURE_TEXT + FIXTURE_TEXT,
    );
    expectCompressionError(() => decompress(CompressionCodec.Zstd, streamed, 49), /limit/);
    expectCompressionError(() => decompress(CompressionCodec.Zstd, sized, 49), /limit/);
  });
});

describe('garbage and truncated input', () => {
  const samples = ALL_CODECS.filter((c) => c !== CompressionCodec.None).map((codec) => ({
    codec,
    packed: compress(codec, Buffer.alloc(10_000, 'some text that compresses ')),
  }));

  for (const { codec, packed } of samples) {
    it(`${compressionCodecName(codec)}: truncated, empty and bit-flipped input throws BrokerError`, () => {
      expectCompressionError(() => decompress(codec, packed.subarray(0, packed.length - 3), 1 * MiB));
      expectCompressionError(() => decompress(codec, packed.subarray(0, 5), 1 * MiB));
      expectCompressionError(() => decompress(codec, Buffer.alloc(0), 1 * MiB));
      expectCompressionError(() => decompress(codec, Buffer.from('definitely not compressed data'), 1 * MiB));
    });

    it(`${compressionCodecName(codec)}: random bytes only ever throw BrokerError`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(), (bytes, flipAt) => {
          // Half the runs mutate a valid payload, half feed pure noise.
          const input = Buffer.from(packed);
          if (bytes.length > 0) input[flipAt % input.length] = bytes[0] as number;
          for (const candidate of [Buffer.from(bytes), input]) {
            try {
              decompress(codec, candidate, 64 * 1024);
            } catch (err) {
              expect(err).toBeInstanceOf(BrokerError);
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('xerial: a block length running past the end throws', () => {
    const framed = handXerial([handRawSnappy('abc')]);
    framed.writeInt32BE(1000, 16);
    expectCompressionError(() => decompress(CompressionCodec.Snappy, framed, 100), /overruns/);
    expectCompressionError(() =>
      decompress(CompressionCodec.Snappy, Buffer.concat([handXerial([]), Buffer.from([0, 0])]), 100),
    );
  });

  it('lz4: reserved bits, bad version and dictionary ids are rejected', () => {
    const frame = compressFrameSync(Buffer.from('hello'));
    const badVersion = Buffer.from(frame);
    badVersion[4] = (badVersion[4] as number) & 0x3f;
    expectCompressionError(() => decompress(CompressionCodec.Lz4, badVersion, 100), /version/);
    const dict = Buffer.from(frame);
    dict[4] = (dict[4] as number) | 0x01;
    expectCompressionError(() => decompress(CompressionCodec.Lz4, dict, 100), /dictionary/);
    const badBlockSize = Buffer.from(frame);
    badBlockSize[5] = 0x30;
    expectCompressionError(() => decompress(CompressionCodec.Lz4, badBlockSize, 100), /block max size/);
  });
});

describe('bombs: output over the cap is refused without producing it', () => {
  it('gzip of 100 MiB of zeros, cap 1 MiB', () => {
    const bomb = gzipSync(Buffer.alloc(100 * MiB), { level: 1 });
    expect(bomb.length).toBeLessThan(1 * MiB);
    expectCompressionError(() => decompress(CompressionCodec.Gzip, bomb, 1 * MiB), /limit/);
  });

  it('raw snappy whose preamble claims 1 GiB is refused before decoding', () => {
    const liar = Buffer.concat([Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04]), Buffer.alloc(16)]);
    expect(snappyUncompressedLength(liar)).toBe(1024 * MiB);
    expectCompressionError(() => decompress(CompressionCodec.Snappy, liar, 1 * MiB), /limit/);
  });

  it('xerial snappy: the running total of block preambles is checked before each block', () => {
    const block = snappyCompressSync(Buffer.alloc(600 * 1024));
    const framed = handXerial([block, block]);
    expect(decompress(CompressionCodec.Snappy, framed, 2 * MiB).length).toBe(1200 * 1024);
    expectCompressionError(() => decompress(CompressionCodec.Snappy, framed, 1 * MiB), /limit/);
  });

  it('lz4 of 32 MiB of zeros is refused by the frame walk, before any block is decoded', () => {
    const bomb = compressFrameSync(Buffer.alloc(32 * MiB));
    expect(() => scanLz4Frames(bomb, 1 * MiB)).toThrow(BrokerError);
    expectCompressionError(() => decompress(CompressionCodec.Lz4, bomb, 1 * MiB), /limit/);
  });

  it('lz4 frame walk bounds the output by blocks x block max size', () => {
    const frame = compressFrameSync(Buffer.alloc(200 * 1024, 'ab'));
    const [bounds] = scanLz4Frames(frame, 100 * MiB);
    expect(bounds).toBeDefined();
    expect(bounds?.maxOutputBytes).toBeGreaterThanOrEqual(200 * 1024);
    expect(bounds?.end).toBe(frame.length);
  });

  it('zstd with a declared content size over the cap is refused from the header', () => {
    const bomb = zstdCompress(Buffer.alloc(64 * MiB));
    expectCompressionError(() => decompress(CompressionCodec.Zstd, bomb, 1 * MiB), /limit/);
  });

  it('zstd without a content size stops streaming at the cap', () => {
    const bomb = zstdCompress(Buffer.alloc(64 * MiB), { contentSizeFlag: false });
    expectCompressionError(() => decompress(CompressionCodec.Zstd, bomb, 1 * MiB), /limit/);
    const small = zstdCompress(Buffer.alloc(3 * MiB, 'q'), { contentSizeFlag: false });
    expect(decompress(CompressionCodec.Zstd, small, 3 * MiB).equals(Buffer.alloc(3 * MiB, 'q'))).toBe(true);
  });

  it('codec none respects the cap too', () => {
    expectCompressionError(() => decompress(CompressionCodec.None, Buffer.alloc(11), 10), /limit/);
  });
});
