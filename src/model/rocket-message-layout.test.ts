import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../errors.js';
import {
  decodeRocketMessage,
  encodeRocketMessage,
  javaStringHash,
  parseProperties,
  formatProperties,
} from './rocket-message-layout.js';

const bodyCrc = (b: Buffer): number => crc32(b) & 0x7fffffff;

describe('RocketMQ stored message layout', () => {
  const fields = {
    queueId: 3,
    flag: 0,
    queueOffset: 7n,
    physicalOffset: 247n,
    sysFlag: 0,
    bornTimestampMs: 1_700_000_000_000,
    bornHost: { address: Buffer.from([10, 0, 0, 1]), port: 5555 },
    storeTimestampMs: 1_700_000_000_001,
    storeHost: { address: Buffer.from([127, 0, 0, 1]), port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0n,
    body: Buffer.from('hi'),
    topic: 'T',
    properties: 'TAGS\u0001a\u0002KEYS\u0001k',
  };

  it('writes the v1 byte layout of REFERENCE §3.1', () => {
    const bytes = encodeRocketMessage(fields, bodyCrc);
    // 84 fixed bytes + body length + body + topic length + topic + properties length + properties
    expect(bytes.length).toBe(84 + 4 + 2 + 1 + 1 + 2 + fields.properties.length);
    expect(bytes.readInt32BE(0)).toBe(bytes.length);
    expect(bytes.readUInt32BE(4)).toBe(0xdaa320a7);
    expect(bytes.readInt32BE(8)).toBe(crc32(Buffer.from('hi')) & 0x7fffffff);
    expect(bytes.readInt32BE(12)).toBe(3);
    expect(bytes.readBigInt64BE(20)).toBe(7n);
    expect(bytes.readBigInt64BE(28)).toBe(247n);
    expect(bytes.subarray(48, 56).toString('hex')).toBe('0a000001000015b3');
    expect(bytes.subarray(64, 72).toString('hex')).toBe('7f00000100002a9f');
    expect(bytes.readInt32BE(84)).toBe(2);
    expect(bytes.toString('utf8', 88, 90)).toBe('hi');
    expect(bytes.readInt8(90)).toBe(1);
    const { message, size } = decodeRocketMessage(bytes);
    expect(size).toBe(bytes.length);
    expect(message).toMatchObject({ ...fields, bornHost: fields.bornHost, body: Buffer.from('hi') });
  });

  it('rejects truncated records and over-long topics', () => {
    const bytes = encodeRocketMessage(fields, bodyCrc);
    expect(() => decodeRocketMessage(bytes.subarray(0, bytes.length - 1))).toThrow(ProtocolDecodeError);
    expect(() => encodeRocketMessage({ ...fields, topic: 'x'.repeat(128) }, bodyCrc)).toThrow(
      ProtocolDecodeError,
    );
  });

  it('parses properties with or without the trailing separator and hashes tags like Java', () => {
    expect([...parseProperties('a\u0001b\u0002c\u0001d\u0002\u0002junk')]).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(
      formatProperties(
        new Map([
          ['a', 'b'],
          ['c', 'd'],
        ]),
      ),
    ).toBe('a\u0001b\u0002c\u0001d');
    expect(javaStringHash('TagA')).toBe(2598919);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });
});
