import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BrokerError } from '../../../errors.js';
import { Reader } from './reader.js';
import { varintSize, varlongSize, unsignedVarintSize } from './varint.js';
import { Writer, nullNotAllowed } from './writer.js';

function hex(w: Writer): string {
  return w.toBuffer().toString('hex');
}

describe('Writer primitives (bytes written by hand from the protocol spec)', () => {
  it('writes fixed-width types big-endian', () => {
    const w = new Writer(16);
    w.writeInt8(-1).writeInt16(-32768).writeUInt16(65535).writeInt32(-2).writeUInt32(4294967295);
    w.writeInt64(-2n).writeFloat64(1).writeBool(true).writeBool(false);
    expect(hex(w)).toBe(
      'ff' + '8000' + 'ffff' + 'fffffffe' + 'ffffffff' + 'fffffffffffffffe' + '3ff0000000000000' + '0100',
    );
  });

  it('writes varints', () => {
    const w = new Writer();
    w.writeUnsignedVarint(0).writeUnsignedVarint(128).writeUnsignedVarint(0xffffffff);
    w.writeVarint(-1)
      .writeVarint(1)
      .writeVarlong(-(2n ** 63n))
      .writeVarlong(300n);
    expect(hex(w)).toBe('00' + '8001' + 'ffffffff0f' + '01' + '02' + 'ffffffffffffffffff01' + 'd804');
  });

  it('writes classic and compact strings, bytes and arrays, with nulls', () => {
    const w = new Writer();
    w.writeString('abc').writeNullableString(null).writeCompactString('é').writeCompactNullableString(null);
    w.writeBytes(Buffer.from([1]))
      .writeNullableBytes(null)
      .writeCompactBytes(Buffer.alloc(0));
    w.writeCompactNullableBytes(null)
      .writeArrayLength(-1)
      .writeCompactArrayLength(-1)
      .writeCompactArrayLength(2);
    expect(hex(w)).toBe(
      '0003616263' +
        'ffff' +
        '03c3a9' +
        '00' +
        '0000000101' +
        'ffffffff' +
        '01' +
        '00' +
        'ffffffff' +
        '00' +
        '03',
    );
  });

  it('writes long compact strings with a multi-byte length', () => {
    const text = 'x'.repeat(200);
    const w = new Writer(8);
    w.writeCompactString(text);
    const buf = w.toBuffer();
    expect(buf.subarray(0, 2).toString('hex')).toBe('c901');
    expect(new Reader(buf).readCompactString()).toBe(text);
  });

  it('writes tagged fields in tag order', () => {
    const w = new Writer();
    w.writeTaggedFields([
      { tag: 5, data: Buffer.from([0xbb]) },
      { tag: 1, data: Buffer.from([0xaa]) },
    ]);
    w.writeTaggedFields(undefined);
    expect(hex(w)).toBe('02' + '0101aa' + '0501bb' + '00');
  });

  it('rejects values it cannot encode', () => {
    const w = new Writer();
    expect(() => w.writeUuid(Buffer.alloc(3))).toThrow(BrokerError);
    expect(() => w.writeUnsignedVarint(-1)).toThrow(/out of range/);
    expect(() => w.writeString('x'.repeat(40000))).toThrow(/int16/);
    expect(nullNotAllowed('A.b', 3).code).toBe('BRK_ERR_PROTOCOL_ENCODE');
    // A failed write leaves nothing behind.
    expect(w.size).toBe(0);
  });
});

