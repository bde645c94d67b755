import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RocketClientError } from './client-error.js';
import { RequestCode } from './codes.js';
import { prepareBatch, prepareSend, sendResultOf } from './send-request.js';
import type { RemotingCommand } from '../../protocol/rocket/codec/remoting-command.js';

const mq = { topic: 'T', brokerName: 'b', queueId: 3 };
const o = { producerGroup: 'pg', createTopicKey: 'TBW102', defaultTopicQueueNums: 4 };

describe('prepareSend', () => {
  it('fills the SEND_MESSAGE_V2 short header and the properties string', () => {
    const { spec, uniqueKey } = prepareSend(
      {
        topic: 'T',
        body: 'hi',
        tags: 'TagA',
        keys: ['k1', 'k2'],
        properties: { a: 'x' },
        delayLevel: 3,
        flag: 7,
      },
      mq,
      o,
    );
    expect(spec.code).toBe(RequestCode.SEND_MESSAGE_V2);
    const h = spec.extFields ?? {};
    expect([h['a'], h['b'], h['c'], h['d'], h['e'], h['f'], h['h'], h['j'], h['k'], h['m'], h['n']]).toEqual([
      'pg',
      'T',
      'TBW102',
      '4',
      '3',
      '0',
      '7',
      '0',
      'false',
      'false',
      'b',
    ]);
    expect(Number(h['g'])).toBeGreaterThan(Date.now() - 5000);
    expect(h['i']).toBe(
      `a\x01x\x02TAGS\x01TagA\x02KEYS\x01k1 k2\x02DELAY\x013\x02WAIT\x01true\x02UNIQ_KEY\x01${uniqueKey}`,
    );
    expect(uniqueKey).toMatch(/^[0-9A-F]{32}$/);
    expect(spec.body?.toString()).toBe('hi');
  });

  it('deflates bodies over 4 KiB and sets sysFlag bit 0; leaves 4096 bytes alone', () => {
    const big = Buffer.alloc(4097, 1);
    const { spec } = prepareSend({ topic: 'T', body: big }, mq, o);
    expect(spec.extFields?.['f']).toBe('1');
    expect(inflateSync(spec.body as Buffer).equals(big)).toBe(true);
    const edge = prepareSend({ topic: 'T', body: Buffer.alloc(4096) }, mq, o);
    expect(edge.spec.extFields?.['f']).toBe('0');
    expect(edge.spec.body?.length).toBe(4096);
  });

  it('gives every message a distinct UNIQ_KEY', () => {
    const keys = new Set(
      Array.from({ length: 1000 }, () => prepareSend({ topic: 'T', body: '' }, mq, o).uniqueKey),
    );
    expect(keys.size).toBe(1000);
  });

  it('refuses property text holding the separators', () => {
    expect(() => prepareSend({ topic: 'T', body: '', properties: { 'a\x01': 'b' } }, mq, o)).toThrow(
      RocketClientError,
    );
  });
});

describe('prepareBatch', () => {
  it('writes REFERENCE §3.5: TOTALSIZE, MAGIC 0, BODYCRC 0, FLAG, BODY, PROPERTIES per message', () => {
    const { spec, uniqueKey } = prepareBatch(
      [
        { topic: 'T', body: 'ab', flag: 5 },
        { topic: 'T', body: Buffer.from([9]), tags: 'X' },
      ],
      mq,
      o,
    );
    expect(spec.code).toBe(RequestCode.SEND_BATCH_MESSAGE);
    expect(spec.extFields?.['m']).toBe('true');
    const [k1, k2] = uniqueKey.split(',');
    const p1 = Buffer.from(`WAIT\x01true\x02UNIQ_KEY\x01${k1}`);
    const p2 = Buffer.from(`TAGS\x01X\x02WAIT\x01true\x02UNIQ_KEY\x01${k2}`);
    const rec = (flag: number, body: Buffer, props: Buffer): Buffer => {
      const b = Buffer.alloc(20 + body.length + 2 + props.length);
      b.writeInt32BE(b.length, 0); // TOTALSIZE
      // MAGICCODE and BODYCRC stay 0
      b.writeInt32BE(flag, 12);
      b.writeInt32BE(body.length, 16);
      body.copy(b, 20);
      b.writeInt16BE(props.length, 20 + body.length);
      props.copy(b, 22 + body.length);
      return b;
    };
    expect(
      spec.body?.equals(Buffer.concat([rec(5, Buffer.from('ab'), p1), rec(0, Buffer.from([9]), p2)])),
    ).toBe(true);
  });

  it('rejects mixed topics, delay levels and %RETRY% topics', () => {
    expect(() => prepareBatch([{ topic: 'U', body: '' }], mq, o)).toThrow(/one topic/);
    expect(() => prepareBatch([{ topic: 'T', body: '', delayLevel: 2 }], mq, o)).toThrow(/delay/);
    const retry = { ...mq, topic: '%RETRY%g' };
    expect(() => prepareBatch([{ topic: '%RETRY%g', body: '' }], retry, o)).toThrow(/RETRY/);
  });
});

describe('sendResultOf', () => {
  const res = (code: number): RemotingCommand => ({
    code,
    language: 'JAVA',
    version: 0,
    opaque: 1,
    flag: 1,
    remark: null,
    extFields: { msgId: 'ID', queueId: '2', queueOffset: '17' },
    body: null,
    serializeType: 0,
  });
  it('maps 0 to SEND_OK, 10/11/12 to stored-with-warning, anything else to null', () => {
    expect(sendResultOf(res(0), mq, 'U')).toMatchObject({
      status: 'SEND_OK',
      msgId: 'U',
      offsetMsgId: 'ID',
      queueOffset: 17,
      messageQueue: { queueId: 2 },
    });
    expect(sendResultOf(res(10), mq, 'U')?.status).toBe('FLUSH_DISK_TIMEOUT');
    expect(sendResultOf(res(11), mq, 'U')?.status).toBe('SLAVE_NOT_AVAILABLE');
    expect(sendResultOf(res(12), mq, 'U')?.status).toBe('FLUSH_SLAVE_TIMEOUT');
    expect(sendResultOf(res(13), mq, 'U')).toBeNull();
  });
});
