import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../errors.js';
import { RecordCursor } from './record-cursor.js';

/** Unsigned LEB128 of `value` (a non-negative bigint), written independently of the cursor. */
function leb128(value: bigint): Buffer {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Buffer.from(out);
}

const zigzag32 = (n: number): bigint => BigInt(((n << 1) ^ (n >> 31)) >>> 0);
const zigzag64 = (n: bigint): bigint => BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));

describe('RecordCursor', () => {
  it('varint decodes every int32 and consumes exactly its bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (n) => {
        const bytes = Buffer.concat([leb128(zigzag32(n)), Buffer.from([0xaa])]);
        const c = new RecordCursor(bytes);
        expect(c.varint('v')).toBe(n);
        expect(c.pos).toBe(bytes.length - 1);
      }),
    );
    for (const n of [0, -1, 1, 63, -64, 64, 2 ** 31 - 1, -(2 ** 31)]) {
      expect(new RecordCursor(leb128(zigzag32(n))).varint('v')).toBe(n);
    }
  });

  it('varint refuses more than 32 bits, a sixth byte and truncation, naming the field', () => {
    // 2^32 needs a fifth byte of 0x10.
    expect(() => new RecordCursor(leb128(1n << 32n)).varint('f')).toThrow(
      /f at byte 0: varint longer than 32 bits/,
    );
    expect(() => new RecordCursor(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])).varint('f')).toThrow(
      ProtocolDecodeError,
    );
    expect(() => new RecordCursor(Buffer.from([0x80, 0x80])).varint('f')).toThrow(/truncated varint/);
    const c = new RecordCursor(Buffer.from([0x01, 0x80, 0x01]), 1, 2);
    expect(() => c.varint('f')).toThrow(/f at byte 1: truncated varint/);
  });

  it('skipVarlong steps over exactly what varlong reads', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
        const bytes = Buffer.concat([leb128(zigzag64(n)), Buffer.from([0x55])]);
        const a = new RecordCursor(bytes);
        const b = new RecordCursor(bytes);
        expect(a.varlong('t')).toBe(n);
        b.skipVarlong('t');
        expect(b.pos).toBe(a.pos);
      }),
    );
    expect(() => new RecordCursor(Buffer.alloc(11, 0x80)).skipVarlong('t')).toThrow(/longer than 64 bits/);
    expect(() => new RecordCursor(Buffer.from([0x80])).skipVarlong('t')).toThrow(/truncated varlong/);
  });

  it('skipNullableBytes returns the length, steps over the bytes, and bounds the length', () => {
    const bytes = Buffer.from([0x06, 1, 2, 3, 0x01, 0x00, 0x02]);
    const c = new RecordCursor(bytes);
    expect(c.skipNullableBytes('k')).toBe(3);
    expect(c.pos).toBe(4);
    expect(c.skipNullableBytes('k')).toBe(-1);
    expect(c.skipNullableBytes('k')).toBe(0);
    expect(() => c.skipNullableBytes('k')).toThrow(/k at byte 6: length 1 does not fit in 0 bytes/);
    expect(() => new RecordCursor(Buffer.from([0x03])).skipNullableBytes('k')).toThrow(/length -2/);
  });
});
