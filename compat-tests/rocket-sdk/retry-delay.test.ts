/**
 * SDK retry and delay against a broker with a shortened `--delay-levels` table: a failing listener
 * sees reconsumeTimes grow through %RETRY%<group> and the message lands in %DLQ%<group> after
 * maxReconsumeTimes; delay levels fire on time (lateness measured and printed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { PullConsumer, PushConsumer, dlqTopicOf, type MessageExt } from '../../src/index.js';
import { collectingConsumer, instanceName, startProducer, waitUntil } from './sdk-helpers.js';

const DELAY_MS = [300, 400, 500, 600, 700, 800, 1000, 1500];
const DELAY_LEVELS = DELAY_MS.map((ms) => `${ms}ms`).join(' ');

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-sdk-retry', extraArgs: ['--delay-levels', DELAY_LEVELS] });
});

afterAll(async () => {
  await stopAllBrokers();
});

describe('RocketMQ SDK: retry, DLQ and delay levels', () => {
  it('a failing message is redelivered with growing reconsumeTimes, then moved to %DLQ%', async () => {
    const topic = 'sdk-retry';
    const group = 'cg-sdk-retry';
    await createTopic(broker.bootstrap, topic, 1);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-retry');
    try {
      await producer.send({ topic, body: 'poison', keys: 'k-poison', tags: 'T' });
      await producer.send({ topic, body: 'flaky', keys: 'k-flaky', tags: 'T' });
    } finally {
      await producer.shutdown();
    }
    const seen: { body: string; reconsumeTimes: number; topic: string; at: number }[] = [];
    const consumer = new PushConsumer({
      nameServers: broker.nameSrv,
      consumerGroup: group,
      instanceName: instanceName('retry'),
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      maxReconsumeTimes: 3,
      rebalanceIntervalMs: 1000,
      persistConsumerOffsetIntervalMs: 500,
    });
    consumer.subscribe(topic, '*').registerMessageListener((m) => {
      seen.push({
        body: m.body.toString(),
        reconsumeTimes: m.reconsumeTimes,
        topic: m.topic,
        at: Date.now(),
      });
      if (m.body.toString() === 'poison') return 'RECONSUME_LATER';
      if (m.reconsumeTimes < 2) throw new Error('fails twice, then succeeds');
      return 'CONSUME_SUCCESS';
    });
    await consumer.start();
    const of = (body: string) => seen.filter((s) => s.body === body);
    try {
      await waitUntil(
        () => of('poison').length >= 4 && of('flaky').length >= 3,
        60_000,
        () => JSON.stringify(seen),
      );
      await new Promise((r) => setTimeout(r, 2500)); // a 5th poison / 4th flaky delivery must not come
    } finally {
      await consumer.shutdown();
    }
    expect(of('poison').map((s) => s.reconsumeTimes)).toEqual([0, 1, 2, 3]);
    expect(of('flaky').map((s) => s.reconsumeTimes)).toEqual([0, 1, 2]);
    // The listener sees the original topic, not %RETRY%<group>.
    expect(seen.every((s) => s.topic === topic)).toBe(true);
    // Retries use level 3 + reconsumeTimes: 500 ms, 600 ms, 700 ms in this table.
    const gaps = of('poison')
      .slice(1)
      .map((s, i) => s.at - (of('poison')[i]?.at ?? 0));
    console.log(`retry gaps (ms): ${gaps.join(', ')} for levels 3, 4, 5 = 500, 600, 700 ms`);
    gaps.forEach((g, i) => expect(g).toBeGreaterThanOrEqual((DELAY_MS[2 + i] ?? 0) - 50));

    const pc = new PullConsumer({
      nameServers: broker.nameSrv,
      consumerGroup: 'cg-dlq-check',
      instanceName: instanceName('dlq'),
    });
    await pc.start();
    try {
      let dead: MessageExt[] = [];
      const deadline = Date.now() + 20_000;
      while (dead.length === 0 && Date.now() < deadline) {
        try {
          const [mq] = await pc.fetchSubscribeMessageQueues(dlqTopicOf(group));
          if (mq !== undefined) dead = (await pc.pull(mq, 0, 32)).messages;
        } catch {
          // the DLQ route appears after the first move
        }
        if (dead.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(dead.map((m) => m.body.toString())).toEqual(['poison']);
      expect(dead[0]?.properties['RETRY_TOPIC']).toBe(topic);
      expect(dead[0]?.keys).toEqual(['k-poison']);
      expect(dead[0]?.properties['ORIGIN_MESSAGE_ID']).toBeTruthy();
    } finally {
      await pc.shutdown();
    }
  });

  it('delay levels fire after their delay (lateness measured)', async () => {
    const topic = 'sdk-delay';
    await createTopic(broker.bootstrap, topic, 1);
    const c = await collectingConsumer({ nameServers: broker.nameSrv, consumerGroup: 'cg-sdk-delay' }, topic);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-delay');
    const sentAt = new Map<string, number>();
    try {
      await waitUntil(
        () => c.consumer.assignedQueues().some((q) => q.topic === topic),
        10_000,
        () => 'no queue',
      );
      for (let round = 0; round < 3; round++) {
        for (let level = 1; level <= DELAY_MS.length; level++) {
          const body = `r${round}-L${level}`;
          sentAt.set(body, Date.now());
          await producer.send({ topic, body, delayLevel: level });
        }
        await producer.send({ topic, body: `r${round}-now` });
        sentAt.set(`r${round}-now`, Date.now());
      }
      await c.waitFor(3 * (DELAY_MS.length + 1), 30_000);
    } finally {
      await producer.shutdown();
      await c.consumer.shutdown();
    }
    const lateness: number[] = [];
    c.messages.forEach((m, i) => {
      const body = m.body.toString();
      const level = Number(/-L(\d+)$/.exec(body)?.[1] ?? 0);
      const waited = (c.arrivals[i] ?? 0) - (sentAt.get(body) ?? 0);
      const due = level === 0 ? 0 : (DELAY_MS[level - 1] ?? 0);
      expect(m.properties['DELAY']).toBeUndefined();
      expect(m.topic).toBe(topic);
      if (level > 0) {
        expect(waited).toBeGreaterThanOrEqual(due - 5);
        lateness.push(waited - due);
      }
    });
    lateness.sort((a, b) => a - b);
    const pct = (p: number): number =>
      lateness[Math.min(lateness.length - 1, Math.floor(p * lateness.length))] ?? 0;
    console.log(
      `delay lateness over ${lateness.length} messages (ms): min ${lateness[0]}, median ${pct(0.5)}, p90 ${pct(0.9)}, max ${lateness[lateness.length - 1]}`,
    );
    expect(pct(0.5)).toBeLessThan(500);
    expect(lateness[lateness.length - 1]).toBeLessThan(2000);
  });
});
