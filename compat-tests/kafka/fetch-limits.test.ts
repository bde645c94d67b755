/**
 * Fetch byte limits with kafkajs's own Fetch requests (its internal broker API, so the test picks the
 * limits; kafkajs shuffles the partitions of each request, so every outcome is checked against the
 * ones Kafka allows for some order): partitions read concurrently when their limits fit the response
 * limit, a batch larger than its partition's limit is served when its partition is the first with data
 * (KIP-74) and held back otherwise, so a consumer still gets past it, and the response limit binds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createCluster, kafkajsAdmin, kafkajsClient } from '../harness/clients/kafkajs.js';

const TOPIC = 'fetch-limits';
const SMALL = 5;
const BIG = 20;

interface FetchedPartition {
  partition: number;
  messages: { offset: string; value: Buffer | null }[];
}

let broker: BrokerProcess;

async function fetchOnce(
  offsets: number[],
  partitionMaxBytes: number,
  maxBytes: number,
): Promise<Map<number, number>> {
  const cluster = createCluster(broker.bootstrap);
  await cluster.connect();
  try {
    await cluster.addTargetTopic(TOPIC);
    await cluster.refreshMetadata();
    const leader = cluster.findTopicPartitionMetadata(TOPIC)[0]?.leader ?? 0;
    const kafkaBroker = (await cluster.findBroker({ nodeId: leader })) as unknown as {
      fetch(request: Record<string, unknown>): Promise<{ responses: { partitions: FetchedPartition[] }[] }>;
    };
    const response = await kafkaBroker.fetch({
      replicaId: -1,
      isolationLevel: 0,
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes,
      topics: [
        {
          topic: TOPIC,
          partitions: offsets.map((offset, partition) => ({
            partition,
            fetchOffset: String(offset),
            maxBytes: partitionMaxBytes,
          })),
        },
      ],
    });
    const counts = new Map<number, number>();
    for (const t of response.responses)
      for (const p of t.partitions) counts.set(p.partition, p.messages.length);
    return counts;
  } finally {
    await cluster.disconnect();
  }
}

beforeAll(async () => {
  broker = await startBroker();
  const admin = await kafkajsAdmin(broker.bootstrap);
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafkajsClient(broker.bootstrap).producer();
  await producer.connect();
  const small = (partition: number) =>
    Array.from({ length: SMALL }, (_, i) => ({ partition, value: Buffer.alloc(100, 97 + i) }));
  // One batch per partition: about 0.6 KiB on 0 and 2, about 20 KiB on 1.
  await producer.send({
    topic: TOPIC,
    acks: -1,
    messages: [
      ...small(0),
      ...Array.from({ length: BIG }, (_, i) => ({ partition: 1, value: Buffer.alloc(1024, 65 + i) })),
      ...small(2),
    ],
  });
  await producer.disconnect();
}, 60_000);

afterAll(async () => {
  await stopAllBrokers();
});

const ALL = { 0: SMALL, 1: BIG, 2: SMALL };
/** Partition 1's batch held back behind a partition that had data. */
const HELD_BACK = { 0: SMALL, 1: 0, 2: SMALL };

describe('Fetch byte limits (kafkajs Fetch requests)', () => {
  it('serves every partition when the partition limits fit the response limit', async () => {
    const counts = await fetchOnce([0, 0, 0], 64 * 1024, 1024 * 1024);
    expect(Object.fromEntries(counts)).toEqual(ALL);
  });

  it('serves an oversized batch only when its partition is the first with data', async () => {
    for (let i = 0; i < 12; i++) {
      const counts = Object.fromEntries(await fetchOnce([0, 0, 0], 4 * 1024, 1024 * 1024));
      expect([ALL, HELD_BACK]).toContainEqual(counts);
    }
  });

  it('lets a reader get past a batch larger than its partition limit', async () => {
    const offsets = [0, 0, 0];
    for (let round = 0; round < 10 && offsets.some((o, p) => o < (p === 1 ? BIG : SMALL)); round++) {
      const counts = await fetchOnce(offsets, 4 * 1024, 1024 * 1024);
      for (const [p, n] of counts) offsets[p] = (offsets[p] ?? 0) + n;
    }
    expect(offsets).toEqual([SMALL, BIG, SMALL]);
  });

  it('lets the response limit bind when the partition limits exceed it', async () => {
    for (let i = 0; i < 6; i++) {
      const counts = Object.fromEntries(await fetchOnce([0, 0, 0], 64 * 1024, 10 * 1024));
      // Partition 1 first: its 20 KiB batch uses up the 10 KiB; otherwise it does not fit what is left.
      expect([HELD_BACK, { 0: 0, 1: BIG, 2: 0 }]).toContainEqual(counts);
    }
  });
});
