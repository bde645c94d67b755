/**
 * The admin operations of the four clients that have an admin API, behind one shape. Each returns
 * the broker's Kafka error code (0 = success) where the client exposes it.
 */
import { ConfigResourceTypes } from 'kafkajs';
import { findKafkaError } from '../kafka-error.js';
import type { ClientName } from './client-adapter.js';
import { kafkajsAdmin } from './kafkajs.js';
import { platformaticAdmin } from './platformatic-kafka.js';
import { expectOk, runPython, type PythonClient } from './python-clients.js';

export interface NewTopicSpec {
  name: string;
  partitions: number;
  config?: Record<string, string>;
}

export interface AdminAdapter {
  readonly name: ClientName;
  /** topic -> Kafka error code (0 = created). */
  createTopics(bootstrap: string, topics: readonly NewTopicSpec[]): Promise<Record<string, number>>;
  deleteTopics(bootstrap: string, names: readonly string[]): Promise<Record<string, number>>;
  /** Grows a topic to `total` partitions; the error code. */
  createPartitions(bootstrap: string, topic: string, total: number): Promise<number>;
  /** Partition count from metadata, or null when the topic does not exist. */
  partitionCount(bootstrap: string, topic: string): Promise<number | null>;
  describeConfigs(bootstrap: string, topic: string): Promise<Record<string, string | null>>;
  alterConfigs(bootstrap: string, topic: string, set: Record<string, string>): Promise<number>;
  /** ListOffsets by timestamp: the first offset with a timestamp >= `timestampMs`, -1 when none. */
  offsetForTime(bootstrap: string, topic: string, partition: number, timestampMs: number): Promise<bigint>;
  /** DeleteRecords before `offset`; returns the new low watermark. Absent when the client has no such API. */
  deleteRecords?(bootstrap: string, topic: string, partition: number, offset: bigint): Promise<bigint>;
}

async function codeOf(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (e) {
    const found = findKafkaError(e);
    if (found.code === null) throw e;
    return found.code;
  }
}

export const kafkajsAdminAdapter: AdminAdapter = {
  name: 'kafkajs',
  async createTopics(bootstrap, topics) {
    const out: Record<string, number> = {};
    for (const t of topics) {
      const admin = await kafkajsAdmin(bootstrap);
      try {
        // kafkajs resolves false exactly when the broker answered TOPIC_ALREADY_EXISTS (36).
        const code = await codeOf(async () => {
          const created = await admin.createTopics({
            topics: [
              {
                topic: t.name,
                numPartitions: t.partitions,
                configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
              },
            ],
            waitForLeaders: true,
          });
          if (!created) throw Object.assign(new Error('exists'), { type: 'TOPIC_ALREADY_EXISTS', code: 36 });
        });
        out[t.name] = code;
      } finally {
        await admin.disconnect();
      }
    }
    return out;
  },
  async deleteTopics(bootstrap, names) {
    const admin = await kafkajsAdmin(bootstrap);
    try {
      const code = await codeOf(() => admin.deleteTopics({ topics: [...names] }));
      return Object.fromEntries(names.map((n) => [n, code]));
    } finally {
      await admin.disconnect();
    }
  },
  async createPartitions(bootstrap, topic, total) {
    const admin = await kafkajsAdmin(bootstrap);
    try {
      return await codeOf(() => admin.createPartitions({ topicPartitions: [{ topic, count: total }] }));
    } finally {
      await admin.disconnect();
    }
  },
  async partitionCount(bootstrap, topic) {
    const admin = await kafkajsAdmin(bootstrap);
    try {
      if (!(await admin.listTopics()).includes(topic)) return null;
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      return md.topics.find((t) => t.name === topic)?.partitions.length ?? null;
    } finally {
      await admin.disconnect();
    }
  },
  async describeConfigs(bootstrap, topic) {
    const admin = await kafkajsAdmin(bootstrap);
    try {
      const r = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
        includeSynonyms: false,
      });
      const res = r.resources[0];
      if (!res || res.errorCode !== 0)
        throw new Error(`kafkajs describeConfigs error ${String(res?.errorCode)}`);
      return Object.fromEntries(res.configEntries.map((e) => [e.configName, e.configValue]));
    } finally {
      await admin.disconnect();
    }
  },
  async alterConfigs(bootstrap, topic, set) {
    const admin = await kafkajsAdmin(bootstrap);
    try {
      return await codeOf(() =>
        admin.alterConfigs({
          validateOnly: false,
          resources: [
            {
              type: ConfigResourceTypes.TOPIC,
              name: topic,
              configEntries: Object.entries(set).map(([name, value]) => ({ name, value })),
            },
          ],
        }),
      );
    } finally {
      await admin.disconnect();
    }
  },
  async offsetForTime(bootstrap, topic, partition, timestampMs) {
    const admin = await kafkajsAdmin(bootstrap);
    try {
      // kafkajs replaces the broker's -1 ("no such record") by the high watermark; undo that.
      const [byTime, ends] = await Promise.all([
        admin.fetchTopicOffsetsByTimestamp(topic, timestampMs),
        admin.fetchTopicOffsets(topic),
      ]);
      const offset = BigInt(byTime.find((p) => p.partition === partition)?.offset ?? 'NaN');
      const high = BigInt(ends.find((p) => p.partition === partition)?.high ?? 'NaN');
      return offset === high ? -1n : offset;
    } finally {
      await admin.disconnect();
    }
  },
  async deleteRecords(bootstrap, topic, partition, offset) {
    const admin = await kafkajsAdmin(bootstrap);
    try {
      // kafkajs needs the topic's metadata loaded before deleteTopicRecords (KafkaJSTopicMetadataNotLoaded otherwise).
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset: offset.toString() }] });
      const ends = await admin.fetchTopicOffsets(topic);
      return BigInt(ends.find((p) => p.partition === partition)?.low ?? 'NaN');
    } finally {
      await admin.disconnect();
    }
  },
};

