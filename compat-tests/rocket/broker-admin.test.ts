/**
 * Broker admin request codes over raw remoting, on the store both protocols share: a topic made with
 * UPDATE_AND_CREATE_TOPIC (17) takes ali-ons sends and is listed by kafkajs; a Kafka-created topic shows in
 * GET_ALL_TOPIC_CONFIG (21); DELETE_TOPIC_IN_BROKER (215) removes it for both; GET_CONSUME_STATS (208)
 * shows the lag left after an ali-ons consumer; the connection lists (203/204) show the live ali-ons
 * clients; subscription groups (200/201/207) survive a restart; bad input gets error replies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { createTopic, produceKeyed, sleep, waitFor, withAdmin } from '../harness/group-admin.js';
import { RemotingClient, type RemotingFrame } from '../harness/remoting-client.js';
import { RequestCode, ResponseCode } from '../harness/rocket-codes.js';

const {
  UPDATE_AND_CREATE_TOPIC,
  GET_ALL_TOPIC_CONFIG,
  GET_BROKER_RUNTIME_INFO,
  GET_EARLIEST_MSG_STORETIME,
  HEART_BEAT,
  GET_ROUTEINFO_BY_TOPIC,
  UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
  GET_ALL_SUBSCRIPTIONGROUP_CONFIG,
  GET_TOPIC_STATS_INFO,
  GET_CONSUMER_CONNECTION_LIST,
  GET_PRODUCER_CONNECTION_LIST,
  DELETE_SUBSCRIPTIONGROUP,
  GET_CONSUME_STATS,
  DELETE_TOPIC_IN_BROKER,
} = RequestCode;
const { SUCCESS, SYSTEM_ERROR, TOPIC_NOT_EXIST, CONSUMER_NOT_ONLINE } = ResponseCode;

let broker: BrokerProcess;
let conn: RemotingClient;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-broker-admin' });
  conn = await RemotingClient.open(broker.host, broker.remotingPort);
});

afterAll(async () => {
  conn.close();
  await stopAllBrokers();
});

const req = (
  code: number,
  ext: Record<string, string> = {},
  body: Buffer | null = null,
): Promise<RemotingFrame> => conn.request(code, ext, body);

const json = <T>(r: RemotingFrame): T => JSON.parse(r.body.toString('utf8') || 'null') as T;

/**
 * fastjson writes MessageQueue-keyed maps with the key object in key position; this reader checks that
 * exact form and turns each key into "topic/queueId".
 */
function mqTable<T>(r: RemotingFrame): Record<string, T> {
  const text = r.body.toString('utf8');
  const keyed = /\{"brokerName":"([^"]+)","queueId":(\d+),"topic":"([^"]+)"\}:/g;
  if (!text.includes('"offsetTable":{}')) expect(text).toMatch(keyed);
  const standard = text.replace(keyed, (_m, _b: string, q: string, t: string) => `"${t}/${q}":`);
  return (JSON.parse(standard) as { offsetTable: Record<string, T> }).offsetTable;
}

const createTopicFields = (topic: string, queues: number): Record<string, string> => ({
  topic,
  defaultTopic: 'TBW102',
  readQueueNums: String(queues),
  writeQueueNums: String(queues),
  perm: '6',
  topicFilterType: 'SINGLE_TAG',
  topicSysFlag: '0',
  order: 'false',
});

const kafkaTopics = (): Promise<string[]> => withAdmin(broker.bootstrap, (a) => a.listTopics());

interface TopicConfigWrapper {
  dataVersion: { counter: number; timestamp: number };
  topicConfigTable: Record<
    string,
    { topicName: string; readQueueNums: number; writeQueueNums: number; perm: number }
  >;
}

