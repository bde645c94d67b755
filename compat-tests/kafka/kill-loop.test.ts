/**
 * kill -9 loop: a broker in `--flush-mode sync`, an idempotent kafkajs producer sending with acks=-1,
 * SIGKILL at a random moment, restart, FERRYMQ_KILL_CYCLES times (default 50). Every acknowledged record
 * must be present exactly once at the offset it was acknowledged with: offsets are contiguous and never
 * reused after a crash.
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { requireClient } from '../harness/clients/index.js';
import { kafkajsAdmin } from '../harness/clients/kafkajs.js';

const CYCLES = Number(process.env['FERRYMQ_KILL_CYCLES'] ?? 50);
const TOPIC = 'kill-loop';
const BATCH = 20;

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'kill-loop', flushMode: 'sync', defaultPartitions: 1 });
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
});

afterAll(async () => {
  await stopAllBrokers();
});

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function highWatermark(): Promise<bigint> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    const [p] = await admin.fetchTopicOffsets(TOPIC);
    return BigInt(p?.high ?? '0');
  } finally {
    await admin.disconnect();
  }
}

describe('kill -9 loop (sync flush, acks=-1, idempotent producer)', () => {
  it(`keeps every acknowledged record exactly once over ${CYCLES} crashes`, async () => {
    const rand = random(CYCLES * 7919);
    /** Acknowledged value -> the offset it was acknowledged at. */
    const acked = new Map<string, bigint>();
    let previousHw = 0n;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const hw = await highWatermark();
      // Nothing acknowledged is lost, and no offset is handed out twice.
      expect(hw, `high watermark after restart ${cycle}`).toBeGreaterThanOrEqual(previousHw);
      const kafka = new Kafka({
        clientId: `kill-loop-${cycle}`,
        brokers: [broker.bootstrap],
        logLevel: logLevel.NOTHING,
        retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 100 },
      });
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const killAfterMs = 50 + Math.floor(rand() * 400);
      const killing = new Promise((resolve) => setTimeout(resolve, killAfterMs)).then(() => broker.kill());
      let n = 0;
      try {
        for (;;) {
          const values = Array.from({ length: BATCH }, (_, i) => `c${cycle}-b${n}-r${i}`);
          n += 1;
          const [meta] = await producer.send({
            topic: TOPIC,
            acks: -1,
            messages: values.map((value) => ({ partition: 0, value })),
          });
          if (meta === undefined || meta.errorCode !== 0) throw new Error('send failed');
          const base = BigInt(meta.baseOffset ?? '-1');
          values.forEach((v, i) => acked.set(v, base + BigInt(i)));
          previousHw = base + BigInt(BATCH);
        }
      } catch {
        // the kill cut the send
      } finally {
        await killing;
        await producer.disconnect().catch(() => undefined);
      }
      expect(broker.lastExit).toBe('SIGKILL');
      await broker.start();
    }

    const hw = await highWatermark();
    expect(hw).toBeGreaterThanOrEqual(previousHw);
    const kafkajs = await requireClient('kafkajs');
    const consumed = await kafkajs.consume(broker.bootstrap, {
      topic: TOPIC,
      partition: 0,
      offset: 0n,
      count: Number(hw),
    });
    // Offsets contiguous from 0 to the high watermark.
    expect(consumed.map((r) => r.offset)).toEqual(Array.from({ length: Number(hw) }, (_, i) => BigInt(i)));
    const seen = new Map<string, bigint[]>();
    for (const r of consumed) {
      const v = r.value?.toString('utf8') ?? '';
      seen.set(v, [...(seen.get(v) ?? []), r.offset]);
    }
    for (const [value, offset] of acked) expect(seen.get(value), value).toEqual([offset]);
    // Records sent but not acknowledged may be there, at most once each.
    for (const [value, offsets] of seen) expect(offsets.length, value).toBe(1);
    expect(acked.size).toBeGreaterThan(0);
  }, 180_000);
});
