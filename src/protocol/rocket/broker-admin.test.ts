import { afterEach, describe, expect, it } from 'vitest';
import { PERM_READ, PERM_WRITE } from '../../coordinator/index.js';
import { createSilentLogger } from '../../logger.js';
import { decodeRocketMessage } from '../../model/index.js';
import { PayloadFormat, type MessageStore } from '../../store/index.js';
import { makeRecordBatch } from '../../store/store-fixtures.js';
import { createBrokerAdmin } from './broker-admin.js';
import { HeaderFieldError } from './headers/ext-fields.js';
import { type OutgoingMessage, writeRocketMessage } from './message-writer.js';
import type { RocketProcessor, RocketReply } from './processor.js';
import {
  getBrokerRuntimeInfoProcessor,
  getConsumeStatsProcessor,
  getEarliestMsgStoreTimeProcessor,
  getTopicStatsInfoProcessor,
} from './processors/broker-stats.js';
import { heartBeatProcessor } from './processors/client-manage.js';
import {
  getConsumerConnectionListProcessor,
  getProducerConnectionListProcessor,
} from './processors/connection-list.js';
import { consumerSendMsgBackProcessor } from './processors/send-msg-back.js';
import {
  deleteSubscriptionGroupProcessor,
  getAllSubscriptionGroupConfigProcessor,
  updateAndCreateSubscriptionGroupProcessor,
} from './processors/subscription-group.js';
import {
  deleteTopicInBrokerProcessor,
  getAllTopicConfigProcessor,
  updateAndCreateTopicProcessor,
} from './processors/topic-admin.js';
import { ResponseCode } from './response-codes.js';
import type { RocketServices } from './services.js';
import { TestStores, testMessage, testRequest, testServices } from './test-services.js';

const log = createSilentLogger();
const fixtures = new TestStores(log);

afterEach(() => fixtures.closeAll());

interface Fixture {
  store: MessageStore;
  services: RocketServices;
  refreshes: { count: number };
  dir: string;
}

async function fixture(withAdmin = true): Promise<Fixture> {
  const dir = fixtures.tempDir();
  const store = await fixtures.openAt(dir);
  const refreshes = { count: 0 };
  const services = testServices(store, {
    brokerName: 'broker-a',
    delayLevelsMs: [1000, 5000, 10_000, 30_000],
    refreshLocalRoutes: () => {
      refreshes.count += 1;
    },
  });
  if (withAdmin) {
    services.admin = createBrokerAdmin({
      store,
      dataDir: dir,
      log,
      topicConfigs: () =>
        store.listTopics().map((t) => ({
          topicName: t.name,
          readQueueNums: t.queueCount,
          writeQueueNums: t.queueCount,
          perm: PERM_READ | PERM_WRITE,
          topicSysFlag: 0,
        })),
    });
  }
  return { store, services, refreshes, dir };
}

let opaque = 0;
function call(
  p: RocketProcessor,
  services: RocketServices,
  extFields: Record<string, string>,
  body: Buffer | null = null,
  connection = { id: 'broker#1', remoteAddress: '127.0.0.1', remotePort: 5555 },
): Promise<RocketReply> {
  return Promise.resolve(
    p.process(testRequest(services, log, p.code, extFields, body, ++opaque, connection)),
  );
}

const createFields = (topic: string, read: number, write = read): Record<string, string> => ({
  topic,
  defaultTopic: 'TBW102',
  readQueueNums: String(read),
  writeQueueNums: String(write),
  perm: '6',
  topicFilterType: 'SINGLE_TAG',
  topicSysFlag: '0',
  order: 'false',
});

const message = (topic: string, queueId: number, reconsumeTimes = 0): OutgoingMessage => ({
  ...testMessage(topic, { TAGS: 'T' }),
  queueId,
  reconsumeTimes,
});