describe('topics through the admin codes, seen by both protocols', () => {
  it('a topic created with code 17 takes ali-ons sends and is listed by kafkajs; code 215 deletes it', async () => {
    const topic = 'admin-created';
    expect(await req(UPDATE_AND_CREATE_TOPIC, createTopicFields(topic, 4))).toMatchObject({ code: SUCCESS });
    const meta = await withAdmin(broker.bootstrap, (a) => a.fetchTopicMetadata({ topics: [topic] }));
    expect(meta.topics[0]?.partitions).toHaveLength(4);
    expect(await kafkaTopics()).toContain(topic);

    const producer = await aliProducer(broker.nameSrv, 'pg-admin', { heartbeatIntervalMs: 500 });
    try {
      for (let i = 0; i < 8; i++) {
        const sent = await producer.send(aliMessage(topic, 'T', `m-${i}`));
        expect(sent.sendStatus).toBe('SEND_OK');
      }
      // The live producer shows in GET_PRODUCER_CONNECTION_LIST once its first heartbeat came.
      let reply = await req(GET_PRODUCER_CONNECTION_LIST, { producerGroup: 'pg-admin' });
      await waitFor(
        'the producer heartbeat',
        async () => {
          reply = await req(GET_PRODUCER_CONNECTION_LIST, { producerGroup: 'pg-admin' });
          return reply.code === SUCCESS;
        },
        10_000,
      );
      const pc = json<{ connectionSet: { clientId: string; clientAddr: string; language: string }[] }>(reply);
      expect(pc.connectionSet).toHaveLength(1);
      expect(pc.connectionSet[0]?.clientId).toMatch(/@compat-/);
      expect(pc.connectionSet[0]?.clientAddr).toMatch(/^127\.0\.0\.1:\d+$/);
    } finally {
      await producer.close();
    }

    const stats = mqTable<{ minOffset: number; maxOffset: number; lastUpdateTimestamp: number }>(
      await req(GET_TOPIC_STATS_INFO, { topic }),
    );
    expect(Object.keys(stats).sort()).toEqual([0, 1, 2, 3].map((q) => `${topic}/${q}`));
    expect(Object.values(stats).reduce((n, s) => n + s.maxOffset, 0)).toBe(8);
    const busy = Object.entries(stats).find(([, s]) => s.maxOffset > 0);
    expect(busy?.[1].lastUpdateTimestamp).toBeGreaterThan(Date.now() - 120_000);
    const queueId = busy?.[0].split('/')[1] ?? '0';
    const earliest = await req(GET_EARLIEST_MSG_STORETIME, { topic, queueId });
    expect(Number(earliest.extFields['timestamp'])).toBeGreaterThan(Date.now() - 120_000);
    expect(Number(earliest.extFields['timestamp'])).toBeLessThanOrEqual(busy?.[1].lastUpdateTimestamp ?? 0);

    expect(await req(DELETE_TOPIC_IN_BROKER, { topic })).toMatchObject({ code: SUCCESS });
    expect(await kafkaTopics()).not.toContain(topic);
    const ns = await RemotingClient.open(broker.host, broker.namesrvPort);
    try {
      const route = await ns.request(GET_ROUTEINFO_BY_TOPIC, { topic });
      expect(route.code).toBe(TOPIC_NOT_EXIST);
    } finally {
      ns.close();
    }
    const all = json<TopicConfigWrapper>(await req(GET_ALL_TOPIC_CONFIG));
    expect(all.topicConfigTable[topic]).toBeUndefined();
  });

  it('a Kafka-created topic appears in GET_ALL_TOPIC_CONFIG, and code 17 grows it for Kafka', async () => {
    const topic = 'kafka-made';
    const before = json<TopicConfigWrapper>(await req(GET_ALL_TOPIC_CONFIG));
    await createTopic(broker.bootstrap, topic, 3);
    const after = json<TopicConfigWrapper>(await req(GET_ALL_TOPIC_CONFIG));
    expect(after.topicConfigTable[topic]).toMatchObject({
      topicName: topic,
      readQueueNums: 3,
      writeQueueNums: 3,
      perm: 6,
    });
    expect(after.dataVersion.counter).toBeGreaterThan(before.dataVersion.counter);
    expect(await req(UPDATE_AND_CREATE_TOPIC, createTopicFields(topic, 5))).toMatchObject({ code: SUCCESS });
    const meta = await withAdmin(broker.bootstrap, (a) => a.fetchTopicMetadata({ topics: [topic] }));
    expect(meta.topics[0]?.partitions).toHaveLength(5);

    // A Kafka group's committed offsets are the same table: GET_CONSUME_STATS reads its lag.
    await produceKeyed(broker.bootstrap, topic, 5, 'k', 10);
    await withAdmin(broker.bootstrap, (a) =>
      a.setOffsets({ groupId: 'kafka-group', topic, partitions: [{ partition: 0, offset: '1' }] }),
    );
    const table = mqTable<{ brokerOffset: number; consumerOffset: number; lastTimestamp: number }>(
      await req(GET_CONSUME_STATS, { consumerGroup: 'kafka-group' }),
    );
    expect(Object.keys(table).sort()).toEqual([0, 1, 2, 3, 4].map((q) => `${topic}/${q}`));
    expect(table[`${topic}/0`]).toMatchObject({ brokerOffset: 2, consumerOffset: 1 });
    expect(table[`${topic}/0`]?.lastTimestamp).toBeGreaterThan(Date.now() - 120_000);
    expect(Object.values(table).reduce((n, r) => n + r.brokerOffset - r.consumerOffset, 0)).toBe(9);
  });
});

