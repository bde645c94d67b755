/**
 * Admin operations through kafkajs, @platformatic/kafka, kafka-python and confluent-kafka (Python):
 * create/delete topics, add partitions, describe/alter configs, list offsets by time, delete records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { ADMIN_ADAPTERS } from '../harness/clients/admin-adapters.js';
import { kafkajsAdmin, kafkajsClient, kafkajsFetch } from '../harness/clients/kafkajs.js';
import { expectKafkaError, KafkaErrorCode } from '../harness/kafka-error.js';
import { expectSameRecords, makeRecords, type TestRecord } from '../harness/records.js';

let broker: BrokerProcess;
/** CreateTime of record i in the timestamp topics is T0 + i * 1000. */
const T0 = Date.now() - 3_600_000;
const TIMED_COUNT = 10;
const timedRecords = makeRecords({ count: TIMED_COUNT, seed: 77 });

beforeAll(async () => {
  broker = await startBroker({ label: 'admin', defaultPartitions: 1 });
});

afterAll(async () => {
  await stopAllBrokers();
});

/** A topic with TIMED_COUNT records whose timestamps are T0, T0+1s, ... (produced by kafkajs). */
async function produceTimedTopic(topic: string): Promise<void> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const producer = kafkajsClient(broker.bootstrap).producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: timedRecords.map((r: TestRecord, i) => ({
        partition: 0,
        key: r.key,
        value: r.value,
        timestamp: String(T0 + i * 1000),
        headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])),
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

describe.each(ADMIN_ADAPTERS.map((a) => [a.name, a] as const))('%s admin', (_name, admin) => {
  const prefix = `adm-${admin.name}`;
  const main = `${prefix}-main`;
  const doomed = `${prefix}-doomed`;

  it('creates topics, one with a config, and metadata shows their partitions', async () => {
    const codes = await admin.createTopics(broker.bootstrap, [
      { name: main, partitions: 3, config: { 'retention.ms': '3600000' } },
      { name: doomed, partitions: 1 },
    ]);
    expect(codes).toEqual({ [main]: 0, [doomed]: 0 });
    expect(await admin.partitionCount(broker.bootstrap, main)).toBe(3);
    expect(await admin.partitionCount(broker.bootstrap, doomed)).toBe(1);
  });

  it('answers TOPIC_ALREADY_EXISTS when creating an existing topic', async () => {
    const codes = await admin.createTopics(broker.bootstrap, [{ name: main, partitions: 3 }]);
    expect(codes).toEqual({ [main]: KafkaErrorCode.TOPIC_ALREADY_EXISTS });
  });

  it('adds partitions (3 -> 5); shrinking is INVALID_PARTITIONS', async () => {
    expect(await admin.createPartitions(broker.bootstrap, main, 5)).toBe(0);
    expect(await admin.partitionCount(broker.bootstrap, main)).toBe(5);
    expect(await admin.createPartitions(broker.bootstrap, main, 2)).toBe(KafkaErrorCode.INVALID_PARTITIONS);
    expect(await admin.partitionCount(broker.bootstrap, main)).toBe(5);
  });

  it('describes the config given at creation, alters it, and describes the new value', async () => {
    const before = await admin.describeConfigs(broker.bootstrap, main);
    expect(before['retention.ms']).toBe('3600000');
    expect(await admin.alterConfigs(broker.bootstrap, main, { 'retention.ms': '7200000' })).toBe(0);
    const after = await admin.describeConfigs(broker.bootstrap, main);
    expect(after['retention.ms']).toBe('7200000');
  });

  it('deletes a topic', async () => {
    expect(await admin.deleteTopics(broker.bootstrap, [doomed])).toEqual({ [doomed]: 0 });
    expect(await admin.partitionCount(broker.bootstrap, doomed)).toBeNull();
    expect(await admin.partitionCount(broker.bootstrap, main)).toBe(5);
  });

  it('lists offsets by timestamp', async () => {
    const topic = `${prefix}-times`;
    await produceTimedTopic(topic);
    expect(await admin.offsetForTime(broker.bootstrap, topic, 0, T0 - 60_000)).toBe(0n);
    expect(await admin.offsetForTime(broker.bootstrap, topic, 0, T0)).toBe(0n);
    expect(await admin.offsetForTime(broker.bootstrap, topic, 0, T0 + 4_500)).toBe(5n);
    expect(await admin.offsetForTime(broker.bootstrap, topic, 0, T0 + 9_000)).toBe(9n);
    expect(await admin.offsetForTime(broker.bootstrap, topic, 0, T0 + 60_000)).toBe(-1n);
  });

  const deleteRecords = admin.deleteRecords?.bind(admin);
  if (deleteRecords) {
    it('deletes records before an offset; reads below it are OFFSET_OUT_OF_RANGE', async () => {
      const topic = `${prefix}-delete-records`;
      await produceTimedTopic(topic);
      expect(await deleteRecords(broker.bootstrap, topic, 0, 4n)).toBe(4n);
      expect(await admin.offsetForTime(broker.bootstrap, topic, 0, T0)).toBe(4n);
      await expectKafkaError(
        () =>
          kafkajsFetch(broker.bootstrap, { topic, partition: 0, offset: 0n, count: 1, timeoutMs: 10_000 }),
        KafkaErrorCode.OFFSET_OUT_OF_RANGE,
        'fetch at offset 0 after DeleteRecords(4)',
      );
      const rest = await kafkajsFetch(broker.bootstrap, {
        topic,
        partition: 0,
        offset: 4n,
        count: TIMED_COUNT - 4,
      });
      expectSameRecords(rest, timedRecords.slice(4), 'records after the deleted ones', 4n);
    });
  }
});