export const platformaticAdminAdapter: AdminAdapter = {
  name: 'platformatic-kafka',
  async createTopics(bootstrap, topics) {
    const out: Record<string, number> = {};
    for (const t of topics) {
      const admin = platformaticAdmin(bootstrap);
      try {
        out[t.name] = await codeOf(() =>
          admin.createTopics({
            topics: [t.name],
            partitions: t.partitions,
            replicas: 1,
            configs: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
          }),
        );
      } finally {
        await admin.close();
      }
    }
    return out;
  },
  async deleteTopics(bootstrap, names) {
    const admin = platformaticAdmin(bootstrap);
    try {
      const code = await codeOf(() => admin.deleteTopics({ topics: [...names] }));
      return Object.fromEntries(names.map((n) => [n, code]));
    } finally {
      await admin.close();
    }
  },
  async createPartitions(bootstrap, topic, total) {
    const admin = platformaticAdmin(bootstrap);
    try {
      return await codeOf(() => admin.createPartitions({ topics: [{ name: topic, count: total }] }));
    } finally {
      await admin.close();
    }
  },
  async partitionCount(bootstrap, topic) {
    const admin = platformaticAdmin(bootstrap);
    try {
      if (!(await admin.listTopics()).includes(topic)) return null;
      const md = await admin.metadata({ topics: [topic], forceUpdate: true });
      return md.topics.get(topic)?.partitionsCount ?? null;
    } finally {
      await admin.close();
    }
  },
  async describeConfigs(bootstrap, topic) {
    const admin = platformaticAdmin(bootstrap);
    try {
      const r = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic }] });
      return Object.fromEntries((r[0]?.configs ?? []).map((c) => [c.name, c.value ?? null]));
    } finally {
      await admin.close();
    }
  },
  async alterConfigs(bootstrap, topic, set) {
    const admin = platformaticAdmin(bootstrap);
    try {
      return await codeOf(() =>
        admin.alterConfigs({
          resources: [
            {
              resourceType: 2,
              resourceName: topic,
              configs: Object.entries(set).map(([name, value]) => ({ name, value })),
            },
          ],
        }),
      );
    } finally {
      await admin.close();
    }
  },
  async offsetForTime(bootstrap, topic, partition, timestampMs) {
    const admin = platformaticAdmin(bootstrap);
    try {
      const r = await admin.listOffsets({
        topics: [
          { name: topic, partitions: [{ partitionIndex: partition, timestamp: BigInt(timestampMs) }] },
        ],
      });
      const p = r[0]?.partitions.find((x) => x.partitionIndex === partition);
      if (!p) throw new Error('platformatic listOffsets: partition missing in the answer');
      return p.offset;
    } finally {
      await admin.close();
    }
  },
  async deleteRecords(bootstrap, topic, partition, offset) {
    const admin = platformaticAdmin(bootstrap);
    try {
      const r = await admin.deleteRecords({ topics: [{ name: topic, partitions: [{ partition, offset }] }] });
      const p = r[0]?.partitions.find((x) => x.partition === partition);
      if (!p) throw new Error('platformatic deleteRecords: partition missing in the answer');
      return p.lowWatermark;
    } finally {
      await admin.close();
    }
  },
};

