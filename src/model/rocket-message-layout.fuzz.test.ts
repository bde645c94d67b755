/**
 * Hostile bytes for the RocketMQ stored-message decoder and the properties-string parser: a value or a
 * ProtocolDecodeError naming the field, no other exception, no allocation beyond the input's size.
 */
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOCATION_SLACK_BYTES,
  hostileBytes,
  recordAllocations,
} from '../../compat-tests/harness/hostile-input.js';
import { ProtocolDecodeError } from '../errors.js';
import {
  MessageSysFlag,
  RocketMessageField,
  decodeRocketMessage,
  encodeRocketMessage,
  formatProperties,
  parseProperties,
  type RocketMessageFields,
} from './rocket-message-layout.js';

const RUNS = Number(process.env['FERRYMQ_FUZZ_RUNS'] ?? 400);
const bodyCrc = (b: Buffer): number => crc32(b) & 0x7fffffff;

const fields = (over: Partial<RocketMessageFields> = {}): RocketMessageFields => ({
  queueId: 1,
  flag: 0,
  queueOffset: 5n,
  physicalOffset: 1234n,
  sysFlag: 0,
  bornTimestampMs: 1_700_000_000_000,
  bornHost: { address: Buffer.from([127, 0, 0, 1]), port: 5000 },
  storeTimestampMs: 1_700_000_000_001,
  storeHost: { address: Buffer.from([127, 0, 0, 1]), port: 10911 },
  reconsumeTimes: 0,
  preparedTransactionOffset: 0n,
  body: Buffer.from('hello body'),
  topic: 'TopicTest',
  properties: 'TAGS\u0001a\u0002KEYS\u0001k1 k2\u0002UNIQ_KEY\u0001ABC',
  ...over,
});

/** Offset of BODYLEN in an IPv4 record, then topic length and properties length after a 10-byte body. */
const BODY_LEN_AT = RocketMessageField.bodyLength;
const TOPIC_LEN_AT = BODY_LEN_AT + 4 + 10;
const PROPS_LEN_AT = TOPIC_LEN_AT + 1 + 9;

describe('decodeRocketMessage under hostile bytes', () => {
  const one = encodeRocketMessage(fields(), bodyCrc);
  const two = Buffer.concat([
    one,
    encodeRocketMessage(fields({ body: Buffer.alloc(0), properties: '' }), bodyCrc),
  ]);

  it('decodes a record or throws ProtocolDecodeError naming the field', () => {
    fc.assert(
      fc.property(
        hostileBytes([
          {
            bytes: one,
            fields: [
              { offset: 0, bytes: 4 },
              { offset: BODY_LEN_AT, bytes: 4 },
              { offset: TOPIC_LEN_AT, bytes: 1 },
              { offset: PROPS_LEN_AT, bytes: 2 },
              { offset: RocketMessageField.sysFlag + 3, bytes: 1 },
            ],
          },
          { bytes: two },
        ]),
        fc.nat(8),
        (b, start) => {
          const { allocations } = recordAllocations(() => {
            try {
              let at = Math.min(start, b.length);
              // walk records as a pull body is walked
              while (at < b.length) at += decodeRocketMessage(b, at).size;
            } catch (err) {
              if (!(err instanceof ProtocolDecodeError) || err.field === '') throw err;
            }
          });
          expect(allocations.largest).toBeLessThanOrEqual(b.length + ALLOCATION_SLACK_BYTES);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('reads IPv6 hosts when the sysFlag says so, and rejects the known-nasty lengths by name', () => {
    const field = (b: Buffer): string => {
      try {
        decodeRocketMessage(b);
        return 'none';
      } catch (err) {
        if (err instanceof ProtocolDecodeError) return err.field;
        throw err;
      }
    };
    const set = (at: number, v: number, bytes: 1 | 2 | 4): Buffer => {
      const b = Buffer.from(one);
      if (bytes === 4) b.writeInt32BE(v, at);
      else if (bytes === 2) b.writeInt16BE(v, at);
      else b.writeInt8(v, at);
      return b;
    };
    expect(field(set(0, -1, 4))).toBe('totalSize');
    expect(field(set(0, 0x7fffffff, 4))).toBe('totalSize');
    expect(field(set(BODY_LEN_AT, -1, 4))).toBe('bodyLength');
    expect(field(set(BODY_LEN_AT, 0x7fffffff, 4))).toBe('body');
    expect(field(set(TOPIC_LEN_AT, -1, 1))).toBe('topicLength');
    expect(field(set(PROPS_LEN_AT, -1, 2))).toBe('propertiesLength');
    expect(field(set(PROPS_LEN_AT, 0x7fff, 2))).toBe('properties');
    // The IPv6 flag makes the fixed part 24 bytes longer than this record holds.
    expect(
      field(set(RocketMessageField.sysFlag, MessageSysFlag.bornHostV6 | MessageSysFlag.storeHostV6, 4)),
    ).not.toBe('none');
    expect(field(one.subarray(0, 39))).toBe('rocketMessage');
  });
});

describe('parseProperties under hostile text', () => {
  it('never throws; every parsed key and value is separator-free; formatting round-trips', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('\u0001', '\u0002', '', '=', '\u0000'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const map = parseProperties(text);
        for (const [k, v] of map) {
          expect(k.length).toBeGreaterThan(0);
          expect(k.includes('\u0001') || k.includes('\u0002') || v.includes('\u0002')).toBe(false);
        }
        expect(parseProperties(formatProperties(map))).toEqual(map);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
