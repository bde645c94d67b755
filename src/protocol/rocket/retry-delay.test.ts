import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../logger.js';
import { decodeRocketMessage, parseProperties } from '../../model/index.js';
import type { MessageStore } from '../../store/index.js';
import { DELAY_PROGRESS_GROUP, DelayScheduler } from './delay-scheduler.js';
import { SCHEDULE_TOPIC } from './delay-levels.js';
import { writeRocketMessage } from './message-writer.js';
import type { RocketReply } from './processor.js';
import { decodeBatchBody, sendBatchMessageProcessor } from './processors/send-batch-message.js';
import { consumerSendMsgBackProcessor } from './processors/send-msg-back.js';
import { RequestCode } from './request-codes.js';
import { ResponseCode } from './response-codes.js';
import type { RocketServices } from './services.js';
import { TestStores, testMessage, testRequest, testServices } from './test-services.js';

const log = createSilentLogger();
const fixtures = new TestStores(log);

afterEach(() => fixtures.closeAll());

const servicesFor = (store: MessageStore, clock: { now: number }): RocketServices =>
  testServices(store, { delayLevelsMs: [1000, 5000, 10_000, 30_000], nowMs: () => clock.now });

async function readAll(store: MessageStore, topic: string, queueId = 0) {
  const read = await store.read(topic, queueId, 0, { maxBytes: 1 << 20, atLeastOne: true });
  if (read.status !== 'ok') return [];
  return read.entries.map((e) => decodeRocketMessage(e.payload).message);
}

describe('delay levels', () => {
  it('parks a delayed message in SCHEDULE_TOPIC_XXXX and moves it when due, once, across a restart', async () => {
    const dir = fixtures.tempDir();
    const clock = { now: 1_000_000 };
    let store = await fixtures.openAt(dir);
    await store.createTopic('orders', 2, {});
    let services = servicesFor(store, clock);
    const written = await writeRocketMessage(services, log, {
      ...testMessage('orders', { DELAY: '2' }),
      queueId: 1,
    });
    expect(written).toMatchObject({ status: 'ok', topic: SCHEDULE_TOPIC, queueId: 1 });
    expect(store.getTopic(SCHEDULE_TOPIC)?.queueCount).toBe(4);
    const scheduler = new DelayScheduler(services, log);
    await scheduler.tick();
    expect(await readAll(store, 'orders', 1)).toEqual([]);
    clock.now += 5000;
    await scheduler.tick();
    const [moved] = await readAll(store, 'orders', 1);
    expect(moved?.body.toString()).toBe('hello');
    expect([...parseProperties(moved?.properties ?? '').keys()]).toEqual([]);
    expect(store.consumerOffsets.get(DELAY_PROGRESS_GROUP, SCHEDULE_TOPIC, 1)?.offset).toBe(1);

    await fixtures.close(store);
    store = await fixtures.openAt(dir);
    services = servicesFor(store, clock);
    await new DelayScheduler(services, log).tick();
    expect(await readAll(store, 'orders', 1)).toHaveLength(1);
  });
});

