import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokerError } from '../errors.js';
import { LengthPrefixedFramer } from './length-prefixed-framer.js';

function frame(body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length);
  return Buffer.concat([head, body]);
}

describe('LengthPrefixedFramer', () => {
  it('yields the same frames however the stream is split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (bodies, cuts) => {
          const stream = Buffer.concat(bodies.map((b) => frame(Buffer.from(b))));
          const points = [...new Set(cuts.map((c) => (stream.length === 0 ? 0 : c % stream.length)))].sort(
            (a, b) => a - b,
          );
          const framer = new LengthPrefixedFramer(1024);
          const out: Buffer[] = [];
          let prev = 0;
          for (const p of [...points, stream.length]) {
            framer.push(stream.subarray(prev, p), (f) => out.push(Buffer.from(f)));
            prev = p;
          }
          expect(out.map((b) => b.toString('hex'))).toEqual(
            bodies.map((b) => Buffer.from(b).toString('hex')),
          );
          expect(framer.pendingBytes).toBe(0);
        },
      ),
    );
  });

  it('rejects a length above the cap before buffering the body', () => {
    const framer = new LengthPrefixedFramer(100);
    const head = Buffer.alloc(4);
    head.writeInt32BE(101);
    expect(() => framer.push(head, () => undefined)).toThrow(BrokerError);
  });

  it('rejects a negative length', () => {
    const framer = new LengthPrefixedFramer(100);
    expect(() => framer.push(Buffer.from([0xff, 0xff, 0xff, 0xfe]), () => undefined)).toThrow(/outside/);
  });

  it('hands out a frame inside one chunk as a slice of it', () => {
    const framer = new LengthPrefixedFramer(100);
    const chunk = frame(Buffer.from('hello'));
    let got: Buffer | undefined;
    framer.push(chunk, (f) => (got = f));
    expect(got?.buffer).toBe(chunk.buffer);
  });
});

describe('LengthPrefixedFramer with an allocator', () => {
  it('assembles frames that span chunks into the supplied buffer, and only those', () => {
    const target = Buffer.alloc(64);
    const framer = new LengthPrefixedFramer(1024, (length, head) =>
      head === 0x0001 && length <= 64 ? target : undefined,
    );
    const a = frame(Buffer.from([0, 1, 2, 3, 4, 5]));
    const b = frame(Buffer.from([0, 2, 9, 9]));
    const got: { hex: string; pooled: boolean; inTarget: boolean }[] = [];
    const stream = Buffer.concat([a, b]);
    for (let i = 0; i < stream.length; i += 3) {
      framer.push(stream.subarray(i, i + 3), (f, pooled) =>
        got.push({
          hex: f.toString('hex'),
          pooled: pooled !== undefined,
          inTarget: f.buffer === target.buffer,
        }),
      );
    }
    expect(got).toEqual([
      { hex: '000102030405', pooled: true, inTarget: true },
      { hex: '00020909', pooled: false, inTarget: false },
    ]);
  });
});
