/**
 * @platformatic/kafka 1.x (the 2.x line needs Node 22). Produces with its Producer; reads with
 * `Consumer.fetch()`, which sends a plain Fetch to the partition leader without joining a group
 * (the groupId given to the constructor is never used). zstd is unavailable on Node 20 (no zlib zstd).
 */
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import type { Codec, ConsumedRecord } from '../records.js';
import type { ConsumeRequest, KafkaClientAdapter, ProduceRequest, ProduceResult } from './client-adapter.js';

const IS_CONTROL_BATCH = 0x20;
const COMMON = { timeout: 30_000, retries: 3, retryDelay: 200 } as const;

export function platformaticAdmin(bootstrap: string): Admin {
  return new Admin({ clientId: 'compat-platformatic-admin', bootstrapBrokers: [bootstrap], ...COMMON });
}

export function platformaticConsumer(bootstrap: string): Consumer {
  return new Consumer({
    clientId: 'compat-platformatic-fetch',
    groupId: 'compat-unused-group',
    bootstrapBrokers: [bootstrap],
    ...COMMON,
  });
}

export interface FetchedBatch {
  firstOffset: bigint;
  codecId: number;
  records: ConsumedRecord[];
}

/** One Fetch of one partition, returning the batches as the broker sent them (with their codec). */
export async function platformaticFetchBatches(
  consumer: Consumer,
  topic: string,
  partition: number,
  offset: bigint,
  maxWaitTime = 500,
): Promise<FetchedBatch[]> {
  const metadata = await consumer.metadata({ topics: [topic], forceUpdate: true });
  const t = metadata.topics.get(topic);
  const leader = t?.partitions[partition]?.leader;
  if (t === undefined || leader === undefined)
    throw new Error(`platformatic: no metadata for ${topic}/${partition}`);
  const response = await consumer.fetch({
    node: leader,
    maxWaitTime,
    minBytes: 1,
    maxBytes: 4 * 1024 * 1024,
    topics: [
      {
        topicId: t.id,
        partitions: [
          {
            partition,
            fetchOffset: offset,
            partitionMaxBytes: 1024 * 1024,
            currentLeaderEpoch: -1,
            lastFetchedEpoch: -1,
          },
        ],
      },
    ],
  });
  const batches: FetchedBatch[] = [];
  for (const rt of response.responses) {
    for (const p of rt.partitions) {
      for (const b of p.records ?? []) {
        if ((b.attributes & IS_CONTROL_BATCH) !== 0) continue;
        batches.push({
          firstOffset: b.firstOffset,
          codecId: b.attributes & 0x07,
          records: b.records.map((r) => ({
            partition: p.partitionIndex,
            offset: b.firstOffset + BigInt(r.offsetDelta),
            key: r.key,
            value: r.value,
            headers: r.headers.map(([k, v]) => ({
              key: (k ?? Buffer.alloc(0)).toString('utf8'),
              value: v ?? Buffer.alloc(0),
            })),
          })),
        });
      }
    }
  }
  return batches;
}

const CODECS: Readonly<Record<Exclude<Codec, 'zstd'>, Codec>> = {
  none: 'none',
  gzip: 'gzip',
  snappy: 'snappy',
  lz4: 'lz4',
};

export const platformaticAdapter: KafkaClientAdapter = {
  name: 'platformatic-kafka',
  codecs: Object.values(CODECS),
  limits: { textOnly: false, uniformHeaders: false },
  async unavailableReason() {
    return null;
  },
  async produce(bootstrap: string, request: ProduceRequest): Promise<ProduceResult> {
    if (request.codec === 'zstd') throw new Error('platformatic-kafka cannot produce zstd on Node 20');
    const producer = new Producer({
      clientId: 'compat-platformatic',
      bootstrapBrokers: [bootstrap],
      autocreateTopics: true,
      ...COMMON,
    });
    let baseOffset: bigint | null = null;
    try {
      for (let i = 0; i < request.records.length; i += 1000) {
        const chunk = request.records.slice(i, i + 1000);
        const result = await producer.send({
          acks: request.acks,
          compression: request.codec,
          messages: chunk.map((r) => ({
            topic: request.topic,
            partition: request.partition,
            key: r.key ?? undefined,
            value: r.value ?? undefined,
            headers: new Map(r.headers.map((h) => [Buffer.from(h.key), h.value])),
          })),
        });
        const first = result.offsets?.[0]?.offset;
        if (baseOffset === null && first !== undefined) baseOffset = first;
      }
    } finally {
      await producer.close();
    }
    return { baseOffset };
  },
  async consume(bootstrap: string, request: ConsumeRequest): Promise<ConsumedRecord[]> {
    const consumer = platformaticConsumer(bootstrap);
    const deadline = Date.now() + (request.timeoutMs ?? 60_000);
    const out: ConsumedRecord[] = [];
    try {
      let next = request.offset;
      while (out.length < request.count && Date.now() < deadline) {
        const batches = await platformaticFetchBatches(consumer, request.topic, request.partition, next);
        for (const b of batches) {
          for (const r of b.records) {
            if (r.offset < next || out.length >= request.count) continue;
            out.push(r);
            next = r.offset + 1n;
          }
        }
      }
      return out;
    } finally {
      await consumer.close(true);
    }
  },
};
