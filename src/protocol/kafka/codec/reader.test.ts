import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProtocolDecodeError } from '../../../errors.js';
import { Reader } from './reader.js';

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

/** Runs `read` and returns the ProtocolDecodeError it throws. */
function decodeError(read: () => unknown): ProtocolDecodeError {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolDecodeError);
    return err as ProtocolDecodeError;
  }
  throw new Error('expected a ProtocolDecodeError');
}

describe('Reader fixed-width reads', () => {
  it('reads big-endian integers, floats, bools and uuids', () => {
    const r = new Reader(
      hex(
        'ff 8000 ffff 80000000 ffffffff fffffffffffffffe 3ff0000000000000 00 02 00112233445566778899aabbccddeeff',
      ),
    );
    expect(r.readInt8('a')).toBe(-1);
    expect(r.readInt16('b')).toBe(-32768);
    expect(r.readUInt16('c')).toBe(65535);
    expect(r.readInt32('d')).toBe(-2147483648);
    expect(r.readUInt32('e')).toBe(4294967295);
    expect(r.readInt64('f')).toBe(-2n);
    expect(r.readFloat64('g')).toBe(1);
    expect(r.readBool('h')).toBe(false);
    expect(r.readBool('i')).toBe(true);
    const uuid = r.readUuid('j');
    expect(uuid.toString('hex')).toBe('00112233445566778899aabbccddeeff');
    expect(r.remaining).toBe(0);
  });

  it('returns slices, not copies', () => {
    const buf = hex('00000002 abcd');
    const bytes = new Reader(buf).readBytes('x');
    expect(bytes.buffer).toBe(buf.buffer);
    expect(bytes.byteOffset).toBe(buf.byteOffset + 4);
  });

  it('honours a start offset and an end bound', () => {
    const r = new Reader(hex('ffff 0001 0002'), 2, 4);
    expect(r.offset).toBe(2);
    expect(r.readInt16('x')).toBe(1);
    const err = decodeError(() => r.readInt16('Header.field'));
    expect(err.field).toBe('Header.field');
    expect(err.offset).toBe(4);
  });

  it.each([
    ['readInt8', 0],
    ['readInt16', 1],
    ['readUInt16', 1],
    ['readInt32', 3],
    ['readUInt32', 3],
    ['readInt64', 7],
    ['readFloat64', 7],
    ['readUuid', 15],
    ['readBool', 0],
  ] as const)('%s on truncated input names the field', (method, available) => {
    const r = new Reader(Buffer.alloc(available));
    const err = decodeError(() => r[method]('Msg.value'));
    expect(err.field).toBe('Msg.value');
    expect(err.code).toBe('BRK_ERR_PROTOCOL_DECODE');
  });
});

describe('Reader varints', () => {
  it('reads unsigned varints up to 32 bits', () => {
    expect(new Reader(hex('00')).readUnsignedVarint()).toBe(0);
    expect(new Reader(hex('7f')).readUnsignedVarint()).toBe(127);
    expect(new Reader(hex('8001')).readUnsignedVarint()).toBe(128);
    expect(new Reader(hex('ffffffff0f')).readUnsignedVarint()).toBe(0xffffffff);
  });

  it('reads zigzag varints and varlongs', () => {
    expect(new Reader(hex('01')).readVarint()).toBe(-1);
    expect(new Reader(hex('02')).readVarint()).toBe(1);
    expect(new Reader(hex('feffffff0f')).readVarint()).toBe(2147483647);
    expect(new Reader(hex('ffffffff0f')).readVarint()).toBe(-2147483648);
    expect(new Reader(hex('03')).readVarlong()).toBe(-2n);
    expect(new Reader(hex('feffffffffffffffff01')).readVarlong()).toBe(2n ** 63n - 1n);
    expect(new Reader(hex('ffffffffffffffffff01')).readVarlong()).toBe(-(2n ** 63n));
    // 7 and 8 bytes: the number/bigint hand-over point.
    expect(new Reader(hex('feffffffffff7f')).readVarlong()).toBe(2n ** 48n - 1n);
    expect(new Reader(hex('8080808080808001')).readVarlong()).toBe(2n ** 48n);
  });

  it('rejects more than 5 bytes, more than 32 bits and truncation', () => {
    expect(decodeError(() => new Reader(hex('ffffffff8f00')).readUnsignedVarint('A.len')).message).toMatch(
      /longer than 5/,
    );
    expect(decodeError(() => new Reader(hex('ffffffff1f')).readUnsignedVarint('A.len')).message).toMatch(
      /32 bits/,
    );
    const err = decodeError(() => new Reader(hex('ff ff')).readVarint('A.delta'));
    expect(err.field).toBe('A.delta');
    expect(err.message).toMatch(/truncated/);
  });

  it('rejects varlongs of more than 10 bytes, over 64 bits, or truncated', () => {
    expect(decodeError(() => new Reader(hex('ffffffffffffffffff81 00')).readVarlong('B.ts')).message).toMatch(
      /longer than 10/,
    );
    expect(decodeError(() => new Reader(hex('ffffffffffffffffff02')).readVarlong('B.ts')).message).toMatch(
      /64 bits/,
    );
    expect(decodeError(() => new Reader(hex('ffffffffffffffff')).readVarlong('B.ts')).field).toBe('B.ts');
    expect(decodeError(() => new Reader(hex('ffff')).readVarlong('B.ts')).field).toBe('B.ts');
  });

  it('round-trips random varlongs through its own decoding of Kafka-style bytes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        // Independent encoder: zigzag then LEB128 with bigint arithmetic only.
        let raw = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
        const bytes: number[] = [];
        while (raw >= 0x80n) {
          bytes.push(Number(raw & 0x7fn) | 0x80);
          raw >>= 7n;
        }
        bytes.push(Number(raw));
        const r = new Reader(Buffer.from(bytes));
        expect(r.readVarlong()).toBe(v);
        expect(r.remaining).toBe(0);
      }),
    );
  });
});

