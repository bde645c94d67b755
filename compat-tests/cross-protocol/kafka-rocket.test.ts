/**
 * One topic, two protocols: records produced with kafkajs are consumed with ali-ons (body byte-exact, key
 * as KEYS, headers as properties, TAGS filtering), and messages sent with ali-ons are consumed with kcat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsClient } from '../harness/clients/kafkajs.js';
import { kcatConsume } from '../harness/clients/kcat.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'cross-protocol' });
});

afterAll(async () => {
  await stopAllBrokers();
});

describe('cross-protocol', () => {
  it('kafkajs produce (gzip batches) -> ali-ons consume, one record per queue offset', async () => {
    const topic = 'k2r';
    await createTopic(broker.bootstrap, topic, 2);
    const bodies = Array.from({ length: 20 }, (_, i) => Buffer.from([i, 0, 255, 10, 1, 2, i]));
    const producer = kafkajsClient(broker.bootstrap).producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        compression: 1,
        messages: bodies.map((value, i) => ({
          partition: i % 2,
          key: `k${i}`,
          value,
          headers: { TAGS: i % 4 === 0 ? 'Red' : 'Blue', origin: 'kafka' },
        })),
      });
    } finally {
      await producer.disconnect();
    }
    const all = await aliConsumer(broker.nameSrv, 'cg-k2r-all', topic);
    const red = await aliConsumer(broker.nameSrv, 'cg-k2r-red', topic, 'Red');
    try {
      const got = await all.waitFor(20);
      const byKey = new Map(got.map((m) => [m.properties['KEYS'], m]));
      for (let i = 0; i < 20; i++) {
        const m = byKey.get(`k${i}`);
        expect(m?.body.equals(bodies[i] as Buffer)).toBe(true);
        expect(m?.properties['origin']).toBe('kafka');
        expect(m?.tags).toBe(i % 4 === 0 ? 'Red' : 'Blue');
      }
      const reds = await red.waitFor(5);
      await new Promise((r) => setTimeout(r, 1000));
      expect(reds.map((m) => m.properties['KEYS']).sort()).toEqual(['k0', 'k12', 'k16', 'k4', 'k8']);
    } finally {
      await all.close();
      await red.close();
    }
  });

  it('ali-ons produce -> kcat consume (key from KEYS, body byte-exact, properties as headers)', async () => {
    const topic = 'r2k';
    await createTopic(broker.bootstrap, topic, 1);
    const producer = await aliProducer(broker.nameSrv, 'pg-r2k');
    const big = Buffer.alloc(6000, 7); // over 4 KiB: ali-ons deflates it, the Kafka side sees it inflated
    try {
      await producer.send(aliMessage(topic, 'TagX', Buffer.from('plain body'), ['order-1']));
      await producer.send(aliMessage(topic, 'TagY', big, ['order-2']));
    } finally {
      await producer.close();
    }
    const records = await kcatConsume(broker.bootstrap, {
      topic,
      partition: 0,
      offset: 0n,
      count: 2,
      timeoutMs: 20_000,
    });
    expect(records).toHaveLength(2);
    expect(records[0]?.key?.toString()).toBe('order-1');
    expect(records[0]?.value?.toString()).toBe('plain body');
    expect(records[0]?.headers.find((h) => h.key === 'TAGS')?.value.toString()).toBe('TagX');
    expect(records[1]?.key?.toString()).toBe('order-2');
    expect(records[1]?.value?.equals(big)).toBe(true);
    expect(records.map((r) => r.offset)).toEqual([0n, 1n]);
  });
});