describe('consumers: stats and connections', () => {
  it('GET_CONSUME_STATS shows the lag left after ali-ons consumed; 203 lists the live consumer', async () => {
    const topic = 'admin-lag';
    const group = 'cg-admin-lag';
    expect(await req(UPDATE_AND_CREATE_TOPIC, createTopicFields(topic, 2))).toMatchObject({ code: SUCCESS });
    const send = async (from: number, to: number): Promise<void> => {
      const producer = await aliProducer(broker.nameSrv, 'pg-admin-lag');
      try {
        for (let i = from; i < to; i++) await producer.send(aliMessage(topic, 'T', `m-${i}`));
      } finally {
        await producer.close();
      }
    };
    await send(0, 6);
    const consumer = await aliConsumer(broker.nameSrv, group, topic);
    try {
      await consumer.waitFor(6);
      const cc = json<{
        connectionSet: { clientId: string; clientAddr: string }[];
        consumeFromWhere: string;
        consumeType: string;
        messageModel: string;
        subscriptionTable: Record<string, { topic: string; subString: string }>;
      }>(await req(GET_CONSUMER_CONNECTION_LIST, { consumerGroup: group }));
      expect(cc.connectionSet).toHaveLength(1);
      expect(cc.connectionSet[0]?.clientId).toMatch(/@compat-/);
      expect(cc.messageModel).toBe('CLUSTERING');
      expect(cc.consumeFromWhere).toBe('CONSUME_FROM_FIRST_OFFSET');
      expect(cc.subscriptionTable[topic]).toMatchObject({ topic, subString: '*' });
      // Offsets are committed every 500 ms by the harness consumer.
      await waitFor(
        'committed offsets to reach 6',
        async () => {
          const t = mqTable<{ consumerOffset: number }>(
            await req(GET_CONSUME_STATS, { consumerGroup: group }),
          );
          return Object.values(t).reduce((n, r) => n + r.consumerOffset, 0) === 6;
        },
        15_000,
      );
    } finally {
      await consumer.close();
    }
    expect(await req(GET_CONSUMER_CONNECTION_LIST, { consumerGroup: group })).toMatchObject({
      code: CONSUMER_NOT_ONLINE,
    });
    await send(6, 10);
    const table = mqTable<{ brokerOffset: number; consumerOffset: number; lastTimestamp: number }>(
      await req(GET_CONSUME_STATS, { consumerGroup: group, topic }),
    );
    const lag = Object.values(table).reduce((n, r) => n + r.brokerOffset - r.consumerOffset, 0);
    expect(lag).toBe(4);
    expect(Object.values(table).reduce((n, r) => n + r.brokerOffset, 0)).toBe(10);
    for (const r of Object.values(table))
      if (r.consumerOffset > 0) expect(r.lastTimestamp).toBeGreaterThan(0);
    // The heartbeat auto-created the group's subscription group.
    const groups = json<{ subscriptionGroupTable: Record<string, { retryMaxTimes: number }> }>(
      await req(GET_ALL_SUBSCRIPTIONGROUP_CONFIG),
    );
    expect(groups.subscriptionGroupTable[group]).toMatchObject({ retryMaxTimes: 16 });

    const runtime = json<{ table: Record<string, string> }>(await req(GET_BROKER_RUNTIME_INFO)).table;
    expect(Number(runtime['msgPutTotalTodayNow'])).toBeGreaterThanOrEqual(10);
    expect(Number(runtime['msgGetTotalTodayNow'])).toBeGreaterThanOrEqual(6);
    expect(Number(runtime['commitLogMaxOffset'])).toBeGreaterThan(0);
    expect(runtime['brokerVersionDesc']).toBe('V4_9_8');
  });
});

