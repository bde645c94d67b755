/**
 * ali-ons (RocketMQ remoting) against the broker's NameServer and broker ports: send with tags and keys,
 * a clustering push consumer with a tag filter, committed offsets across a broker restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { aliConsumer, aliMessage, aliProducer } from '../harness/clients/ali-ons.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-send-pull' });
});

afterAll(async () => {
  await stopAllBrokers();
});

describe('ali-ons producer and push consumer', () => {
  it('sends with tags and keys; a tag-filtered clustering consumer gets exactly its messages', async () => {
    const topic = 'rocket-tags';
    await createTopic(broker.bootstrap, topic, 4);
    const producer = await aliProducer(broker.nameSrv, 'pg-tags');
    const sent: string[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const tag = i % 2 === 0 ? 'TagA' : 'TagB';
        const r = await producer.send(aliMessage(topic, tag, `body-${i}`, [`key-${i}`]));
        expect(r.sendStatus).toBe('SEND_OK');
        expect(r.msgId).toMatch(/^[0-9A-F]{32}$/);
        sent.push(r.msgId);
      }
    } finally {
      await producer.close();
    }
    expect(new Set(sent).size).toBe(10);
    const consumer = await aliConsumer(broker.nameSrv, 'cg-tags', topic, 'TagA');
    try {
      const got = await consumer.waitFor(5);
      await new Promise((r) => setTimeout(r, 1500));
      expect(got.map((m) => m.body.toString()).sort()).toEqual([
        'body-0',
        'body-2',
        'body-4',
        'body-6',
        'body-8',
      ]);
      for (const m of got) {
        expect(m.tags).toBe('TagA');
        expect(m.topic).toBe(topic);
        expect(m.properties['KEYS']).toBe(`key-${m.body.toString().slice(5)}`);
        expect(sent).toContain(m.msgId);
      }
    } finally {
      await consumer.close();
    }
  });

  it('committed offsets survive a broker restart', async () => {
    const topic = 'rocket-offsets';
    await createTopic(broker.bootstrap, topic, 2);
    const send = async (from: number, to: number): Promise<void> => {
      const producer = await aliProducer(broker.nameSrv, 'pg-offsets');
      try {
        for (let i = from; i < to; i++) await producer.send(aliMessage(topic, 'T', `m-${i}`));
      } finally {
        await producer.close();
      }
    };
    await send(0, 6);
    const first = await aliConsumer(broker.nameSrv, 'cg-offsets', topic);
    await first.waitFor(6);
    await new Promise((r) => setTimeout(r, 1500)); // offsets persist every 500 ms
    await first.close();
    await broker.restart();
    await send(6, 9);
    const second = await aliConsumer(broker.nameSrv, 'cg-offsets', topic);
    try {
      const got = await second.waitFor(3);
      await new Promise((r) => setTimeout(r, 1500));
      expect(got.map((m) => m.body.toString()).sort()).toEqual(['m-6', 'm-7', 'm-8']);
    } finally {
      await second.close();
    }
  });
});
