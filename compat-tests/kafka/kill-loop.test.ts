/**
 * kill -9 loop: a broker in `--flush-mode sync`, an idempotent kafkajs producer sending with acks=-1,
 * SIGKILL at a random moment, restart, FERRYMQ_KILL_CYCLES times (default 50; set it higher for a longer
 * soak, e.g. FERRYMQ_KILL_CYCLES=500). Every acknowledged record must be present exactly once at the offset
 * it was acknowledged with: offsets are contiguous and never reused after a crash. Meanwhile a consumer
 * group commits ever-growing offsets (OffsetCommit, generation -1 as a group without members does); after
 * every restart OffsetFetch must return at least the last acknowledged commit: committed offsets never go
 * backwards.
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { requireClient } from '../harness/clients/index.js';
import { createCluster, kafkajsAdmin } from '../harness/clients/kafkajs.js';

const CYCLES = Number(process.env['FERRYMQ_KILL_CYCLES'] ?? 50);
const TOPIC = 'kill-loop';
const BATCH = 20;
const GROUP = 'kill-loop-group';

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

/** The high watermark and the group's committed offset of partition 0 (OffsetFetch, -1 when none). */
async function hwAndCommitted(): Promise<{ hw: bigint; committed: bigint }> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    const [p] = await admin.fetchTopicOffsets(TOPIC);
    const [t] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    return {
      hw: BigInt(p?.high ?? '0'),
      committed: BigInt(t?.partitions.find((q) => q.partition === 0)?.offset ?? '-1'),
    };
  } finally {
    await admin.disconnect();
  }
}

interface OffsetCommitResponse {
  responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[];
}
interface GroupCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(arg: { groupId: string }): Promise<{
    offsetCommit(request: {
      groupId: string;
      groupGenerationId: number;
      memberId: string;
      retentionTime: number;
      topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
    }): Promise<OffsetCommitResponse>;
  }>;
}

/** What the committer saw: commits sent and acknowledged, and answers other than NONE. */
const commits = { sent: 0n, acked: -1n, ackedCount: 0, errorCodes: [] as number[] };

/**
 * Commits offsets 1, 2, 3, ... for the group until the connection dies (the kill); returns a function that
 * ends the loop and waits for it.
 */
function startCommitting(): () => Promise<void> {
  const cluster = createCluster(broker.bootstrap) as unknown as GroupCluster;
  let stopped = false;
  const loop = (async () => {
    try {
      await cluster.connect();
      const coordinator = await cluster.findGroupCoordinator({ groupId: GROUP });
      while (!stopped) {
        commits.sent += 1n;
        const offset = commits.sent;
        const response = await coordinator.offsetCommit({
          groupId: GROUP,
          groupGenerationId: -1,
          memberId: '',
          retentionTime: -1,
          topics: [{ topic: TOPIC, partitions: [{ partition: 0, offset: String(offset) }] }],
        });
        const code = response.responses[0]?.partitions[0]?.errorCode ?? -1;
        if (code !== 0) {
          commits.errorCodes.push(code);
          return;
        }
        commits.acked = offset;
        commits.ackedCount += 1;
        await new Promise((r) => setTimeout(r, 5));
      }
    } catch {
      // the kill cut the connection
    }
  })();
  return async () => {
    stopped = true;
    await cluster.disconnect().catch(() => undefined);
    // A request cut by the kill can sit in kafkajs' retries for a second; it can no longer succeed (the
    // broker it knows is dead) nor send a new commit (stopped), so do not wait for it.
    await Promise.race([loop, new Promise((r) => setTimeout(r, 100))]);
  };
}

describe('kill -9 loop (sync flush, acks=-1, idempotent producer)', () => {
  it(`keeps every acknowledged record exactly once over ${CYCLES} crashes`, async () => {
    const rand = random(CYCLES * 7919);
    /** Acknowledged value -> the offset it was acknowledged at. */
    const acked = new Map<string, bigint>();
    let previousHw = 0n;
    let previousCommitted = -1n;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { hw, committed } = await hwAndCommitted();
      // Nothing acknowledged is lost, and no offset is handed out twice.
      expect(hw, `high watermark after restart ${cycle}`).toBeGreaterThanOrEqual(previousHw);
      // The committed offset is at least the last acknowledged commit, never more than was sent, and never
      // lower than what the previous restart showed.
      expect(committed, `committed offset after restart ${cycle}`).toBeGreaterThanOrEqual(commits.acked);
      expect(committed, `committed offset after restart ${cycle}`).toBeLessThanOrEqual(commits.sent);
      expect(committed, `committed offset after restart ${cycle}`).toBeGreaterThanOrEqual(previousCommitted);
      previousCommitted = committed;
      const stopCommitting = startCommitting();
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
        await stopCommitting();
      }
      expect(broker.lastExit).toBe('SIGKILL');
      await broker.start();
    }

    const hw = await highWatermark();
    expect(hw).toBeGreaterThanOrEqual(previousHw);
    expect(commits.errorCodes, 'OffsetCommit errors').toEqual([]);
    // Commits were acknowledged in most cycles (each cycle runs 50-450 ms before the kill).
    expect(commits.ackedCount).toBeGreaterThan(CYCLES);
    expect((await hwAndCommitted()).committed).toBeGreaterThanOrEqual(commits.acked);
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