function pythonAdmin(client: PythonClient): AdminAdapter {
  const admin = async (bootstrap: string, action: string, args: Record<string, unknown>) =>
    expectOk(client, await runPython(client, { op: 'admin', action, bootstrap, ...args }));
  /** confluent-kafka answers {name: null | {code}}; kafka-python answers {name: code}. */
  const codes = (answer: Record<string, unknown>): Record<string, number> => {
    if (client === 'kafka-python') return answer['codes'] as Record<string, number>;
    const results = answer['results'] as Record<string, { code: number } | null>;
    return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v === null ? 0 : v.code]));
  };
  return {
    name: client,
    async createTopics(bootstrap, topics) {
      return codes(await admin(bootstrap, 'create_topics', { topics }));
    },
    async deleteTopics(bootstrap, names) {
      return codes(await admin(bootstrap, 'delete_topics', { topics: names }));
    },
    async createPartitions(bootstrap, topic, total) {
      const c = codes(
        await admin(bootstrap, 'create_partitions', { topics: [{ name: topic, count: total }] }),
      );
      return c[topic] ?? -1;
    },
    async partitionCount(bootstrap, topic) {
      if (client === 'kafka-python') {
        const listed = (await admin(bootstrap, 'list_topics', {}))['topics'] as string[];
        if (!listed.includes(topic)) return null;
        const d = (await admin(bootstrap, 'describe_topics', { topics: [topic] }))['topics'] as Record<
          string,
          { partitions: number; error: number }
        >;
        return d[topic]?.partitions ?? null;
      }
      const md = (await admin(bootstrap, 'list_topics', {}))['topics'] as Record<
        string,
        { partitions: number; error: number | null }
      >;
      const t = md[topic];
      return t === undefined || t.error ? null : t.partitions;
    },
    async describeConfigs(bootstrap, topic) {
      const answer = await admin(bootstrap, 'describe_configs', { topic });
      if (client === 'kafka-python') {
        const errors = (answer['codes'] as number[]).filter((c) => c !== 0);
        if (errors.length > 0) throw new Error(`kafka-python describe_configs error ${errors.join(',')}`);
      }
      return answer['configs'] as Record<string, string | null>;
    },
    async alterConfigs(bootstrap, topic, set) {
      const answer = await admin(bootstrap, 'alter_configs', { topic, set });
      if (client === 'kafka-python') return (answer['codes'] as number[])[0] ?? -1;
      return codes(answer)[topic] ?? -1;
    },
    async offsetForTime(bootstrap, topic, partition, timestampMs) {
      const answer = expectOk(
        client,
        await runPython(client, {
          op: 'offsets_for_times',
          bootstrap,
          topic,
          partitions: [partition],
          timestamp: timestampMs,
        }),
      );
      const o = (answer['offsets'] as { offset: string | null }[])[0];
      // kafka-python reports "no such record" as None; confluent-kafka as -1 (OFFSET_END).
      return o?.offset === null || o?.offset === undefined ? -1n : BigInt(o.offset);
    },
  };
}

export const confluentKafkaPythonAdminAdapter = pythonAdmin('confluent-kafka-python');
export const kafkaPythonAdminAdapter = pythonAdmin('kafka-python');

export const ADMIN_ADAPTERS: readonly AdminAdapter[] = [
  kafkajsAdminAdapter,
  platformaticAdminAdapter,
  kafkaPythonAdminAdapter,
  confluentKafkaPythonAdminAdapter,
];
