/**
 * ali-ons against the broker: a failing message goes through %RETRY%<group> (CONSUMER_SEND_MSG_BACK,
 * delay levels 3 + reconsumeTimes) and lands in %DLQ%<group> after maxReconsumeTimes; a producer's
 * delay level is delivered after its delay. The broker runs with a shortened `--delay-levels` table.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import { aliConsumer, aliMessage, aliProducer, type AliMessage } from '../harness/clients/ali-ons.js';

interface RawConsumer {
  ready(): Promise<void>;
  subscribe(topic: string, expression: string, handler: (msg: AliMessage) => Promise<void>): void;
  close(): Promise<void>;
  on(event: 'error', fn: (err: Error) => void): void;
}

const require = createRequire(import.meta.url);
const ons = require('ali-ons') as { Consumer: new (options: Record<string, unknown>) => RawConsumer };
const none = (): void => undefined;
const quiet = { info: none, warn: none, error: none, debug: none };
const DELAY_LEVELS = '300ms 400ms 500ms 600ms 700ms 800ms';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-retry-delay', extraArgs: ['--delay-levels', DELAY_LEVELS] });
});

afterAll(async () => {
  await stopAllBrokers();
});

async function waitUntil(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('retry, DLQ and delay levels', () => {
  it('retries a failing message through %RETRY% and moves it to %DLQ% after maxReconsumeTimes', async () => {
    const topic = 'rocket-retry';
    const group = 'cg-retry';
    await createTopic(broker.bootstrap, topic);
    const producer = await aliProducer(broker.nameSrv, 'pg-retry');
    try {
      await producer.send(aliMessage(topic, 'T', 'poison', ['k-poison']));
    } finally {
      await producer.close();
    }
    const seen: { reconsumeTimes: number; topic: string; at: number }[] = [];
    const c = new ons.Consumer({
      httpclient: {},
      nameSrv: broker.nameSrv,
      consumerGroup: group,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      instanceName: `retry-${process.pid}`,
      rebalanceInterval: 2000,
      persistConsumerOffsetInterval: 500,
      maxReconsumeTimes: 2,
      logger: quiet,
    });
    c.on('error', none);
    await c.ready();
    c.subscribe(topic, '*', async (msg) => {
      const m = msg as AliMessage & { reconsumeTimes: number };
      seen.push({ reconsumeTimes: m.reconsumeTimes, topic: m.topic, at: Date.now() });
      throw new Error('consumer fails on purpose');
    });
    try {
      await waitUntil(
        () => seen.length >= 3,
        60_000,
        () => `deliveries ${JSON.stringify(seen)}`,
      );
      // Give a 4th delivery (which must not come) a chance to show up.
      await new Promise((r) => setTimeout(r, 2000));
    } finally {
      await c.close();
    }
    expect(seen.map((s) => s.reconsumeTimes)).toEqual([0, 1, 2]);
    expect(seen.every((s) => s.topic === topic)).toBe(true);
    const dlq = await aliConsumer(broker.nameSrv, 'cg-dlq-reader', `%DLQ%${group}`);
    try {
      const [dead] = await dlq.waitFor(1, 30_000);
      expect(dead?.body.toString()).toBe('poison');
      expect(dead?.properties['RETRY_TOPIC']).toBe(topic);
      expect(dead?.properties['ORIGIN_MESSAGE_ID']).toBeTruthy();
    } finally {
      await dlq.close();
    }
  });

  it('delivers a delayed message after its level', async () => {
    const topic = 'rocket-delay';
    await createTopic(broker.bootstrap, topic);
    const consumer = await aliConsumer(broker.nameSrv, 'cg-delay', topic);
    const producer = await aliProducer(broker.nameSrv, 'pg-delay');
    let sentAt = 0;
    try {
      const msg = aliMessage(topic, 'T', 'later') as { delayTimeLevel: number };
      msg.delayTimeLevel = 6; // 800 ms in the shortened table
      sentAt = Date.now();
      const r = await producer.send(msg);
      expect(r.sendStatus).toBe('SEND_OK');
      await producer.send(aliMessage(topic, 'T', 'now'));
      const got = await consumer.waitFor(2, 30_000);
      expect(got.map((m) => m.body.toString())).toEqual(['now', 'later']);
      const later = got[1];
      expect(later?.topic).toBe(topic);
      expect(later?.properties['DELAY']).toBeUndefined();
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(800);
    } finally {
      await producer.close();
      await consumer.close();
    }
  });
});
