/**
 * The SDK against the broker: sync, async, oneway and batch sends consumed by a push consumer (keys,
 * tags, properties, compressed bodies); ordered sends keep their order in one queue; the pull
 * consumer's offsets; tag filtering; consumeFromWhere last / first / timestamp.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { PullConsumer, selectByHash, type Message, type SendResult } from '../../src/index.js';
import { collectingConsumer, instanceName, pullAll, startProducer, waitUntil } from './sdk-helpers.js';

let broker: BrokerProcess;
let offsetDir: string;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-sdk-send' });
  offsetDir = await mkdtemp(join(tmpdir(), 'ferrymq-sdk-offsets-'));
});

afterAll(async () => {
  await stopAllBrokers();
  await rm(offsetDir, { recursive: true, force: true });
});

describe('RocketMQ SDK: send and consume', () => {
  it('sync, async, oneway and batch sends all reach a push consumer with keys, tags and properties', async () => {
    const topic = 'sdk-sends';
    await createTopic(broker.bootstrap, topic, 4);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-sends');
    const big = Buffer.alloc(20_000, 0x5a); // deflated on the wire (sysFlag bit 0)
    const results: SendResult[] = [];
    try {
      results.push(
        await producer.send({ topic, body: 'sync-0', tags: 'S', keys: ['key-sync'], properties: { p: 'v' } }),
      );
      results.push(await producer.send({ topic, body: big, tags: 'S', keys: 'key-big' }));
      // 50 async sends started without awaiting each one.
      const asyncSends: Promise<SendResult>[] = [];
      let callbacks = 0;
      for (let i = 0; i < 50; i++)
        asyncSends.push(producer.sendAsync({ topic, body: `async-${i}`, tags: 'A' }, () => (callbacks += 1)));
      results.push(...(await Promise.all(asyncSends)));
      await waitUntil(
        () => callbacks === 50,
        5000,
        () => `callbacks ${callbacks}`,
      );
      for (let i = 0; i < 5; i++) await producer.sendOneway({ topic, body: `oneway-${i}`, tags: 'O' });
      const batch: Message[] = Array.from({ length: 10 }, (_, i) => ({
        topic,
        body: `batch-${i}`,
        tags: 'B',
        keys: [`key-batch-${i}`],
      }));
      const batchResult = await producer.sendBatch(batch);
      expect(batchResult.msgId.split(',')).toHaveLength(10);
      expect(batchResult.offsetMsgId.split(',')).toHaveLength(10);
      results.push(batchResult);
    } finally {
      await producer.shutdown();
    }
    expect(results.every((r) => r.status === 'SEND_OK')).toBe(true);
    expect(new Set(results.map((r) => r.messageQueue.queueId)).size).toBeGreaterThan(1);

    const c = await collectingConsumer({ nameServers: broker.nameSrv, consumerGroup: 'cg-sdk-sends' }, topic);
    try {
      const got = await c.waitFor(67);
      await new Promise((r) => setTimeout(r, 500));
      expect(got).toHaveLength(67);
      const bodies = got.map((m) => (m.body.length > 100 ? 'big' : m.body.toString())).sort();
      const expected = [
        'sync-0',
        'big',
        ...Array.from({ length: 50 }, (_, i) => `async-${i}`),
        ...Array.from({ length: 5 }, (_, i) => `oneway-${i}`),
        ...Array.from({ length: 10 }, (_, i) => `batch-${i}`),
      ].sort();
      expect(bodies).toEqual(expected);
      const sync = got.find((m) => m.body.toString() === 'sync-0');
      expect(sync?.keys).toEqual(['key-sync']);
      expect(sync?.tags).toBe('S');
      expect(sync?.properties['p']).toBe('v');
      expect(sync?.msgId).toBe(results[0]?.msgId);
      const bigMsg = got.find((m) => m.keys.includes('key-big'));
      expect(bigMsg?.body.equals(big)).toBe(true);
      expect((bigMsg?.sysFlag ?? 0) & 1).toBe(1);
      const batch3 = got.find((m) => m.body.toString() === 'batch-3');
      expect(batch3?.keys).toEqual(['key-batch-3']);
      // A batch takes consecutive offsets in one queue.
      const batchMsgs = got.filter((m) => m.tags === 'B').sort((a, b) => a.queueOffset - b.queueOffset);
      expect(new Set(batchMsgs.map((m) => m.queueId)).size).toBe(1);
      expect(batchMsgs.map((m) => m.body.toString())).toEqual(
        Array.from({ length: 10 }, (_, i) => `batch-${i}`),
      );
    } finally {
      await c.consumer.shutdown();
    }
  });

  it('ordered sends: every message of an order lands in one queue, in send order', async () => {
    const topic = 'sdk-ordered';
    await createTopic(broker.bootstrap, topic, 4);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-ordered');
    const orders = ['o-1', 'o-2', 'o-3', 'o-4', 'o-5', 'o-6'];
    try {
      for (let step = 0; step < 25; step++)
        for (const order of orders) {
          const r = await producer.sendOrderly(
            { topic, body: `${order}:${step}`, keys: order },
            selectByHash,
            order,
          );
          expect(r.status).toBe('SEND_OK');
        }
    } finally {
      await producer.shutdown();
    }
    const queues = await pullAll(broker.nameSrv, topic);
    const seen = new Map<string, { queueId: number; steps: number[] }>();
    for (const { queue, messages } of queues) {
      for (const m of messages) {
        const [order, step] = m.body.toString().split(':');
        const entry = seen.get(order as string) ?? { queueId: queue.queueId, steps: [] };
        expect(entry.queueId).toBe(queue.queueId);
        entry.steps.push(Number(step));
        seen.set(order as string, entry);
      }
    }
    expect([...seen.keys()].sort()).toEqual(orders);
    for (const { steps } of seen.values()) expect(steps).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(new Set([...seen.values()].map((e) => e.queueId)).size).toBeGreaterThan(1);
  });

  it('pull consumer: queues, pull with a tag filter, committed offsets', async () => {
    const topic = 'sdk-pull';
    await createTopic(broker.bootstrap, topic, 1);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-pull');
    try {
      for (let i = 0; i < 10; i++)
        await producer.send({ topic, body: `m${i}`, tags: i % 2 === 0 ? 'Even' : 'Odd' });
    } finally {
      await producer.shutdown();
    }
    const pc = new PullConsumer({
      nameServers: broker.nameSrv,
      consumerGroup: 'cg-sdk-pull',
      instanceName: instanceName('pull'),
    });
    await pc.start();
    try {
      const [mq] = await pc.fetchSubscribeMessageQueues(topic);
      if (mq === undefined) throw new Error('no queue');
      expect(await pc.maxOffset(mq)).toBe(10);
      const first = await pc.pull(mq, 0, 4);
      expect(first.status).toBe('FOUND');
      expect(first.messages.map((m) => m.body.toString())).toEqual(['m0', 'm1', 'm2', 'm3']);
      expect(first.nextBeginOffset).toBe(4);
      const even = await pc.pull(mq, 4, 32, { expression: 'Even' });
      expect(even.messages.map((m) => m.body.toString())).toEqual(['m4', 'm6', 'm8']);
      const none = await pc.pull(mq, 10, 32);
      expect(none.status).toBe('NO_NEW_MSG');
      const moved = await pc.pull(mq, 50, 32);
      expect(moved.status).toBe('OFFSET_ILLEGAL');
      expect(moved.nextBeginOffset).toBe(10);
      await pc.updateConsumeOffset(mq, 7);
      await waitUntil(
        () => true,
        0,
        () => '',
      );
      let committed = -1;
      const deadline = Date.now() + 5000;
      while (committed !== 7 && Date.now() < deadline) {
        committed = await pc.fetchConsumeOffset(mq);
        if (committed !== 7) await new Promise((r) => setTimeout(r, 50));
      }
      expect(committed).toBe(7);
      // Long polling: a pull at the end is held until a message arrives.
      const held = pc.pull(mq, 10, 32, { suspendTimeoutMs: 5000 });
      const t0 = Date.now();
      await new Promise((r) => setTimeout(r, 300));
      const late = await startProducer(broker.nameSrv, 'pg-sdk-pull-late');
      await late.send({ topic, body: 'late' });
      await late.shutdown();
      const r = await held;
      expect(r.status).toBe('FOUND');
      expect(r.messages.map((m) => m.body.toString())).toEqual(['late']);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    } finally {
      await pc.shutdown();
    }
  });

  it('push consumer: tag subscription, and consumeFromWhere last / first / timestamp', async () => {
    const topic = 'sdk-from-where';
    await createTopic(broker.bootstrap, topic, 2);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-from');
    try {
      for (let i = 0; i < 6; i++) await producer.send({ topic, body: `old-${i}`, tags: i % 2 ? 'X' : 'Y' });
      await new Promise((r) => setTimeout(r, 50));
      const middle = Date.now();
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 4; i++) await producer.send({ topic, body: `mid-${i}`, tags: i % 2 ? 'X' : 'Y' });
      // Broadcasting keeps offsets in a file, so a new consumer has none and consumeFromWhere decides.
      const base = {
        nameServers: broker.nameSrv,
        messageModel: 'BROADCASTING' as const,
        offsetStoreDir: offsetDir,
      };
      const first = await collectingConsumer(
        { ...base, consumerGroup: 'cg-first', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' },
        topic,
      );
      const last = await collectingConsumer(
        { ...base, consumerGroup: 'cg-last', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' },
        topic,
      );
      const stamp = await collectingConsumer(
        {
          ...base,
          consumerGroup: 'cg-stamp',
          consumeFromWhere: 'CONSUME_FROM_TIMESTAMP',
          consumeTimestamp: middle,
        },
        topic,
      );
      const tagX = await collectingConsumer(
        { ...base, consumerGroup: 'cg-tag-x', consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' },
        topic,
        'X',
      );
      try {
        await waitUntil(
          () => [first, last, stamp, tagX].every((c) => c.consumer.assignedQueues().length === 2),
          10_000,
          () => 'queues not assigned',
        );
        await new Promise((r) => setTimeout(r, 500));
        for (let i = 0; i < 2; i++) await producer.send({ topic, body: `new-${i}`, tags: 'X' });
        await first.waitFor(12);
        await last.waitFor(2);
        await stamp.waitFor(6);
        await tagX.waitFor(7);
        await new Promise((r) => setTimeout(r, 500));
        const bodies = (c: typeof first): string[] => c.messages.map((m) => m.body.toString()).sort();
        expect(bodies(first)).toHaveLength(12);
        expect(bodies(last)).toEqual(['new-0', 'new-1']);
        expect(bodies(stamp)).toEqual(['mid-0', 'mid-1', 'mid-2', 'mid-3', 'new-0', 'new-1']);
        expect(bodies(tagX)).toEqual(['mid-1', 'mid-3', 'new-0', 'new-1', 'old-1', 'old-3', 'old-5']);
      } finally {
        for (const c of [first, last, stamp, tagX]) await c.consumer.shutdown();
      }
    } finally {
      await producer.shutdown();
    }
  });
});
