/**
 * The SDK and other clients on one broker: SDK -> ali-ons and ali-ons -> SDK (tags, keys, properties,
 * deflated bodies over 4 KiB), and kafkajs -> SDK (key as KEYS, headers as properties, TAGS header as
 * the tag, as README "Protocol mapping" says).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsClient } from '../harness/clients/kafkajs.js';
import { collectingConsumer, startProducer } from './sdk-helpers.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-sdk-interop' });
});

afterAll(async () => {
  await stopAllBrokers();
});

describe('RocketMQ SDK: interoperability', () => {
  it('SDK producer -> ali-ons consumer', async () => {
    const topic = 'sdk-to-ali';
    await createTopic(broker.bootstrap, topic, 2);
    const big = Buffer.alloc(9000, 0x33);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-to-ali');
    try {
      await producer.send({
        topic,
        body: 'hello ali',
        tags: 'Red',
        keys: ['order-1'],
        properties: { color: 'red' },
      });
      await producer.send({ topic, body: big, tags: 'Red', keys: ['order-2'] });
      await producer.sendBatch([
        { topic, body: 'batch-a', tags: 'Blue' },
        { topic, body: 'batch-b', tags: 'Red' },
      ]);
    } finally {
      await producer.shutdown();
    }
    const red = await aliConsumer(broker.nameSrv, 'cg-ali-red', topic, 'Red');
    try {
      const got = await red.waitFor(3);
      await new Promise((r) => setTimeout(r, 1000));
      expect(got).toHaveLength(3);
      const byBody = new Map(got.map((m) => [m.body.length > 100 ? 'big' : m.body.toString(), m]));
      // ali-ons exposes KEYS as the raw property string.
      expect(byBody.get('hello ali')?.properties['KEYS']).toBe('order-1');
      expect(byBody.get('hello ali')?.properties['color']).toBe('red');
      expect(byBody.get('hello ali')?.tags).toBe('Red');
      expect(byBody.get('big')?.body.equals(big)).toBe(true);
      expect(byBody.get('batch-b')?.tags).toBe('Red');
      expect(byBody.has('batch-a')).toBe(false);
    } finally {
      await red.close();
    }
  });

  it('ali-ons producer -> SDK consumer', async () => {
    const topic = 'ali-to-sdk';
    await createTopic(broker.bootstrap, topic, 2);
    const big = Buffer.alloc(7000, 0x44); // ali-ons deflates it
    const producer = await aliProducer(broker.nameSrv, 'pg-ali-to-sdk');
    try {
      await producer.send(aliMessage(topic, 'TagA', 'from ali', ['ali-key']));
      await producer.send(aliMessage(topic, 'TagB', big, ['ali-big']));
      await producer.send(aliMessage(topic, 'TagC', 'filtered out'));
    } finally {
      await producer.close();
    }
    const c = await collectingConsumer(
      { nameServers: broker.nameSrv, consumerGroup: 'cg-ali-to-sdk' },
      topic,
      'TagA || TagB',
    );
    try {
      const got = await c.waitFor(2);
      await new Promise((r) => setTimeout(r, 1000));
      expect(got).toHaveLength(2);
      const a = got.find((m) => m.tags === 'TagA');
      expect(a?.body.toString()).toBe('from ali');
      expect(a?.keys).toEqual(['ali-key']);
      const b = got.find((m) => m.tags === 'TagB');
      expect(b?.body.equals(big)).toBe(true);
      expect(b?.keys).toEqual(['ali-big']);
    } finally {
      await c.consumer.shutdown();
    }
  });

  it('kafkajs producer -> SDK consumer: key as KEYS, headers as properties, TAGS as the tag', async () => {
    const topic = 'kafka-to-sdk';
    await createTopic(broker.bootstrap, topic, 2);
    const bodies = Array.from({ length: 12 }, (_, i) => Buffer.from([i, 0, 255, 1, 2, i]));
    const kproducer = kafkajsClient(broker.bootstrap).producer();
    await kproducer.connect();
    try {
      await kproducer.send({
        topic,
        compression: 1, // gzip batches, served one record per queue offset
        messages: bodies.map((value, i) => ({
          partition: i % 2,
          key: i === 11 ? null : `k${i}`,
          value,
          headers: { TAGS: i % 3 === 0 ? 'Hot' : 'Cold', origin: 'kafka', seq: String(i) },
        })),
      });
    } finally {
      await kproducer.disconnect();
    }
    const all = await collectingConsumer({ nameServers: broker.nameSrv, consumerGroup: 'cg-k2s-all' }, topic);
    const hot = await collectingConsumer(
      { nameServers: broker.nameSrv, consumerGroup: 'cg-k2s-hot' },
      topic,
      'Hot',
    );
    try {
      const got = await all.waitFor(12);
      const bySeq = new Map(got.map((m) => [Number(m.properties['seq']), m]));
      for (let i = 0; i < 12; i++) {
        const m = bySeq.get(i);
        expect(m?.body.equals(bodies[i] as Buffer)).toBe(true);
        expect(m?.keys).toEqual(i === 11 ? [] : [`k${i}`]);
        expect(m?.properties['origin']).toBe('kafka');
        expect(m?.tags).toBe(i % 3 === 0 ? 'Hot' : 'Cold');
        expect(m?.queueId).toBe(i % 2);
      }
      await hot.waitFor(4);
      await new Promise((r) => setTimeout(r, 1000));
      expect(hot.messages.map((m) => Number(m.properties['seq'])).sort((a, b) => a - b)).toEqual([
        0, 3, 6, 9,
      ]);
    } finally {
      await all.consumer.shutdown();
      await hot.consumer.shutdown();
    }
  });
});