describe('subscription groups', () => {
  it('created, heartbeat-created and deleted groups are kept across a restart', async () => {
    // A broker of its own: only raw remoting connections, so no client library reconnects across the restart.
    const own = await startBroker({ label: 'rocket-broker-admin-groups' });
    let c = await RemotingClient.open(own.host, own.remotingPort);
    const call = (code: number, ext: Record<string, string>, body: Buffer | null = null) =>
      c.request(code, ext, body);
    try {
      const body = (name: string, retryMaxTimes: number): Buffer =>
        Buffer.from(JSON.stringify({ groupName: name, retryMaxTimes, consumeBroadcastEnable: false }));
      expect(await call(UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, body('cg-keep', 3))).toMatchObject({
        code: SUCCESS,
      });
      expect(await call(UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, body('cg-drop', 5))).toMatchObject({
        code: SUCCESS,
      });
      expect(
        await call(DELETE_SUBSCRIPTIONGROUP, { groupName: 'cg-drop', cleanOffset: 'true' }),
      ).toMatchObject({
        code: SUCCESS,
      });
      const heartbeat = {
        clientID: '127.0.0.1@raw',
        producerDataSet: [],
        consumerDataSet: [
          {
            groupName: 'cg-heartbeat',
            consumeType: 'CONSUME_PASSIVELY',
            messageModel: 'CLUSTERING',
            consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
            subscriptionDataSet: [],
          },
        ],
      };
      expect(await call(HEART_BEAT, {}, Buffer.from(JSON.stringify(heartbeat)))).toMatchObject({
        code: SUCCESS,
      });
      c.close();
      await own.restart();
      c = await RemotingClient.open(own.host, own.remotingPort);
      const groups = json<{
        subscriptionGroupTable: Record<string, { retryMaxTimes: number; consumeBroadcastEnable: boolean }>;
        dataVersion: { counter: number };
      }>(await call(GET_ALL_SUBSCRIPTIONGROUP_CONFIG, {}));
      expect(groups.subscriptionGroupTable['cg-keep']).toMatchObject({
        retryMaxTimes: 3,
        consumeBroadcastEnable: false,
      });
      expect(groups.subscriptionGroupTable['cg-drop']).toBeUndefined();
      expect(groups.subscriptionGroupTable['cg-heartbeat']).toMatchObject({ retryMaxTimes: 16 });
      expect(groups.subscriptionGroupTable['TOOLS_CONSUMER']).toBeDefined();
      expect(groups.dataVersion.counter).toBe(4);
    } finally {
      c.close();
      await own.stop();
    }
  });
});

describe('bad input', () => {
  it('answers errors with remarks and keeps the connection and the broker', async () => {
    const bad: [number, Record<string, string>, Buffer | null, number, RegExp][] = [
      [UPDATE_AND_CREATE_TOPIC, createTopicFields('bad topic', 4), null, SYSTEM_ERROR, /illegal characters/],
      [UPDATE_AND_CREATE_TOPIC, createTopicFields('TBW102', 4), null, SYSTEM_ERROR, /system topic/],
      [UPDATE_AND_CREATE_TOPIC, createTopicFields('ok-name', 0), null, SYSTEM_ERROR, /readQueueNums/],
      [UPDATE_AND_CREATE_TOPIC, { topic: 'ok-name' }, null, SYSTEM_ERROR, /readQueueNums/],
      [
        UPDATE_AND_CREATE_TOPIC,
        { ...createTopicFields('ok-name', 2), perm: 'x' },
        null,
        SYSTEM_ERROR,
        /perm/,
      ],
      [DELETE_TOPIC_IN_BROKER, {}, null, SYSTEM_ERROR, /topic/],
      [GET_TOPIC_STATS_INFO, { topic: 'no-such-topic' }, null, TOPIC_NOT_EXIST, /not exist/],
      [GET_CONSUME_STATS, {}, null, SYSTEM_ERROR, /consumerGroup/],
      [GET_CONSUMER_CONNECTION_LIST, { consumerGroup: 'nobody' }, null, CONSUMER_NOT_ONLINE, /not online/],
      [GET_PRODUCER_CONNECTION_LIST, { producerGroup: 'nobody' }, null, SYSTEM_ERROR, /not exist/],
      [UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, Buffer.from('{garbage'), SYSTEM_ERROR, /JSON/],
      [UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, null, SYSTEM_ERROR, /missing/],
      [
        UPDATE_AND_CREATE_SUBSCRIPTIONGROUP,
        {},
        Buffer.from('{"groupName":"g","retryMaxTimes":"x"}'),
        SYSTEM_ERROR,
        /retryMaxTimes/,
      ],
      [GET_EARLIEST_MSG_STORETIME, { topic: 't', queueId: 'zero' }, null, SYSTEM_ERROR, /queueId/],
    ];
    for (const [code, ext, body, expected, remark] of bad) {
      const r = await req(code, ext, body);
      expect(r.code, `code ${code} ${JSON.stringify(ext)}`).toBe(expected);
      expect(r.remark ?? '').toMatch(remark);
    }
    expect(await kafkaTopics()).not.toContain('ok-name');
    expect(await req(GET_ALL_TOPIC_CONFIG)).toMatchObject({ code: SUCCESS });
    await sleep(10);
    expect(conn.closed).toBe(false);
    expect(broker.running).toBe(true);
  });
});
