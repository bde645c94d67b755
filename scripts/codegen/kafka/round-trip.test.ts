/**
 * Property tests over every generated message and every version: arbitrary values the version can carry
 * → encode → decode → the same value (and the same bytes again); truncated encodings and random bytes
 * make decoders throw ProtocolDecodeError and nothing else. Arbitraries come from the generator's model of
 * the schemas, so they follow exactly the fields, nullability and tags of each version.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProtocolDecodeError } from '../../../src/errors.js';
import { Reader } from '../../../src/protocol/kafka/codec/reader.js';
import { Writer } from '../../../src/protocol/kafka/codec/writer.js';
import * as messages from '../../../src/protocol/kafka/messages/index.js';
import { APIS, HEADERS } from './apis.js';
import { DEFAULT_SPEC_DIR } from './generate.js';
import {
  buildMessage,
  hasTaggedSection,
  type FieldModel,
  type MessageModel,
  type StructModel,
} from './model.js';
import { loadMessage } from './spec.js';
import type { VersionRange } from './versions.js';

type Value = unknown;
type Decode = (r: Reader, version: number) => Value;
type Encode = (w: Writer, version: number, m: Value) => void;
type Create = () => Record<string, Value>;

const exportsByName = messages as unknown as Record<string, unknown>;

function fn<T>(name: string): T {
  const f = exportsByName[name];
  if (typeof f !== 'function') throw new Error(`messages/index.ts does not export ${name}`);
  return f as T;
}

function inRange(v: number, r: VersionRange | null): boolean {
  return r !== null && v >= r.lo && v <= r.hi;
}

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const buffer = (min: number, max: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((u) => Buffer.from(u));

function primitiveArb(f: FieldModel): fc.Arbitrary<Value> {
  if (f.value.kind !== 'primitive') throw new Error('not a primitive');
  switch (f.value.type) {
    case 'bool':
      return fc.boolean();
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'uint16':
      return fc.integer({ min: 0, max: 65535 });
    case 'int32':
      return fc.integer();
    case 'uint32':
      return fc.integer({ min: 0, max: 0xffffffff });
    case 'int64':
      return int64;
    case 'float64':
      return fc.double();
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'bytes':
    case 'records':
      return buffer(0, 24);
    case 'uuid':
      return buffer(16, 16);
  }
}

/** Unknown tagged fields, ascending and clear of any known tag. */
const unknownTagged = fc
  .uniqueArray(fc.integer({ min: 1000, max: 5000 }), { maxLength: 3 })
  .chain((tags) =>
    fc.tuple(...tags.sort((a, b) => a - b).map((tag) => buffer(0, 6).map((data) => ({ tag, data })))),
  );

function structArb(s: StructModel, msg: MessageModel, version: number): fc.Arbitrary<Value> {
  const defaults = fn<Create>(`create${s.typeName}`)();
  const shape: Record<string, fc.Arbitrary<Value>> = {};
  for (const f of s.fields) {
    shape[f.prop] = inRange(version, f.versions) ? fieldArb(f, msg, version) : fc.constant(defaults[f.prop]);
  }
  const flexible = hasTaggedSection(s, msg) && inRange(version, msg.flexible);
  return fc
    .record(shape, { noNullPrototype: true })
    .chain((value) =>
      flexible
        ? unknownTagged.map((tagged) =>
            tagged.length === 0 ? value : { ...value, unknownTaggedFields: tagged },
          )
        : fc.constant(value),
    );
}

function fieldArb(f: FieldModel, msg: MessageModel, version: number): fc.Arbitrary<Value> {
  const one = f.value.kind === 'struct' ? structArb(f.value.struct, msg, version) : primitiveArb(f);
  const base = f.isArray ? fc.array(one, { maxLength: 3 }) : one;
  return inRange(version, f.nullable) ? fc.option(base, { nil: null }) : base;
}

interface Case {
  message: MessageModel;
  decode: Decode;
  encode: Encode;
}

function cases(): Case[] {
  const names = [...APIS.flatMap((a) => [`${a.name}Request`, `${a.name}Response`]), ...HEADERS];
  return names.map((name) => ({
    message: buildMessage(loadMessage(DEFAULT_SPEC_DIR, name)),
    decode: fn<Decode>(`decode${name}`),
    encode: fn<Encode>(`encode${name}`),
  }));
}

function versionsOf(m: MessageModel): number[] {
  const out: number[] = [];
  for (let v = m.versions.lo; v <= m.versions.hi; v++) out.push(v);
  return out;
}

function encode(c: Case, version: number, value: Value): Buffer {
  const w = new Writer(32);
  c.encode(w, version, value);
  return w.toBuffer();
}

const ALL = cases();

describe.each(ALL.map((c) => [c.message.name, c] as const))('%s', (_name, c) => {
  it.each(versionsOf(c.message))('v%i round-trips arbitrary values', (version) => {
    fc.assert(
      fc.property(structArb(c.message.root, c.message, version), (value) => {
        const bytes = encode(c, version, value);
        const r = new Reader(bytes);
        const decoded = c.decode(r, version);
        expect(r.remaining).toBe(0);
        expect(decoded).toStrictEqual(value);
        expect(encode(c, version, decoded).equals(bytes)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it.each(versionsOf(c.message))(
    'v%i rejects truncated and random input with ProtocolDecodeError only',
    (version) => {
      const expectDecodeErrorOrValue = (bytes: Buffer, mustFail: boolean): void => {
        try {
          c.decode(new Reader(bytes), version);
        } catch (err) {
          if (!(err instanceof ProtocolDecodeError)) throw err;
          return;
        }
        if (mustFail) throw new Error(`decoding ${bytes.toString('hex')} did not fail`);
      };
      fc.assert(
        fc.property(structArb(c.message.root, c.message, version), fc.nat(), (value, cut) => {
          const bytes = encode(c, version, value);
          if (bytes.length === 0) return;
          expectDecodeErrorOrValue(bytes.subarray(0, cut % bytes.length), true);
        }),
        { numRuns: 15 },
      );
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (u) => expectDecodeErrorOrValue(Buffer.from(u), false)),
        { numRuns: 40 },
      );
    },
  );
});