/** Turns fastjson's MessageQueue-keyed maps into standard JSON ("topic/queueId" keys). */
function parseMqMap(body: Buffer | readonly Buffer[] | null | undefined): Record<string, unknown> {
  const text = (body as Buffer).toString();
  const standard = text.replace(
    /\{"brokerName":"([^"]*)","queueId":(\d+),"topic":"([^"]*)"\}:/g,
    (_m, broker: string, q: string, t: string) => `"${t}/${q}@${broker}":`,
  );
  return JSON.parse(standard) as Record<string, unknown>;
}

const json = (body: Buffer | readonly Buffer[] | null | undefined): Record<string, unknown> =>
  JSON.parse((body as Buffer).toString()) as Record<string, unknown>;

describe('UPDATE_AND_CREATE_TOPIC / DELETE_TOPIC_IN_BROKER / GET_ALL_TOPIC_CONFIG', () => {
  it('creates, grows and deletes store topics, refreshing routes each time', async () => {
    const { store, services, refreshes } = await fixture();
    expect(await call(updateAndCreateTopicProcessor, services, createFields('orders', 4, 2))).toEqual({
      code: ResponseCode.SUCCESS,
    });
    expect(store.getTopic('orders')?.queueCount).toBe(4);
    expect(refreshes.count).toBe(1);
    expect((await call(updateAndCreateTopicProcessor, services, createFields('orders', 4))).code).toBe(0);
    expect((await call(updateAndCreateTopicProcessor, services, createFields('orders', 6))).code).toBe(0);
    expect(store.getTopic('orders')?.queueCount).toBe(6);
    const shrink = await call(updateAndCreateTopicProcessor, services, createFields('orders', 2));
    expect(shrink.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(shrink.remark).toContain('cannot shrink');

    const all = json((await call(getAllTopicConfigProcessor, services, {})).body);
    expect(all['topicConfigTable']).toEqual({
      orders: {
        order: false,
        perm: 6,
        readQueueNums: 6,
        topicFilterType: 'SINGLE_TAG',
        topicName: 'orders',
        topicSysFlag: 0,
        writeQueueNums: 6,
      },
    });
    const v1 = all['dataVersion'] as { counter: number };

    store.consumerOffsets.commit('g', [
      { topic: 'orders', queueId: 0, offset: 0, leaderEpoch: -1, metadata: null, commitTimestampMs: 1 },
    ]);
    const before = refreshes.count;
    expect(await call(deleteTopicInBrokerProcessor, services, { topic: 'orders' })).toEqual({
      code: ResponseCode.SUCCESS,
    });
    expect(store.getTopic('orders')).toBeUndefined();
    expect(store.consumerOffsets.list('g')).toEqual([]);
    expect(refreshes.count).toBe(before + 1);
    expect((await call(deleteTopicInBrokerProcessor, services, { topic: 'orders' })).code).toBe(0);
    const after = json((await call(getAllTopicConfigProcessor, services, {})).body);
    expect(after['topicConfigTable']).toEqual({});
    expect((after['dataVersion'] as { counter: number }).counter).toBe(v1.counter + 1);
  });

  it('answers bad input with SYSTEM_ERROR and a remark, or a header error naming the field', async () => {
    const { store, services } = await fixture();
    const cases: [Record<string, string>, string][] = [
      [createFields('', 4), 'blank'],
      [createFields('a b', 4), 'illegal characters'],
      [createFields('x'.repeat(128), 4), 'longer than'],
      [createFields('TBW102', 4), 'conflict with system topic'],
      [createFields('t', 0), 'readQueueNums must be 1..'],
      [createFields('t', 4, 100_000), 'writeQueueNums must be 1..'],
      [{ ...createFields('t', 4), perm: '99' }, 'perm must be'],
      [{ ...createFields('t', 4), topicFilterType: 'SQL' }, 'topicFilterType'],
      // RocketMQ allows '|' in names; the shared store does not outside %RETRY%/%DLQ%.
      [createFields('a|b', 4), 'a|b'],
    ];
    for (const [fields, remark] of cases) {
      const reply = await call(updateAndCreateTopicProcessor, services, fields);
      expect(reply.code, remark).toBe(ResponseCode.SYSTEM_ERROR);
      expect(reply.remark).toContain(remark);
    }
    expect(store.listTopics()).toEqual([]);
    const { readQueueNums: _omitted, ...missing } = createFields('t', 4);
    await expect(call(updateAndCreateTopicProcessor, services, missing)).rejects.toThrow(HeaderFieldError);
    await expect(
      call(updateAndCreateTopicProcessor, services, { ...createFields('t', 4), readQueueNums: 'four' }),
    ).rejects.toThrow(/readQueueNums/);
    const sys = await call(deleteTopicInBrokerProcessor, services, { topic: 'SCHEDULE_TOPIC_XXXX' });
    expect(sys.code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});

describe('statistics codes', () => {
  it('GET_TOPIC_STATS_INFO, GET_EARLIEST_MSG_STORETIME and GET_CONSUME_STATS read the store and offsets', async () => {
    const { store, services } = await fixture();
    await store.createTopic('orders', 2, {});
    const t0 = Date.now();
    for (let i = 0; i < 3; i++)
      expect((await writeRocketMessage(services, log, message('orders', 0))).status).toBe('ok');
    // A Kafka batch of 4 records on queue 1: its records are served with the batch's append time.
    const beforeAppend = Date.now();
    const appended = store.append({
      topic: 'orders',
      queueId: 1,
      format: PayloadFormat.RecordBatchV2,
      payload: makeRecordBatch(4, 40, 1_234_567),
      count: 4,
      maxTimestampMs: 1_234_567,
    });
    expect(appended.status).toBe('ok');

    const stats = parseMqMap((await call(getTopicStatsInfoProcessor, services, { topic: 'orders' })).body);
    const table = stats['offsetTable'] as Record<
      string,
      { minOffset: number; maxOffset: number; lastUpdateTimestamp: number }
    >;
    expect(table['orders/0@broker-a']).toMatchObject({ minOffset: 0, maxOffset: 3 });
    expect(table['orders/0@broker-a']?.lastUpdateTimestamp).toBeGreaterThanOrEqual(t0);
    expect(table['orders/1@broker-a']).toMatchObject({ minOffset: 0, maxOffset: 4 });
    const batchStoreTime = table['orders/1@broker-a']?.lastUpdateTimestamp ?? 0;
    expect(batchStoreTime).toBeGreaterThanOrEqual(beforeAppend);
    expect(batchStoreTime).toBeLessThanOrEqual(Date.now());
    const missing = await call(getTopicStatsInfoProcessor, services, { topic: 'nope' });
    expect(missing).toEqual({ code: ResponseCode.TOPIC_NOT_EXIST, remark: 'topic[nope] not exist' });

    const read = await store.read('orders', 0, 0, { maxBytes: 1, atLeastOne: true });
    const firstStore =
      read.status === 'ok' ? decodeRocketMessage(read.entries[0]!.payload).message.storeTimestampMs : 0;
    const earliest = await call(getEarliestMsgStoreTimeProcessor, services, {
      topic: 'orders',
      queueId: '0',
    });
    expect(earliest).toEqual({ code: 0, extFields: { timestamp: String(firstStore) } });
    const none = await call(getEarliestMsgStoreTimeProcessor, services, { topic: 'nope', queueId: '0' });
    expect(none.extFields).toEqual({ timestamp: '-1' });

    store.consumerOffsets.commit('cg', [
      { topic: 'orders', queueId: 0, offset: 1, leaderEpoch: -1, metadata: null, commitTimestampMs: 1 },
      { topic: 'orders', queueId: 1, offset: 4, leaderEpoch: -1, metadata: null, commitTimestampMs: 1 },
    ]);
    const consume = await call(getConsumeStatsProcessor, services, { consumerGroup: 'cg' });
    expect((consume.body as Buffer).toString()).toMatch(/^\{"consumeTps":0\.0,"offsetTable":\{/);
    const ct = parseMqMap(consume.body)['offsetTable'] as Record<string, unknown>;
    expect(ct['orders/0@broker-a']).toEqual({
      brokerOffset: 3,
      consumerOffset: 1,
      lastTimestamp: firstStore,
    });
    expect(ct['orders/1@broker-a']).toEqual({
      brokerOffset: 4,
      consumerOffset: 4,
      lastTimestamp: batchStoreTime,
    });
    const unknown = parseMqMap((await call(getConsumeStatsProcessor, services, { consumerGroup: 'x' })).body);
    expect(unknown['offsetTable']).toEqual({});
    // An explicit topic is reported even without committed offsets (consumer offset 0).
    const one = parseMqMap(
      (await call(getConsumeStatsProcessor, services, { consumerGroup: 'x', topic: 'orders' })).body,
    )['offsetTable'] as Record<string, unknown>;
    expect(one['orders/0@broker-a']).toEqual({ brokerOffset: 3, consumerOffset: 0, lastTimestamp: 0 });
  });

  it('GET_BROKER_RUNTIME_INFO counts puts and gets', async () => {
    const { store, services } = await fixture();
    await store.createTopic('orders', 1, {});
    for (let i = 0; i < 5; i++) await writeRocketMessage(services, log, message('orders', 0));
    await store.read('orders', 0, 0, { maxBytes: 1 << 20, atLeastOne: true });
    const table = json((await call(getBrokerRuntimeInfoProcessor, services, {})).body)['table'] as Record<
      string,
      string
    >;
    expect(table['msgPutTotalTodayNow']).toBe('5');
    expect(table['msgGetTotalTodayNow']).toBe('5');
    expect(Number(table['commitLogMaxOffset'])).toBeGreaterThan(0);
    expect(table['commitLogMinOffset']).toBe('0');
    expect(Number(table['commitLogDiskRatio'])).toBeGreaterThan(0);
  });

  it('answers SYSTEM_ERROR where no admin state exists', async () => {
    const { services } = await fixture(false);
    expect((await call(getBrokerRuntimeInfoProcessor, services, {})).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect((await call(getAllSubscriptionGroupConfigProcessor, services, {})).code).toBe(
      ResponseCode.SYSTEM_ERROR,
    );
  });
});

const heartbeatBody = (clientID: string, group: string, producerGroup: string): Buffer =>
  Buffer.from(
    JSON.stringify({
      clientID,
      producerDataSet: [{ groupName: producerGroup }],
      consumerDataSet: [
        {
          groupName: group,
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
          unitMode: false,
          subscriptionDataSet: [{ topic: 'orders', subString: 'TagA', subVersion: 7 }],
        },
      ],
    }),
  );

describe('connections and subscription groups', () => {
  it('lists consumer and producer connections from heartbeats; 206 when a group has no consumer', async () => {
    const { services } = await fixture();
    const conn = { id: 'broker#9', remoteAddress: '10.1.2.3', remotePort: 4242 };
    expect(
      (await call(heartBeatProcessor, services, {}, heartbeatBody('10.1.2.3@77', 'cg', 'pg'), conn)).code,
    ).toBe(0);
    const cc = json((await call(getConsumerConnectionListProcessor, services, { consumerGroup: 'cg' })).body);
    expect(cc).toEqual({
      connectionSet: [
        { clientAddr: '10.1.2.3:4242', clientId: '10.1.2.3@77', language: 'JAVA', version: 401 },
      ],
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: 'CLUSTERING',
      subscriptionTable: {
        orders: expect.objectContaining({
          topic: 'orders',
          subString: 'TagA',
          tagsSet: ['TagA'],
          subVersion: 7,
        }) as unknown,
      },
    });
    const pc = json((await call(getProducerConnectionListProcessor, services, { producerGroup: 'pg' })).body);
    expect(pc['connectionSet']).toEqual(cc['connectionSet']);
    expect(await call(getConsumerConnectionListProcessor, services, { consumerGroup: 'none' })).toEqual({
      code: ResponseCode.CONSUMER_NOT_ONLINE,
      remark: 'the consumer group[none] not online',
    });
    expect((await call(getProducerConnectionListProcessor, services, { producerGroup: 'none' })).code).toBe(
      ResponseCode.SYSTEM_ERROR,
    );
    // The heartbeat auto-created the consumer's subscription group.
    await services.admin?.subscriptionGroups.whenIdle();
    const groups = json((await call(getAllSubscriptionGroupConfigProcessor, services, {})).body);
    expect(Object.keys(groups['subscriptionGroupTable'] as object)).toContain('cg');
    services.clients.connectionClosed(conn.id);
    expect((await call(getConsumerConnectionListProcessor, services, { consumerGroup: 'cg' })).code).toBe(
      ResponseCode.CONSUMER_NOT_ONLINE,
    );
  });

  it('creates, lists, deletes groups (with their offsets) and survives a reload', async () => {
    const { store, services, dir } = await fixture();
    const body = Buffer.from(
      JSON.stringify({ groupName: 'cg-admin', retryMaxTimes: 1, consumeBroadcastEnable: false }),
    );
    expect(await call(updateAndCreateSubscriptionGroupProcessor, services, {}, body)).toEqual({ code: 0 });
    const bad = [
      Buffer.from('{oops'),
      Buffer.from('{"groupName":"a b"}'),
      Buffer.from('{"groupName":"g","retryQueueNums":"x"}'),
    ];
    for (const b of bad) {
      const reply = await call(updateAndCreateSubscriptionGroupProcessor, services, {}, b);
      expect(reply.code).toBe(ResponseCode.SYSTEM_ERROR);
      expect(reply.remark).toBeTruthy();
    }
    expect((await call(updateAndCreateSubscriptionGroupProcessor, services, {}, null)).code).toBe(
      ResponseCode.SYSTEM_ERROR,
    );
    const reloaded = createBrokerAdmin({ store, dataDir: dir, log, topicConfigs: () => [] });
    expect(reloaded.subscriptionGroups.get('cg-admin')).toMatchObject({
      retryMaxTimes: 1,
      consumeBroadcastEnable: false,
    });

    store.consumerOffsets.commit('cg-admin', [
      { topic: 'orders', queueId: 0, offset: 5, leaderEpoch: -1, metadata: null, commitTimestampMs: 1 },
    ]);
    expect(await call(deleteSubscriptionGroupProcessor, services, { groupName: 'cg-admin' })).toEqual({
      code: 0,
    });
    expect(store.consumerOffsets.list('cg-admin')).toHaveLength(1);
    expect(services.admin?.subscriptionGroups.get('cg-admin')).toBeUndefined();
    expect(
      await call(deleteSubscriptionGroupProcessor, services, { groupName: 'cg-admin', cleanOffset: 'true' }),
    ).toEqual({
      code: 0,
    });
    expect(store.consumerOffsets.list('cg-admin')).toEqual([]);
    await expect(call(deleteSubscriptionGroupProcessor, services, {})).rejects.toThrow(/groupName/);
  });

  it("CONSUMER_SEND_MSG_BACK without maxReconsumeTimes uses the group's retryMaxTimes", async () => {
    const { store, services } = await fixture();
    await store.createTopic('orders', 1, {});
    await writeRocketMessage(services, log, message('orders', 0, 1));
    const read = await store.read('orders', 0, 0, { maxBytes: 1 << 20, atLeastOne: true });
    if (read.status !== 'ok') throw new Error(read.status);
    const original = decodeRocketMessage(read.entries[0]!.payload).message;
    const back = (group: string) =>
      call(consumerSendMsgBackProcessor, services, {
        offset: String(original.physicalOffset),
        group,
        delayLevel: '0',
        originTopic: 'orders',
      });
    // Default group (16 retries): reconsumeTimes 1 goes to %RETRY% (through the schedule topic).
    expect((await back('cg-default')).code).toBe(0);
    expect(store.getTopic('%DLQ%cg-default')).toBeUndefined();
    const body = Buffer.from(JSON.stringify({ groupName: 'cg-once', retryMaxTimes: 1 }));
    expect((await call(updateAndCreateSubscriptionGroupProcessor, services, {}, body)).code).toBe(0);
    expect((await back('cg-once')).code).toBe(0);
    expect(store.queueBounds('%DLQ%cg-once', 0)?.highWatermark).toBe(1);
  });
});
