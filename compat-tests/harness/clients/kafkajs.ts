/**
 * kafkajs 2.2.4. Produces through its public producer; snappy, lz4 and zstd are registered through
 * the public `CompressionCodecs` (kafkajs-snappy, and lz4-napi / zstd-napi wrappers), since kafkajs
 * core only has gzip. kafkajs has no consumer without a consumer group, so reading goes through its
 * internal Cluster/Broker classes (`kafkajs/src/cluster`), which send plain Fetch requests (v11 at most).
 */
import { createRequire } from 'node:module';
import { Kafka, CompressionCodecs, CompressionTypes, logLevel, type Admin, type IHeaders } from 'kafkajs';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compress as zstdCompress, decompress as zstdDecompress } from 'zstd-napi';
import type { Codec, ConsumedRecord, TestHeader } from '../records.js';
import type { ConsumeRequest, KafkaClientAdapter, ProduceRequest, ProduceResult } from './client-adapter.js';

const require = createRequire(import.meta.url);
process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';

interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
type CodecFactory = () => KafkajsCodec;

let codecsRegistered = false;
/** Registers snappy, lz4 and zstd with kafkajs (process-wide, once). */
export function registerKafkajsCodecs(): void {
  if (codecsRegistered) return;
  const snappyFactory = require('kafkajs-snappy') as CodecFactory;
  const lz4Factory: CodecFactory = () => ({
    compress: async (encoder) => compressFrameSync(encoder.buffer),
    decompress: async (buffer) => decompressFrameSync(buffer),
  });
  const zstdFactory: CodecFactory = () => ({
    compress: async (encoder) => zstdCompress(encoder.buffer),
    decompress: async (buffer) => zstdDecompress(buffer),
  });
  const codecs = CompressionCodecs as unknown as Record<number, CodecFactory>;
  codecs[CompressionTypes.Snappy] = snappyFactory;
  codecs[CompressionTypes.LZ4] = lz4Factory;
  codecs[CompressionTypes.ZSTD] = zstdFactory;
  codecsRegistered = true;
}

const COMPRESSION: Readonly<Record<Codec, CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

export function kafkajsClient(bootstrap: string, clientId = 'compat-kafkajs'): Kafka {
  registerKafkajsCodecs();
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
}

/** A connected kafkajs admin; disconnect it when done. */
export async function kafkajsAdmin(bootstrap: string): Promise<Admin> {
  const admin = kafkajsClient(bootstrap, 'compat-kafkajs-admin').admin();
  await admin.connect();
  return admin;
}

// --- the internal group-less fetch path ----------------------------------------------------------------

interface KafkajsFetchedMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord?: boolean;
}
interface KafkajsFetchResponse {
  responses: {
    topicName: string;
    partitions: {
      partition: number;
      errorCode: number;
      highWatermark: string;
      messages: KafkajsFetchedMessage[];
    }[];
  }[];
}
interface KafkajsBroker {
  fetch(request: {
    replicaId?: number;
    isolationLevel?: number;
    maxWaitTime?: number;
    minBytes?: number;
    maxBytes?: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<KafkajsFetchResponse>;
}
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(arg: { nodeId: number }): Promise<KafkajsBroker>;
}
type ClusterConstructor = new (options: Record<string, unknown>) => KafkajsCluster;

/** kafkajs's internal Cluster (no consumer or producer around it), for requests the public API hides. */
export function createCluster(bootstrap: string): KafkajsCluster {
  const Cluster = require('kafkajs/src/cluster') as ClusterConstructor;
  const { createLogger, LEVELS } = require('kafkajs/src/loggers') as {
    createLogger(o: { level: number; logCreator: () => () => void }): unknown;
    LEVELS: { NOTHING: number };
  };
  return new Cluster({
    logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined }),
    brokers: [bootstrap],
    clientId: 'compat-kafkajs-fetch',
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    enforceRequestTimeout: true,
    socketFactory: (require('kafkajs/src/network/socketFactory') as () => unknown)(),
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    allowAutoTopicCreation: false,
    maxInFlightRequests: null,
    offsets: new Map(),
  });
}

/**
 * Reads one partition from `offset` with plain Fetch requests (no consumer group). Throws kafkajs's
 * protocol error (e.g. type OFFSET_OUT_OF_RANGE) when the broker answers a partition error.
 */
export async function kafkajsFetch(bootstrap: string, request: ConsumeRequest): Promise<ConsumedRecord[]> {
  const cluster = createCluster(bootstrap);
  const deadline = Date.now() + (request.timeoutMs ?? 60_000);
  const out: ConsumedRecord[] = [];
  try {
    await cluster.connect();
    await cluster.addTargetTopic(request.topic);
    await cluster.refreshMetadata();
    const meta = cluster
      .findTopicPartitionMetadata(request.topic)
      .find((p) => p.partitionId === request.partition);
    if (!meta) throw new Error(`kafkajs: no metadata for ${request.topic}/${request.partition}`);
    const broker = await cluster.findBroker({ nodeId: meta.leader });
    let next = request.offset;
    while (out.length < request.count && Date.now() < deadline) {
      const response = await broker.fetch({
        replicaId: -1,
        isolationLevel: 1,
        maxWaitTime: 500,
        minBytes: 1,
        maxBytes: 4 * 1024 * 1024,
        topics: [
          {
            topic: request.topic,
            partitions: [
              { partition: request.partition, fetchOffset: next.toString(), maxBytes: 1024 * 1024 },
            ],
          },
        ],
      });
      for (const topic of response.responses) {
        for (const p of topic.partitions) {
          for (const m of p.messages) {
            const offset = BigInt(m.offset);
            if (offset < next || m.isControlRecord) continue;
            out.push({
              partition: p.partition,
              offset,
              key: m.key,
              value: m.value,
              headers: headersFrom(m.headers),
            });
            next = offset + 1n;
            if (out.length >= request.count) break;
          }
        }
      }
    }
    return out;
  } finally {
    await cluster.disconnect();
  }
}

function headersFrom(headers: KafkajsFetchedMessage['headers']): TestHeader[] {
  const out: TestHeader[] = [];
  for (const [key, v] of Object.entries(headers ?? {})) {
    for (const value of Array.isArray(v) ? v : [v]) out.push({ key, value: value ?? Buffer.alloc(0) });
  }
  return out;
}

export const kafkajsAdapter: KafkaClientAdapter = {
  name: 'kafkajs',
  codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  // Headers come back as an object: keys must be unique within a record (our generator's are).
  limits: { textOnly: false, uniformHeaders: false },
  async unavailableReason() {
    try {
      require.resolve('kafkajs-snappy');
      return null;
    } catch {
      return 'kafkajs-snappy is not installed (npm ci)';
    }
  },
  async produce(bootstrap: string, request: ProduceRequest): Promise<ProduceResult> {
    const producer = kafkajsClient(bootstrap).producer({ allowAutoTopicCreation: true, idempotent: false });
    await producer.connect();
    let baseOffset: bigint | null = null;
    try {
      for (let i = 0; i < request.records.length; i += 1000) {
        const chunk = request.records.slice(i, i + 1000);
        const result = await producer.send({
          topic: request.topic,
          acks: request.acks,
          compression: COMPRESSION[request.codec],
          messages: chunk.map((r) => ({
            partition: request.partition,
            key: r.key,
            value: r.value,
            headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])) as IHeaders,
          })),
        });
        const first = result[0]?.baseOffset;
        if (baseOffset === null && first !== undefined) baseOffset = BigInt(first);
      }
    } finally {
      await producer.disconnect();
    }
    return { baseOffset };
  },
  consume: kafkajsFetch,
};
