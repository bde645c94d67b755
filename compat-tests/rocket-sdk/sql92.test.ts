/**
 * SQL92 property filters through the SDK (ali-ons has none): a push consumer and a pull consumer get
 * only the messages whose properties match; a malformed expression fails the consumer's start
 * (CHECK_CLIENT_CONFIG) instead of silently consuming nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { PullConsumer, PushConsumer, RocketClientError } from '../../src/index.js';
import { collectingConsumer, instanceName, startProducer } from './sdk-helpers.js';

let broker: BrokerProcess;
const topic = 'sdk-sql92';
const FILTER = "region = 'eu' AND amount > 10";

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-sdk-sql92' });
  await createTopic(broker.bootstrap, topic, 2);
  const producer = await startProducer(broker.nameSrv, 'pg-sdk-sql92');
  try {
    const rows: [string, string, string | undefined][] = [
      ['eu-5', 'eu', '5'],
      ['eu-50', 'eu', '50'],
      ['us-50', 'us', '50'],
      ['eu-none', 'eu', undefined],
      ['eu-99', 'eu', '99'],
    ];
    for (const [body, region, amount] of rows)
      await producer.send({ topic, body, tags: 'T', properties: { region, ...(amount ? { amount } : {}) } });
  } finally {
    await producer.shutdown();
  }
});

afterAll(async () => {
  await stopAllBrokers();
});

describe('RocketMQ SDK: SQL92 filters', () => {
  it('a push consumer with an SQL92 subscription gets only matching messages', async () => {
    const c = await collectingConsumer(
      { nameServers: broker.nameSrv, consumerGroup: 'cg-sdk-sql92' },
      topic,
      FILTER,
      'SQL92',
    );
    try {
      await c.waitFor(2);
      await new Promise((r) => setTimeout(r, 1000));
      expect(c.messages.map((m) => m.body.toString()).sort()).toEqual(['eu-50', 'eu-99']);
    } finally {
      await c.consumer.shutdown();
    }
  });

  it('a pull consumer filters with SQL92 too', async () => {
    const pc = new PullConsumer({
      nameServers: broker.nameSrv,
      consumerGroup: 'cg-sdk-sql92-pull',
      instanceName: instanceName('sql-pull'),
    });
    await pc.start();
    try {
      const got: string[] = [];
      for (const mq of await pc.fetchSubscribeMessageQueues(topic)) {
        const r = await pc.pull(mq, 0, 32, {
          expression: "amount >= 50 OR region = 'us'",
          expressionType: 'SQL92',
        });
        got.push(...r.messages.map((m) => m.body.toString()));
      }
      expect(got.sort()).toEqual(['eu-50', 'eu-99', 'us-50']);
    } finally {
      await pc.shutdown();
    }
  });

  it('a malformed expression fails start() with SUBSCRIPTION_PARSE_FAILED', async () => {
    const consumer = new PushConsumer({
      nameServers: broker.nameSrv,
      consumerGroup: 'cg-sdk-sql92-bad',
      instanceName: instanceName('sql-bad'),
    });
    consumer.subscribe(topic, "region = = 'eu'", 'SQL92').registerMessageListener(() => undefined);
    const err = await consumer.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RocketClientError);
    expect((err as RocketClientError).responseCode).toBe(23);
  });
});
