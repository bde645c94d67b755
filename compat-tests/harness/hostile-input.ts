/**
 * Hostile inputs for decoders, shared by the unit fuzz tests (src/**\/*.fuzz.test.ts) and the live
 * fuzz tests: random bytes, and mutations of valid inputs (bit flips, truncation, bytes inserted or
 * cut, and length fields overwritten with huge, negative or off-by-one values). Also an allocation
 * guard that records every Buffer allocation made while a decoder runs, so a test can assert that no
 * length read from the input was trusted before it was checked against the bytes present.
 */
import fc from 'fast-check';

/** Values a hostile peer puts in a 32-bit length field. */
export const NASTY_INT32 = [
  0,
  1,
  -1,
  -2,
  0x7fffffff,
  -0x80000000,
  0x7ffffffe,
  0x40000000,
  0x00ffffff,
  0x01000000,
  16 * 1024 * 1024 + 1,
] as const;
/** The same for a 16-bit field. */
export const NASTY_INT16 = [0, 1, -1, 0x7fff, -0x8000, 0x00ff] as const;

/** Where in a valid input its length fields sit, so mutations can aim at them. */
export interface LengthField {
  offset: number;
  bytes: 1 | 2 | 4;
}

type Mutation = (b: Buffer) => Buffer;

function writeField(b: Buffer, at: number, bytes: 1 | 2 | 4, value: number): Buffer {
  const out = Buffer.from(b);
  if (at < 0 || at + bytes > out.length) return out;
  if (bytes === 4) out.writeInt32BE(value | 0, at);
  else if (bytes === 2) out.writeInt16BE(((value << 16) >> 16) | 0, at);
  else out.writeInt8(((value << 24) >> 24) | 0, at);
  return out;
}

/** One mutation of a valid input; `fields` lists its known length fields. */
export function mutationOf(valid: Buffer, fields: readonly LengthField[] = []): fc.Arbitrary<Mutation> {
  const n = Math.max(1, valid.length);
  const nastyFor = (bytes: 1 | 2 | 4): fc.Arbitrary<number> =>
    bytes === 4
      ? fc.oneof(
          fc.constantFrom(...NASTY_INT32),
          fc.integer({ min: valid.length - 2, max: valid.length + 2 }),
        )
      : fc.oneof(fc.constantFrom(...NASTY_INT16), fc.integer({ min: -1, max: 300 }));
  const options: fc.Arbitrary<Mutation>[] = [
    // bit flips
    fc
      .array(fc.tuple(fc.nat(n - 1), fc.nat(7)), { minLength: 1, maxLength: 8 })
      .map((flips) => (b: Buffer) => {
        const out = Buffer.from(b);
        for (const [at, bit] of flips) if (at < out.length) out[at] = (out[at] as number) ^ (1 << bit);
        return out;
      }),
    // truncation
    fc.nat(n).map((at) => (b: Buffer) => b.subarray(0, Math.min(at, b.length))),
    // a run of bytes cut out, or random bytes inserted
    fc.tuple(fc.nat(n), fc.integer({ min: 1, max: 16 })).map(
      ([at, len]) =>
        (b: Buffer) =>
          Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + len))]),
    ),
    fc.tuple(fc.nat(n), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(
      ([at, bytes]) =>
        (b: Buffer) =>
          Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]),
    ),
    // any 4- or 2-byte window overwritten with a nasty length
    fc.tuple(fc.nat(n), nastyFor(4)).map(
      ([at, v]) =>
        (b: Buffer) =>
          writeField(b, at, 4, v),
    ),
    fc.tuple(fc.nat(n), nastyFor(2)).map(
      ([at, v]) =>
        (b: Buffer) =>
          writeField(b, at, 2, v),
    ),
  ];
  for (const f of fields) {
    options.push(nastyFor(f.bytes).map((v) => (b: Buffer) => writeField(b, f.offset, f.bytes, v)));
  }
  return fc.oneof(...options);
}

/** Random bytes, or a valid input mutated one to three times. */
export function hostileBytes(
  valid: readonly { bytes: Buffer; fields?: readonly LengthField[] }[],
  maxRandomLength = 512,
): fc.Arbitrary<Buffer> {
  const random = fc.uint8Array({ maxLength: maxRandomLength }).map((a) => Buffer.from(a));
  if (valid.length === 0) return random;
  const mutated = fc
    .constantFrom(...valid)
    .chain((v) =>
      fc
        .array(mutationOf(v.bytes, v.fields ?? []), { minLength: 1, maxLength: 3 })
        .map((ms) => ms.reduce((b, m) => m(b), v.bytes)),
    );
  return fc.oneof({ weight: 1, arbitrary: random }, { weight: 3, arbitrary: mutated });
}

export interface AllocationRecord {
  /** The largest single Buffer allocation while the function ran (0 when none). */
  largest: number;
  count: number;
}

type AllocFn = (size: number, ...rest: unknown[]) => Buffer;

/**
 * Runs fn while Buffer.alloc, Buffer.allocUnsafe and Buffer.allocUnsafeSlow record their sizes (Node's
 * Buffer.concat and friends go through them too). Restores them afterwards, whatever fn does.
 */
export function recordAllocations<T>(fn: () => T): { result: T; allocations: AllocationRecord } {
  const record: AllocationRecord = { largest: 0, count: 0 };
  const target = Buffer as unknown as Record<'alloc' | 'allocUnsafe' | 'allocUnsafeSlow', AllocFn>;
  const originals = {
    alloc: target.alloc,
    allocUnsafe: target.allocUnsafe,
    allocUnsafeSlow: target.allocUnsafeSlow,
  };
  for (const name of ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
    const original = originals[name];
    target[name] = (size: number, ...rest: unknown[]): Buffer => {
      record.count += 1;
      if (size > record.largest) record.largest = size;
      return original.call(Buffer, size, ...rest);
    };
  }
  try {
    return { result: fn(), allocations: record };
  } finally {
    target.alloc = originals.alloc;
    target.allocUnsafe = originals.allocUnsafe;
    target.allocUnsafeSlow = originals.allocUnsafeSlow;
  }
}

/** Slack a decoder may allocate above the size of its input (small fixed buffers, empty bodies). */
export const ALLOCATION_SLACK_BYTES = 64 * 1024;
