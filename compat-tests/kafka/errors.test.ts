/**
 * Error answers real clients must understand: unknown topic with auto-create off, a record over
 * max.message.bytes (MESSAGE_TOO_LARGE), and a fetch at an out-of-range offset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Producer } from '@platformatic/kafka';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { requireClient } from '../harness/clients/index.js';
import { kafkajsAdmin, kafkajsClient, kafkajsFetch } from '../harness/clients/kafkajs.js';
import { kcatConsume, runKcat } from '../harness/clients/kcat.js';
import { platformaticConsumer, platformaticFetchBatches } from '../harness/clients/platformatic-kafka.js';
import { runPython, type PythonAnswer, type PythonClient } from '../harness/clients/python-clients.js';
import { expectKafkaError, KafkaErrorCode } from '../harness/kafka-error.js';
import { expectSameRecords, makeRecords, toWire } from '../harness/records.js';

const MAX_MESSAGE_BYTES = 100_000;
let broker: BrokerProcess;
const TOPIC = 'errors-existing';
const existing = makeRecords({ count: 10, seed: 5 });

/** One record of `value` through a Python client to partition 0 of `topic`, uncompressed, acks=all. */
const pythonProduce = (
  client: PythonClient,
  topic: string,
  value: Buffer,
  config?: Record<string, unknown>,
): Promise<PythonAnswer> =>
  runPython(client, {
    op: 'produce',
    bootstrap: broker.bootstrap,
    topic,
    partition: 0,
    codec: 'none',
    acks: -1,
    timeoutMs: 20_000,
    ...(config === undefined ? {} : { config }),
    records: [toWire({ key: null, value, headers: [] })],
  });

/** A Python client consuming one record of partition 0 of TOPIC from `offset`. */
const pythonConsumeOne = (
  client: PythonClient,
  offset: bigint,
  autoOffsetReset: string,
): Promise<PythonAnswer> =>
  runPython(client, {
    op: 'consume',
    bootstrap: broker.bootstrap,
    topic: TOPIC,
    partition: 0,
    offset: offset.toString(),
    count: 1,
    timeoutMs: 15_000,
    autoOffsetReset,
  });

beforeAll(async () => {
  broker = await startBroker({
    label: 'errors',
    autoCreateTopics: false,
    extraArgs: ['--max-message-bytes', String(MAX_MESSAGE_BYTES)],
  });
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  const kafkajs = await requireClient('kafkajs');
  await kafkajs.produce(broker.bootstrap, {
    topic: TOPIC,
    partition: 0,
    records: existing,
    codec: 'none',
    acks: -1,
  });
});

afterAll(async () => {
  await stopAllBrokers();
});

async function topicExists(topic: string): Promise<boolean> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    return (await admin.listTopics()).includes(topic);
  } finally {
    await admin.disconnect();
  }
}

describe('unknown topic with --auto-create-topics false', () => {
  it('kafkajs producer gets UNKNOWN_TOPIC_OR_PARTITION and no topic is created', async () => {
    const producer = kafkajsClient(broker.bootstrap).producer({
      allowAutoTopicCreation: true,
      retry: { retries: 1 },
    });
    await producer.connect();
    try {
      await expectKafkaError(
        () => producer.send({ topic: 'no-such-topic-kafkajs', acks: -1, messages: [{ value: 'x' }] }),
        KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        'kafkajs send to a missing topic',
      );
    } finally {
      await producer.disconnect();
    }
    expect(await topicExists('no-such-topic-kafkajs')).toBe(false);
  });

  it('@platformatic/kafka producer reports the unknown topic and no topic is created', async () => {
    const producer = new Producer({
      clientId: 'compat-errors',
      bootstrapBrokers: [broker.bootstrap],
      autocreateTopics: true,
      retries: 1,
      retryDelay: 100,
    });
    try {
      // platformatic turns a Metadata answer with UNKNOWN_TOPIC_OR_PARTITION (3) into this UserError.
      await expect(
        producer.send({ messages: [{ topic: 'no-such-topic-platformatic', value: Buffer.from('x') }] }),
      ).rejects.toThrow(/^Unknown topic no-such-topic-platformatic\.$/);
    } finally {
      await producer.close();
    }
    expect(await topicExists('no-such-topic-platformatic')).toBe(false);
  });

  it('confluent-kafka (Python) delivery fails with Unknown topic and no topic is created', async () => {
    const answer = await pythonProduce(
      'confluent-kafka-python',
      'no-such-topic-confluent',
      Buffer.from('x'),
      { 'topic.metadata.propagation.max.ms': 1000 },
    );
    expect(answer.ok).toBe(false);
    // librdkafka reports the broker's UNKNOWN_TOPIC_OR_PARTITION metadata answer as its local _UNKNOWN_TOPIC.
    expect(['_UNKNOWN_TOPIC', 'UNKNOWN_TOPIC_OR_PART']).toContain(answer.name);
    expect(await topicExists('no-such-topic-confluent')).toBe(false);
  });
});

