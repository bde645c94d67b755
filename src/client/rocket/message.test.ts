import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeRocketMessage } from '../../model/index.js';
import { RocketClientError } from './client-error.js';
import { decodeMessages, decodeOffsetMsgId } from './message.js';
import { parseSubscription, tagMatches } from './subscription.js';

const host = { address: Buffer.from([127, 0, 0, 1]), port: 10911 };
const stored = (body: Buffer, sysFlag: number, properties: string, queueOffset: bigint): Buffer =>
  encodeRocketMessage(
    {
      queueId: 1,
      flag: 0,
      queueOffset,
      physicalOffset: 247n,
      sysFlag,
      bornTimestampMs: 1000,
      bornHost: host,
      storeTimestampMs: 2000,
      storeHost: host,
      reconsumeTimes: 2,
      preparedTransactionOffset: 0n,
      body,
      topic: 'T',
      properties,
    },
    (b) => crc32(b) & 0x7fffffff,
  );

describe('decodeMessages', () => {
  it('decodes back-to-back stored messages, inflates compressed bodies, splits keys', () => {
    const big = Buffer.alloc(5000, 9);
    const body = Buffer.concat([
      stored(Buffer.from('plain'), 0, 'TAGS\x01A\x02KEYS\x01k1 k2\x02UNIQ_KEY\x01ABC\x02', 5n),
      stored(deflateSync(big), 1, 'x\x01y', 6n),
    ]);
    const [a, b] = decodeMessages(body, 'broker-a');
    expect(a).toMatchObject({
      topic: 'T',
      brokerName: 'broker-a',
      queueId: 1,
      queueOffset: 5,
      commitLogOffset: 247n,
      msgId: 'ABC',
      offsetMsgId: '7F00000100002A9F00000000000000F7',
      tags: 'A',
      keys: ['k1', 'k2'],
      reconsumeTimes: 2,
      bornHost: '127.0.0.1:10911',
    });
    expect(a?.body.toString()).toBe('plain');
    expect(b?.body.equals(big)).toBe(true);
    expect(b?.msgId).toBe('7F00000100002A9F00000000000000F7');
    expect(b?.properties).toEqual({ x: 'y' });
  });

  it('throws RMQ_CLIENT_DECODE on a truncated body', () => {
    const one = stored(Buffer.from('x'), 0, '', 0n);
    expect(() => decodeMessages(one.subarray(0, one.length - 1), 'b')).toThrow(RocketClientError);
  });
});

describe('decodeOffsetMsgId', () => {
  it('reads the REFERENCE §3.3 probe value', () => {
    expect(decodeOffsetMsgId('7F00000100002A9F00000000000000F7')).toEqual({
      address: '127.0.0.1:10911',
      commitLogOffset: 247n,
    });
    expect(() => decodeOffsetMsgId('XYZ')).toThrow(RocketClientError);
  });
});

describe('subscriptions', () => {
  it('parses `a || b` into tags and Java hash codes; `*` matches all', () => {
    const s = parseSubscription('t', ' TagA || TagB ||', 7);
    expect(s.data).toMatchObject({ subString: 'TagA || TagB ||', tagsSet: ['TagA', 'TagB'], subVersion: 7 });
    expect(s.data.codeSet).toEqual([2598919, 2598920]);
    expect(tagMatches(s, 'TagA')).toBe(true);
    expect(tagMatches(s, 'TagC')).toBe(false);
    expect(tagMatches(s, undefined)).toBe(false);
    expect(tagMatches(parseSubscription('t', '*'), undefined)).toBe(true);
  });

  it('keeps an SQL92 expression as is, with no tag codes and no client-side tag check', () => {
    const s = parseSubscription('t', "a > 1 AND b = 'x'", 9, 'SQL92');
    expect(s.data).toMatchObject({
      subString: "a > 1 AND b = 'x'",
      expressionType: 'SQL92',
      tagsSet: [],
      codeSet: [],
    });
    expect(s.expression).toBe("a > 1 AND b = 'x'");
    expect(tagMatches(s, undefined)).toBe(true);
  });
});