describe('Reader strings and bytes', () => {
  it('reads classic and compact strings, with null', () => {
    expect(new Reader(hex('0003 616263')).readString()).toBe('abc');
    expect(new Reader(hex('ffff')).readNullableString()).toBeNull();
    expect(new Reader(hex('04 616263')).readCompactString()).toBe('abc');
    expect(new Reader(hex('00')).readCompactNullableString()).toBeNull();
    expect(new Reader(hex('0002 c3a9')).readString()).toBe('é');
  });

  it('rejects null where not nullable, negative lengths and oversized lengths', () => {
    expect(decodeError(() => new Reader(hex('ffff')).readString('T.name')).field).toBe('T.name');
    expect(decodeError(() => new Reader(hex('fffe')).readNullableString('T.name')).message).toMatch(/-2/);
    expect(decodeError(() => new Reader(hex('0004 6162')).readString('T.name')).message).toMatch(/exceeds/);
    expect(decodeError(() => new Reader(hex('00')).readCompactString('T.name')).message).toMatch(/null/);
    expect(decodeError(() => new Reader(hex('05 6162')).readCompactNullableString('T.name')).field).toBe(
      'T.name',
    );
  });

  it('reads classic and compact bytes, with null, and bounds them', () => {
    expect(new Reader(hex('00000001 7f')).readBytes()).toEqual(hex('7f'));
    expect(new Reader(hex('ffffffff')).readNullableBytes()).toBeNull();
    expect(new Reader(hex('02 7f')).readCompactBytes()).toEqual(hex('7f'));
    expect(new Reader(hex('00')).readCompactNullableBytes()).toBeNull();
    expect(decodeError(() => new Reader(hex('ffffffff')).readBytes('P.records')).field).toBe('P.records');
    expect(decodeError(() => new Reader(hex('fffffffe')).readNullableBytes('P.records')).message).toMatch(
      /-2/,
    );
    expect(decodeError(() => new Reader(hex('7fffffff 00')).readNullableBytes('P.records')).message).toMatch(
      /exceeds/,
    );
    expect(decodeError(() => new Reader(hex('00')).readCompactBytes('P.records')).field).toBe('P.records');
    expect(decodeError(() => new Reader(hex('ffffffff0f')).readCompactNullableBytes('P.records')).field).toBe(
      'P.records',
    );
  });
});

describe('Reader arrays and tagged fields', () => {
  it('returns -1 for null arrays and the count otherwise', () => {
    expect(new Reader(hex('ffffffff')).readArrayLength()).toBe(-1);
    expect(new Reader(hex('00000002 0000')).readArrayLength()).toBe(2);
    expect(new Reader(hex('00')).readCompactArrayLength()).toBe(-1);
    expect(new Reader(hex('03 0000')).readCompactArrayLength()).toBe(2);
  });

  it('rejects negative counts and counts the remaining bytes cannot hold', () => {
    expect(decodeError(() => new Reader(hex('fffffffe')).readArrayLength('M.topics')).message).toMatch(/-2/);
    expect(decodeError(() => new Reader(hex('7fffffff')).readArrayLength('M.topics')).field).toBe('M.topics');
    expect(decodeError(() => new Reader(hex('00000002 00')).readArrayLength('M.topics')).message).toMatch(
      /exceeds/,
    );
    expect(decodeError(() => new Reader(hex('00000001 000000')).readArrayLength('M.ids', 4)).field).toBe(
      'M.ids',
    );
    expect(decodeError(() => new Reader(hex('ffffffff0f')).readCompactArrayLength('M.topics')).field).toBe(
      'M.topics',
    );
  });

  it('reads unknown tagged fields as slices', () => {
    const r = new Reader(hex('02 00 01 aa 05 02 bbcc'));
    expect(r.readTaggedFields()).toEqual([
      { tag: 0, data: hex('aa') },
      { tag: 5, data: hex('bbcc') },
    ]);
    expect(new Reader(hex('00')).readTaggedFields()).toBeUndefined();
  });

  it('bounds tagged-field counts and sizes', () => {
    expect(decodeError(() => new Reader(hex('7f 00')).readTaggedFields('S._tagged')).field).toBe('S._tagged');
    expect(decodeError(() => new Reader(hex('01 00 05 aa')).readTaggedFields('S._tagged')).message).toMatch(
      /exceeds/,
    );
    expect(decodeError(() => new Reader(hex('05 aa')).readTaggedFieldSize('S._tagged')).field).toBe(
      'S._tagged',
    );
    expect(decodeError(() => new Reader(hex('7f 00')).readTaggedFieldCount('S._tagged')).field).toBe(
      'S._tagged',
    );
  });

  it('skip and readRaw are bounded', () => {
    const r = new Reader(hex('0102'));
    r.skip(1);
    expect(r.readRaw(1)).toEqual(hex('02'));
    expect(decodeError(() => r.skip(1, 'X.pad')).field).toBe('X.pad');
  });
});