describe('kcat -L -t for a missing topic with --auto-create-topics false', () => {
  it('reports Unknown topic or partition and creates nothing', async () => {
    const { stdout } = await runKcat(['-b', broker.bootstrap, '-L', '-J', '-t', 'no-such-topic-kcat']);
    const md = JSON.parse(stdout.toString('utf8')) as { topics: { topic: string; error?: string }[] };
    expect(md.topics.find((t) => t.topic === 'no-such-topic-kcat')?.error).toMatch(
      /Unknown topic or partition/i,
    );
    expect(await topicExists('no-such-topic-kcat')).toBe(false);
  });
});

describe(`a record over --max-message-bytes ${MAX_MESSAGE_BYTES}`, () => {
  const big = Buffer.alloc(MAX_MESSAGE_BYTES * 2, 0x61);

  it('kafkajs gets MESSAGE_TOO_LARGE, and the partition keeps working', async () => {
    const producer = kafkajsClient(broker.bootstrap).producer({ retry: { retries: 0 } });
    await producer.connect();
    try {
      await expectKafkaError(
        () => producer.send({ topic: TOPIC, acks: -1, messages: [{ partition: 0, value: big }] }),
        KafkaErrorCode.MESSAGE_TOO_LARGE,
        'kafkajs oversized record',
      );
      const ok = await producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [{ partition: 0, value: 'small' }],
      });
      expect(ok[0]?.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
    }
  });

  it('@platformatic/kafka gets MESSAGE_TOO_LARGE', async () => {
    const producer = new Producer({
      clientId: 'compat-errors',
      bootstrapBrokers: [broker.bootstrap],
      retries: 0,
    });
    try {
      await expectKafkaError(
        () => producer.send({ messages: [{ topic: TOPIC, partition: 0, value: big }] }),
        KafkaErrorCode.MESSAGE_TOO_LARGE,
        'platformatic oversized record',
      );
    } finally {
      await producer.close();
    }
  });

  it('confluent-kafka (Python) delivery fails with MSG_SIZE_TOO_LARGE (10)', async () => {
    const answer = await pythonProduce('confluent-kafka-python', TOPIC, big, {
      'message.send.max.retries': 0,
    });
    expect(answer).toMatchObject({ ok: false, code: KafkaErrorCode.MESSAGE_TOO_LARGE });
  });

  it('kafka-python raises MessageSizeTooLargeError (10)', async () => {
    const answer = await pythonProduce('kafka-python', TOPIC, big);
    expect(answer).toMatchObject({
      ok: false,
      name: 'MessageSizeTooLargeError',
      code: KafkaErrorCode.MESSAGE_TOO_LARGE,
    });
  });

  it('nothing of the rejected records was stored', async () => {
    const got = await kafkajsFetch(broker.bootstrap, {
      topic: TOPIC,
      partition: 0,
      offset: 0n,
      count: 11,
      timeoutMs: 5_000,
    });
    expectSameRecords(got.slice(0, 10), existing, 'records before the rejected ones', 0n);
    expect(got.map((r) => r.value?.toString()).slice(10)).toEqual(['small']);
  });
});

describe('fetch at an out-of-range offset (partition has 11 records)', () => {
  const far = 1_000_000n;

  it('kafkajs Fetch answers OFFSET_OUT_OF_RANGE', async () => {
    await expectKafkaError(
      () =>
        kafkajsFetch(broker.bootstrap, {
          topic: TOPIC,
          partition: 0,
          offset: far,
          count: 1,
          timeoutMs: 5_000,
        }),
      KafkaErrorCode.OFFSET_OUT_OF_RANGE,
      'kafkajs fetch at 1000000',
    );
  });

  it('@platformatic/kafka Fetch answers OFFSET_OUT_OF_RANGE', async () => {
    const consumer = platformaticConsumer(broker.bootstrap);
    try {
      await expectKafkaError(
        () => platformaticFetchBatches(consumer, TOPIC, 0, far),
        KafkaErrorCode.OFFSET_OUT_OF_RANGE,
        'platformatic fetch at 1000000',
      );
    } finally {
      await consumer.close(true);
    }
  });

  it('kafka-python seek(1000000) raises OffsetOutOfRangeError', async () => {
    const answer = await pythonConsumeOne('kafka-python', far, 'none');
    expect(answer).toMatchObject({
      ok: false,
      name: 'OffsetOutOfRangeError',
      code: KafkaErrorCode.OFFSET_OUT_OF_RANGE,
    });
  });

  it('confluent-kafka (Python) with auto.offset.reset=error reports Offset out of range', async () => {
    const answer = await pythonConsumeOne('confluent-kafka-python', far, 'error');
    expect(answer.ok).toBe(false);
    expect(answer.name).toBe('_AUTO_OFFSET_RESET');
    expect(String(answer.error)).toMatch(/Offset out of range/i);
  });

  it('kcat -o 1000000 with auto.offset.reset=error reports Offset out of range', async () => {
    await expect(
      kcatConsume(
        broker.bootstrap,
        { topic: TOPIC, partition: 0, offset: far, count: 1, timeoutMs: 20_000 },
        ['-X', 'auto.offset.reset=error'],
      ),
    ).rejects.toThrow(/Offset out of range/i);
  });
});
