/**
 * The SDK's orderly push consumer (ConsumeOrderlyService) against a real broker: per-key order across a
 * graceful queue handover and a consumer SIGKILLed mid-stream (duplicates only as the replay of what the
 * dead consumer processed after its last commit), and SUSPEND_CURRENT_QUEUE_A_MOMENT redelivering in
 * order, then to the DLQ past maxReconsumeTimes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  BrokerApi,
  ConsumeOrderlyStatus,
  PushConsumer,
  dlqTopicOf,
  selectByHash,
  type MessageQueue,
} from '../../src/index.js';
import { startBroker, stopAllBrokers } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { startSdkChild } from './sdk-child-process.js';
import { instanceName, pullAll, startProducer, waitUntil } from './sdk-helpers.js';

afterAll(async () => {
  await stopAllBrokers();
});

interface Consumed {
  q: number;
  o: number;
  key: string;
  step: number;
}

/** Lock renewal well inside the broker's (short) lock expiry. */
const LOCKS = { lockIntervalMs: 500, lockMaxLiveMs: 2000 };
const LOCK_FLAGS = ['--queue-lock-expire-ms', '3000'];

describe('RocketMQ SDK: orderly consumer', () => {
  it('keeps per-key order across a queue handover and a consumer crash; nothing lost', async () => {
    const broker = await startBroker({ label: 'rocket-sdk-orderly', extraArgs: LOCK_FLAGS });
    const topic = 'sdk-orderly-crash';
    const group = 'cg-sdk-orderly-crash';
    await createTopic(broker.bootstrap, topic, 4);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-orderly');
    const keys = Array.from({ length: 12 }, (_, i) => `order-${i}`);
    const STEPS = 50;
    const queueOfKey = new Map<string, number>();
    for (let step = 0; step < STEPS; step++)
      for (const key of keys) {
        const r = await producer.sendOrderly({ topic, body: `${key}:${step}` }, selectByHash, key);
        const q = queueOfKey.get(key);
        if (q !== undefined) expect(r.messageQueue.queueId).toBe(q);
        queueOfKey.set(key, r.messageQueue.queueId);
      }
    const queues = await producer.publishQueues(topic);
    const api = new BrokerApi(producer.client);
    const queueEnd = new Map<number, number>();
    for (const mq of queues) queueEnd.set(mq.queueId, await api.maxOffset(mq));

    // Consumer A alone first (a child process, 15 ms per message), then B joins: two queues move to B.
    const a = startSdkChild('orderly', {
      nameServers: broker.nameSrv,
      group,
      topic,
      delayMs: 15,
      instanceName: instanceName('orderly-a'),
      ...LOCKS,
    });
    const aMsgs = (): Consumed[] =>
      a.lines.filter((l) => l.startsWith('MSG ')).map((l) => JSON.parse(l.slice(4)) as Consumed);
    await a.waitFor((l) => l.startsWith('MSG '), 60);

    const bMsgs: Consumed[] = [];
    let gate: Promise<void> | null = null;
    const b = new PushConsumer({
      nameServers: broker.nameSrv,
      consumerGroup: group,
      instanceName: instanceName('orderly-b'),
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      rebalanceIntervalMs: 1000,
      persistConsumerOffsetIntervalMs: 300,
    });
    b.subscribe(topic, '*').registerMessageListenerOrderly(async (msgs, ctx) => {
      if (gate !== null) await gate;
      for (const m of msgs) {
        const [key, step] = m.body.toString().split(':');
        bMsgs.push({ q: ctx.mq.queueId, o: m.queueOffset, key: key as string, step: Number(step) });
      }
      return ConsumeOrderlyStatus.SUCCESS;
    }, LOCKS);
    await b.start();
    let killedAt = 0;
    const committedAtKill = new Map<number, number>();
    const startedBeforeKill = new Set<number>();
    try {
      // Let B take its share and A go on with the rest, then kill A mid-stream with B held still, so the
      // group's committed offsets at A's death can be read before B commits anything on A's queues.
      await waitUntil(
        () => new Set(bMsgs.map((m) => m.q)).size >= 2 && aMsgs().length >= 200,
        60_000,
        () =>
          `B consumed ${bMsgs.length} from ${new Set(bMsgs.map((m) => m.q)).size} queues, A ${aMsgs().length}`,
      );
      let open = (): void => undefined;
      gate = new Promise<void>((r) => (open = r));
      for (const m of bMsgs) startedBeforeKill.add(m.q);
      await a.kill();
      killedAt = Date.now();
      for (const mq of queues) committedAtKill.set(mq.queueId, await api.queryConsumerOffset(group, mq));
      gate = null;
      open();
      const total = keys.length * STEPS;
      await waitUntil(
        () => new Set([...aMsgs(), ...bMsgs].map((m) => `${m.key}:${m.step}`)).size >= total,
        60_000,
        () => `A ${aMsgs().length} + B ${bMsgs.length} of ${total}`,
      );
      console.log(
        `A consumed ${aMsgs().length}, B ${bMsgs.length} (${aMsgs().length + bMsgs.length - total} replayed); ` +
          `B finished ${Date.now() - killedAt} ms after A's SIGKILL`,
      );
    } finally {
      await b.shutdown();
      await producer.shutdown();
    }

    const A = aMsgs();
    let resumedMidStream = 0;
    for (const mq of queues) {
      const q = mq.queueId;
      const end = queueEnd.get(q) ?? 0;
      const aq = A.filter((m) => m.q === q).map((m) => m.o);
      const bq = bMsgs.filter((m) => m.q === q).map((m) => m.o);
      // Each consumer went through a queue strictly in offset order, one message after the other.
      expect(aq).toEqual(aq.map((_, i) => i));
      const first = bq[0] ?? end;
      expect(bq).toEqual(bq.map((_, i) => first + i));
      const aNext = aq.length;
      if (startedBeforeKill.has(q)) {
        // Handed over while A was alive: A committed before unlocking, B went on from there exactly.
        expect(first).toBe(aNext);
      } else {
        // Taken over after A's death: B started at A's last commit; what A processed after it is replayed.
        const committed = committedAtKill.get(q) ?? -1;
        expect(first).toBe(Math.max(committed, 0));
        expect(first).toBeLessThanOrEqual(aNext);
        if (first < end) resumedMidStream += 1;
      }
      // Nothing lost: every offset of the queue was consumed by A or B.
      expect(first + bq.length).toBe(end);
    }
    // A died with work left on at least one of its queues.
    expect(resumedMidStream).toBeGreaterThan(0);
    // Per key: A's steps in order from 0, B's steps in order to the end, B's start replaying a suffix of A's.
    for (const key of keys) {
      const as = A.filter((m) => m.key === key).map((m) => m.step);
      const bs = bMsgs.filter((m) => m.key === key).map((m) => m.step);
      expect(as).toEqual(as.map((_, i) => i));
      const from = bs[0] ?? STEPS;
      expect(from).toBeLessThanOrEqual(as.length);
      expect(bs).toEqual(bs.map((_, i) => from + i));
      expect(from + bs.length).toBe(STEPS);
    }
  });

  it('SUSPEND_CURRENT_QUEUE_A_MOMENT redelivers the same message in order, then sends it to the DLQ', async () => {
    const broker = await startBroker({ label: 'rocket-sdk-orderly-suspend', extraArgs: LOCK_FLAGS });
    const topic = 'sdk-orderly-suspend';
    const group = 'cg-sdk-orderly-suspend';
    await createTopic(broker.bootstrap, topic, 2);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-orderly-suspend');
    let target: MessageQueue | undefined;
    for (let i = 0; i < 6; i++) {
      const r = await producer.sendOrderly({ topic, body: `s${i}` }, selectByHash, 'one-key');
      target = r.messageQueue;
    }
    const seen: { body: string; reconsumeTimes: number; at: number }[] = [];
    const consumer = new PushConsumer({
      nameServers: broker.nameSrv,
      consumerGroup: group,
      instanceName: instanceName('orderly-suspend'),
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      rebalanceIntervalMs: 1000,
    });
    consumer.subscribe(topic, '*').registerMessageListenerOrderly(
      (msgs, ctx) => {
        const m = msgs[0];
        if (m === undefined) return ConsumeOrderlyStatus.SUCCESS;
        const body = m.body.toString();
        seen.push({ body, reconsumeTimes: m.reconsumeTimes, at: Date.now() });
        // s1 succeeds on its third delivery; s3 never does (it ends in the DLQ after 1 + 2 deliveries).
        if (body === 's1' && m.reconsumeTimes < 2) return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
        if (body === 's3') {
          ctx.suspendCurrentQueueTimeMillis = 200;
          return ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
        }
        if (body === 's4' && m.reconsumeTimes === 0) throw new Error('a listener failure suspends too');
        return ConsumeOrderlyStatus.SUCCESS;
      },
      { suspendCurrentQueueTimeMillis: 400, maxReconsumeTimes: 2, ...LOCKS },
    );
    await consumer.start();
    try {
      await waitUntil(
        () => seen.some((s) => s.body === 's5'),
        30_000,
        () => seen.map((s) => s.body).join(','),
      );
      expect(seen.map((s) => `${s.body}/${s.reconsumeTimes}`)).toEqual([
        's0/0',
        's1/0',
        's1/1',
        's1/2',
        's2/0',
        's3/0',
        's3/1',
        's3/2',
        's4/0',
        's4/1',
        's5/0',
      ]);
      const gap = (i: number): number => (seen[i]?.at ?? 0) - (seen[i - 1]?.at ?? 0);
      // Each redelivery came after the queue's pause, never earlier.
      for (const i of [2, 3, 9]) expect(gap(i)).toBeGreaterThanOrEqual(390);
      for (const i of [6, 7]) expect(gap(i)).toBeGreaterThanOrEqual(190);
      // The committed offset is past everything; s3 alone went to %DLQ%<group>.
      const api = new BrokerApi(producer.client);
      await waitUntil(
        () => consumer.offsetStore.current(target as MessageQueue) === 6,
        5000,
        () => `offset ${consumer.offsetStore.current(target as MessageQueue)}`,
      );
      await consumer.shutdown();
      expect(await api.queryConsumerOffset(group, target as MessageQueue)).toBe(6);
      const dlq = (await pullAll(broker.nameSrv, dlqTopicOf(group))).flatMap((q) => q.messages);
      expect(dlq.map((m) => m.body.toString())).toEqual(['s3']);
    } finally {
      await consumer.shutdown();
      await producer.shutdown();
    }
  });
});
