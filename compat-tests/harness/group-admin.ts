/**
 * Consumer-group checks through kafkajs admin (DescribeGroups, OffsetFetch, ListOffsets), a keyed
 * round-robin producer and an exact "each record once" comparison, for the group scenarios.
 * Every function takes the bootstrap address, which changes when a broker restarts.
 */
import type { Admin } from 'kafkajs';
import { kafkajsAdmin, kafkajsClient } from './clients/kafkajs.js';

export async function withAdmin<T>(bootstrap: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = await kafkajsAdmin(bootstrap);
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates a topic through kafkajs admin and fails when the broker did not create it. */
export async function createTopic(bootstrap: string, topic: string, partitions = 1): Promise<void> {
  const created = await withAdmin(bootstrap, (admin) =>
    admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true }),
  );
  if (!created) throw new Error(`topic ${topic} was not created`);
}

/** Produces `count` records keyed `${prefix}-${i}` (acks=all), round-robin over the partitions. */
export async function produceKeyed(
  bootstrap: string,
  topic: string,
  partitions: number,
  prefix: string,
  count: number,
): Promise<string[]> {
  const producer = kafkajsClient(bootstrap).producer();
  await producer.connect();
  const keys: string[] = [];
  try {
    const messages = [];
    for (let i = 0; i < count; i++) {
      const key = `${prefix}-${i}`;
      keys.push(key);
      messages.push({ key, value: `value of ${key}`, partition: i % partitions });
    }
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
  return keys;
}

export interface GroupView {
  state: string;
  members: number;
}

export async function describeGroup(bootstrap: string, groupId: string): Promise<GroupView> {
  return withAdmin(bootstrap, async (admin) => {
    const { groups } = await admin.describeGroups([groupId]);
    const g = groups[0];
    return { state: g?.state ?? 'missing', members: g?.members.length ?? 0 };
  });
}

/** The committed offset of every partition of a topic (OffsetFetch), by partition. */
export async function committedOffsets(
  bootstrap: string,
  groupId: string,
  topic: string,
): Promise<Map<number, string>> {
  return withAdmin(bootstrap, async (admin) => {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((t?.partitions ?? []).map((p) => [p.partition, p.offset]));
  });
}

/** Per-partition lag = high watermark (ListOffsets) - committed offset (OffsetFetch), by partition. */
export async function groupLag(bootstrap: string, groupId: string, topic: string): Promise<number[]> {
  const offsets = await committedOffsets(bootstrap, groupId, topic);
  const ends = await withAdmin(bootstrap, (admin) => admin.fetchTopicOffsets(topic));
  return ends
    .sort((a, b) => a.partition - b.partition)
    .map((e) => Number(e.high) - Number(offsets.get(e.partition) ?? '-1'));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 100 ms; throws `timed out waiting for <what>` (plus `context()`) at the deadline. */
export async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  context: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await sleep(100);
  }
}

/** Which keys are missing, which came more than once, and how many arrived (first five of each). */
export function onceReport(
  keys: readonly string[],
  seen: readonly string[],
): { missing: string[]; twice: string[]; unexpected: string[]; total: number } {
  const counts = new Map<string, number>();
  for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  const wanted = new Set(keys);
  return {
    missing: keys.filter((k) => !counts.has(k)).slice(0, 5),
    twice: [...counts]
      .filter(([, n]) => n > 1)
      .map(([k]) => k)
      .slice(0, 5),
    unexpected: [...counts.keys()].filter((k) => !wanted.has(k)).slice(0, 5),
    total: seen.length,
  };
}

/** The report `onceReport` gives when every key arrived exactly once and nothing else arrived. */
export function exactlyOnce(keys: readonly string[]): ReturnType<typeof onceReport> {
  return { missing: [], twice: [], unexpected: [], total: keys.length };
}
