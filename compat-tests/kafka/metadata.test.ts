/**
 * Metadata as clients see it: `kcat -L` lists the broker and the topics; every producing client
 * auto-creates a topic with --default-partitions partitions on first use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { ALL_CLIENTS, requireClient } from '../harness/clients/index.js';
import { kafkajsAdmin, kafkajsFetch } from '../harness/clients/kafkajs.js';
import { runKcat } from '../harness/clients/kcat.js';
import { expectSameRecords, makeRecords } from '../harness/records.js';

const DEFAULT_PARTITIONS = 3;
let broker: BrokerProcess;

interface KcatMetadata {
  brokers: { id: number; name: string }[];
  topics: {
    topic: string;
    error?: string;
    partitions: { partition: number; leader: number; error?: string }[];
  }[];
}

beforeAll(async () => {
  broker = await startBroker({ label: 'metadata', defaultPartitions: DEFAULT_PARTITIONS });
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({
      topics: [
        { topic: 'md-three', numPartitions: 3 },
        { topic: 'md-one', numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
});

afterAll(async () => {
  await stopAllBrokers();
});

async function listTopics(): Promise<string[]> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

describe('kcat -L', () => {
  it('lists the broker and the topics with their partitions (-J)', async () => {
    const { stdout } = await runKcat(['-b', broker.bootstrap, '-L', '-J']);
    const md = JSON.parse(stdout.toString('utf8')) as KcatMetadata;
    expect(md.brokers).toHaveLength(1);
    const self = md.brokers[0];
    expect(self?.name).toBe(`${broker.host}:${broker.port}`);
    const byName = new Map(md.topics.map((t) => [t.topic, t]));
    expect(
      byName
        .get('md-three')
        ?.partitions.map((p) => p.partition)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(byName.get('md-one')?.partitions.map((p) => p.partition)).toEqual([0]);
    for (const t of ['md-three', 'md-one']) {
      for (const p of byName.get(t)?.partitions ?? []) {
        expect(p.leader, `${t}/${p.partition} leader`).toBe(self?.id);
        expect(p.error, `${t}/${p.partition} error`).toBeUndefined();
      }
    }
  });

  it('prints the plain listing', async () => {
    const { stdout } = await runKcat(['-b', broker.bootstrap, '-L']);
    const text = stdout.toString('utf8');
    expect(text).toMatch(/ 1 brokers:\n\s+broker \d+ at 127\.0\.0\.1:\d+/);
    expect(text).toContain(`broker`);
    expect(text).toContain(`127.0.0.1:${broker.port}`);
    expect(text).toContain('topic "md-three" with 3 partitions:');
    expect(text).toContain('topic "md-one" with 1 partitions:');
  });

  it('-t for a new topic auto-creates it (kcat sends allow_auto_topic_creation=true)', async () => {
    expect(await listTopics()).not.toContain('md-by-kcat');
    const { stdout } = await runKcat(['-b', broker.bootstrap, '-L', '-J', '-t', 'md-by-kcat']);
    const md = JSON.parse(stdout.toString('utf8')) as KcatMetadata;
    const t = md.topics.find((x) => x.topic === 'md-by-kcat');
    expect(t?.error).toBeUndefined();
    expect(t?.partitions).toHaveLength(DEFAULT_PARTITIONS);
    expect(await listTopics()).toContain('md-by-kcat');
  });
});

describe(`auto-create on first produce (--default-partitions ${DEFAULT_PARTITIONS})`, () => {
  it.each(ALL_CLIENTS)('%s auto-creates a topic by producing to it', async (name) => {
    const client = await requireClient(name);
    const topic = `auto-${name}`;
    const records = makeRecords({
      count: 5,
      seed: 9,
      text: client.limits.textOnly,
      headers: client.limits.uniformHeaders ? 'uniform' : 'varied',
    });
    await client.produce(broker.bootstrap, { topic, partition: 2, records, codec: 'none', acks: -1 });
    const admin = await kafkajsAdmin(broker.bootstrap);
    try {
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(md.topics[0]?.partitions).toHaveLength(DEFAULT_PARTITIONS);
    } finally {
      await admin.disconnect();
    }
    expectSameRecords(
      await kafkajsFetch(broker.bootstrap, { topic, partition: 2, offset: 0n, count: records.length }),
      records,
      `${topic}/2`,
      0n,
    );
  });
});
