import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import CRC32C from 'crc-32/crc32c.js';
import { crc32c } from './crc32c.js';

/** Independent pure-JS reference (SheetJS crc-32), returned unsigned. */
function referenceCrc32c(buf: Uint8Array): number {
  return CRC32C.buf(buf) >>> 0;
}

describe('crc32c', () => {
  it('matches the CRC-32C check value for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789', 'ascii'))).toBe(0xe3069283);
  });

  it('is 0 for empty input and unsigned for every input', () => {
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    expect(crc32c(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBeGreaterThanOrEqual(0);
  });

  it('agrees with the pure-JS crc-32 package on random data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(crc32c(Buffer.from(bytes))).toBe(referenceCrc32c(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with crc-32 on a 1 MiB buffer', () => {
    const buf = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < buf.length; i++) buf[i] = (i * 2654435761) >>> 24;
    expect(crc32c(buf)).toBe(referenceCrc32c(buf));
  });

  it('continues a running checksum through `initial`', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.uint8Array({ maxLength: 512 }), (a, b) => {
        const whole = crc32c(Buffer.concat([a, b]));
        expect(crc32c(Buffer.from(b), crc32c(Buffer.from(a)))).toBe(whole);
      }),
    );
  });
});