describe('CONSUMER_SEND_MSG_BACK', () => {
  it('re-sends to %RETRY% with level 3 + reconsumeTimes, then to %DLQ% past maxReconsumeTimes', async () => {
    const dir = fixtures.tempDir();
    const clock = { now: 1_000_000 };
    const store = await fixtures.openAt(dir);
    await store.createTopic('orders', 1, {});
    const services = servicesFor(store, clock);
    const first = await writeRocketMessage(services, log, testMessage('orders', { TAGS: 'T' }));
    expect(first.status).toBe('ok');
    const [original] = await readAll(store, 'orders');
    const back = async (offset: bigint, max: string): Promise<RocketReply> =>
      consumerSendMsgBackProcessor.process(
        testRequest(services, log, RequestCode.CONSUMER_SEND_MSG_BACK, {
          offset: String(offset),
          group: 'g',
          delayLevel: '0',
          originMsgId: 'ORIGIN',
          originTopic: 'orders',
          maxReconsumeTimes: max,
        }),
      );
    expect(await back(original?.physicalOffset ?? 0n, '1')).toMatchObject({ code: ResponseCode.SUCCESS });
    const [parked] = await readAll(store, SCHEDULE_TOPIC, 2);
    const props = parseProperties(parked?.properties ?? '');
    expect(props.get('REAL_TOPIC')).toBe('%RETRY%g');
    expect(props.get('RETRY_TOPIC')).toBe('orders');
    expect(props.get('ORIGIN_MESSAGE_ID')).toBe('ORIGIN');
    expect(parked?.reconsumeTimes).toBe(1);
    clock.now += 10_000;
    await new DelayScheduler(services, log).tick();
    const [retry] = await readAll(store, '%RETRY%g');
    expect(retry?.topic).toBe('%RETRY%g');
    expect(await back(retry?.physicalOffset ?? 0n, '1')).toMatchObject({ code: ResponseCode.SUCCESS });
    const [dead] = await readAll(store, '%DLQ%g');
    expect(dead?.reconsumeTimes).toBe(2);
    expect(parseProperties(dead?.properties ?? '').get('RETRY_TOPIC')).toBe('orders');
    expect(await back(123n, '1')).toMatchObject({ code: ResponseCode.SYSTEM_ERROR });
  });
});

function batchItem(body: string, properties: string, flag = 0): Buffer {
  const b = Buffer.from(body);
  const p = Buffer.from(properties);
  const out = Buffer.alloc(20 + b.length + 2 + p.length);
  out.writeInt32BE(out.length, 0);
  out.writeInt32BE(flag, 12);
  out.writeInt32BE(b.length, 16);
  b.copy(out, 20);
  out.writeUInt16BE(p.length, 20 + b.length);
  p.copy(out, 22 + b.length);
  return out;
}

describe('SEND_BATCH_MESSAGE', () => {
  it('decodes the batch body and rejects bad sizes', () => {
    const body = Buffer.concat([batchItem('a', 'TAGS\u0001x\u0002', 7), batchItem('bb', '')]);
    expect(decodeBatchBody(body)).toEqual([
      { flag: 7, body: Buffer.from('a'), properties: 'TAGS\u0001x\u0002' },
      { flag: 0, body: Buffer.from('bb'), properties: '' },
    ]);
    expect(typeof decodeBatchBody(body.subarray(0, body.length - 1))).toBe('string');
    const bad = batchItem('a', '');
    bad.writeInt32BE(1000, 16);
    expect(typeof decodeBatchBody(bad)).toBe('string');
  });

  it('stores the messages at consecutive offsets and answers comma-separated msgIds', async () => {
    const dir = fixtures.tempDir();
    const store = await fixtures.openAt(dir);
    await store.createTopic('batch', 1, {});
    const services = servicesFor(store, { now: 5 });
    const body = Buffer.concat([batchItem('one', 'TAGS\u0001A\u0002'), batchItem('two', '')]);
    const reply = await sendBatchMessageProcessor.process(
      testRequest(
        services,
        log,
        RequestCode.SEND_BATCH_MESSAGE,
        {
          a: 'pg',
          b: 'batch',
          c: 'TBW102',
          d: '4',
          e: '0',
          f: '0',
          g: '9',
          h: '0',
          i: 'CLUSTER\u0001DefaultCluster',
          j: '0',
          k: 'false',
          m: 'true',
        },
        body,
      ),
    );
    expect(reply.code).toBe(ResponseCode.SUCCESS);
    expect(reply.extFields?.['msgId']?.split(',')).toHaveLength(2);
    expect(reply.extFields?.['queueOffset']).toBe('0');
    const stored = await readAll(store, 'batch');
    expect(stored.map((m) => [m.body.toString(), Number(m.queueOffset)])).toEqual([
      ['one', 0],
      ['two', 1],
    ]);
    expect(parseProperties(stored[0]?.properties ?? '').get('TAGS')).toBe('A');
    expect(parseProperties(stored[1]?.properties ?? '').get('CLUSTER')).toBe('DefaultCluster');
  });
});