describe('Writer chunks', () => {
  it('appends raw buffers without copying them', () => {
    const raw = Buffer.from('record batch bytes');
    const w = new Writer();
    w.writeInt32(raw.length).writeRaw(raw).writeInt16(7);
    const chunks = w.toChunks();
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(raw);
    expect(w.size).toBe(4 + raw.length + 2);
    expect(
      w.toBuffer().equals(Buffer.concat([Buffer.from([0, 0, 0, raw.length]), raw, Buffer.from([0, 7])])),
    ).toBe(true);
  });

  it('writes records from one buffer or a chunk list, with null', () => {
    const a = Buffer.from('aa');
    const b = Buffer.from('bbb');
    const w = new Writer();
    w.writeRecords([a, b]).writeCompactRecords(a).writeRecords(null).writeCompactRecords(null);
    const chunks = w.toChunks();
    expect(chunks).toContain(a);
    expect(chunks).toContain(b);
    expect(w.toBuffer().toString('hex')).toBe(
      '00000005' + '6161' + '626262' + '03' + '6161' + 'ffffffff' + '00',
    );
  });

  it('grows across many chunks and keeps every byte', () => {
    const w = new Writer(16);
    for (let i = 0; i < 10_000; i++) w.writeInt32(i);
    const r = new Reader(w.toBuffer());
    for (let i = 0; i < 10_000; i++) expect(r.readInt32()).toBe(i);
  });

  it('fills a reserved int32 frame length, also after growth and raw chunks', () => {
    const w = new Writer(16);
    const mark = w.reserveInt32();
    w.writeRaw(Buffer.alloc(100, 1));
    for (let i = 0; i < 100; i++) w.writeInt64(BigInt(i));
    w.fillInt32(mark, w.size - 4);
    const second = w.reserveInt32();
    w.writeInt8(1);
    w.fillInt32(second, 42);
    const buf = w.toBuffer();
    expect(buf.readInt32BE(0)).toBe(100 + 800);
    expect(buf.readInt32BE(4 + 900)).toBe(42);
  });

  it('round-trips arbitrary sequences of writes through Reader', () => {
    type Op =
      | { t: 'i32'; v: number }
      | { t: 'i64'; v: bigint }
      | { t: 'vl'; v: bigint }
      | { t: 'vi'; v: number }
      | { t: 'cs'; v: string | null }
      | { t: 's'; v: string }
      | { t: 'raw'; v: Uint8Array };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.integer().map((v): Op => ({ t: 'i32', v })),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v): Op => ({ t: 'i64', v })),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v): Op => ({ t: 'vl', v })),
      fc.integer().map((v): Op => ({ t: 'vi', v })),
      fc.option(fc.string({ unit: 'grapheme', maxLength: 80 })).map((v): Op => ({ t: 'cs', v })),
      fc.string({ unit: 'grapheme', maxLength: 80 }).map((v): Op => ({ t: 's', v })),
      fc.uint8Array({ maxLength: 40 }).map((v): Op => ({ t: 'raw', v })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const w = new Writer(8);
        for (const o of ops) {
          if (o.t === 'i32') w.writeInt32(o.v);
          else if (o.t === 'i64') w.writeInt64(o.v);
          else if (o.t === 'vl') w.writeVarlong(o.v);
          else if (o.t === 'vi') w.writeVarint(o.v);
          else if (o.t === 'cs') w.writeCompactNullableString(o.v);
          else if (o.t === 's') w.writeString(o.v);
          else w.writeCompactBytes(Buffer.from(o.v));
        }
        const r = new Reader(w.toBuffer());
        for (const o of ops) {
          if (o.t === 'i32') expect(r.readInt32()).toBe(o.v);
          else if (o.t === 'i64') expect(r.readInt64()).toBe(o.v);
          else if (o.t === 'vl') expect(r.readVarlong()).toBe(o.v);
          else if (o.t === 'vi') expect(r.readVarint()).toBe(o.v);
          else if (o.t === 'cs') expect(r.readCompactNullableString()).toBe(o.v);
          else if (o.t === 's') expect(r.readString()).toBe(o.v);
          else expect(r.readCompactBytes()).toEqual(Buffer.from(o.v));
        }
        expect(r.remaining).toBe(0);
      }),
    );
  });
});

describe('varint sizes', () => {
  it('match what the writer produces', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer(),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        (u, i, l) => {
          expect(new Writer().writeUnsignedVarint(u).size).toBe(unsignedVarintSize(u));
          expect(new Writer().writeVarint(i).size).toBe(varintSize(i));
          expect(new Writer().writeVarlong(l).size).toBe(varlongSize(l));
        },
      ),
    );
  });
});
