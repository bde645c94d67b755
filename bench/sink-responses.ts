import { createHash } from 'node:crypto';
import { ErrorCode } from '../src/protocol/kafka/error-codes.js';
import type {
  ApiVersionsResponse,
  FetchRequest,
  FetchResponse,
  FetchResponsePartitionData,
  ListOffsetsRequest,
  ListOffsetsResponse,
  MetadataRequest,
  MetadataResponse,
  ProduceRequest,
  ProduceResponse,
} from '../src/protocol/kafka/messages/index.js';
import { CannedBatches, countRecords } from './canned-batches.js';

/** The API ranges the sink serves: the broker's ranges for these five APIs (src/protocol/kafka/handlers). */
export const SINK_API_RANGES: ReadonlyMap<number, { name: string; min: number; max: number }> = new Map([
  [0, { name: 'Produce', min: 0, max: 11 }],
  [1, { name: 'Fetch', min: 4, max: 16 }],
  [2, { name: 'ListOffsets', min: 0, max: 8 }],
  [3, { name: 'Metadata', min: 0, max: 12 }],
  [18, { name: 'ApiVersions', min: 0, max: 3 }],
]);

export interface SinkOptions {
  host: string;
  port: number;
  /** Partitions of every topic the sink is asked about. */
  partitions: number;
  recordBytes: number;
  recordsPerBatch: number;
  /** Records per partition that consumers find (ListOffsets latest, fetch high watermark). */
  backlogRecords: number;
  /**
   * Serve what was produced instead of the backlog (M1's tailing consumer): each partition's high
   * watermark is the count of records produced to it, fetches get canned batches up to it, and a held
   * empty fetch is answered as soon as a produce arrives, as the broker does.
   */
  serveProduced?: boolean;
}

const NO_UUID = Buffer.alloc(16);
const EMPTY = Buffer.alloc(0);
/** Longest time an empty fetch is held, as the broker caps maxWaitMs (kept short: nothing will arrive). */
const MAX_EMPTY_FETCH_WAIT_MS = 500;

interface SinkTopic {
  name: string;
  id: Buffer;
  /** Next produce offset per partition. */
  produced: number[];
}

/** The state of a do-nothing Kafka server: topics it has been asked about and produce offsets. */
export class SinkState {
  readonly canned: CannedBatches;
  private readonly topics = new Map<string, SinkTopic>();
  private readonly byId = new Map<string, SinkTopic>();
  /** serveProduced: held empty fetches, woken by the next produce. */
  private waiters: (() => void)[] = [];

  constructor(
    readonly options: SinkOptions,
    private readonly self: { host: string; port: number },
  ) {
    this.canned = new CannedBatches(options.recordBytes, options.recordsPerBatch, options.backlogRecords);
  }

  private topic(name: string): SinkTopic {
    let t = this.topics.get(name);
    if (t === undefined) {
      const id = createHash('sha256').update(name).digest().subarray(0, 16);
      t = { name, id, produced: new Array<number>(this.options.partitions).fill(0) };
      this.topics.set(name, t);
      this.byId.set(id.toString('hex'), t);
    }
    return t;
  }

  apiVersions(errorCode: number): ApiVersionsResponse {
    return {
      errorCode,
      apiKeys: [...SINK_API_RANGES].map(([apiKey, r]) => ({ apiKey, minVersion: r.min, maxVersion: r.max })),
      throttleTimeMs: 0,
      supportedFeatures: [],
      finalizedFeaturesEpoch: -1n,
      finalizedFeatures: [],
      zkMigrationReady: false,
    };
  }

  metadata(request: MetadataRequest): MetadataResponse {
    const names =
      request.topics === null || request.topics.length === 0
        ? [...this.topics.keys()]
        : request.topics.map((t) => t.name ?? this.byId.get(t.topicId.toString('hex'))?.name ?? '');
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 0, host: this.self.host, port: this.self.port, rack: null }],
      clusterId: 'ferrymq-bench-sink',
      controllerId: 0,
      topics: names.map((name) => {
        const t = this.topic(name);
        return {
          errorCode: ErrorCode.NONE,
          name,
          topicId: t.id,
          isInternal: false,
          partitions: t.produced.map((_, partitionIndex) => ({
            errorCode: ErrorCode.NONE,
            partitionIndex,
            leaderId: 0,
            leaderEpoch: 0,
            replicaNodes: [0],
            isrNodes: [0],
            offlineReplicas: [],
          })),
          topicAuthorizedOperations: -2147483648,
        };
      }),
      clusterAuthorizedOperations: -2147483648,
    };
  }

  /** Acknowledges every batch without looking inside it; null for acks=0 (no response). */
  produce(request: ProduceRequest): ProduceResponse | null {
    const response: ProduceResponse = { responses: [], throttleTimeMs: 0, nodeEndpoints: [] };
    for (const td of request.topicData) {
      const t = this.topic(td.name);
      response.responses.push({
        name: td.name,
        partitionResponses: td.partitionData.map((p) => {
          const records =
            p.records === null ? EMPTY : Buffer.isBuffer(p.records) ? p.records : Buffer.concat(p.records);
          const baseOffset = t.produced[p.index];
          const known = baseOffset !== undefined;
          if (known) t.produced[p.index] = baseOffset + countRecords(records);
          if (known && this.options.serveProduced === true) this.wake();
          return {
            index: p.index,
            errorCode: known ? ErrorCode.NONE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            baseOffset: known ? BigInt(baseOffset) : -1n,
            logAppendTimeMs: -1n,
            logStartOffset: 0n,
            recordErrors: [],
            errorMessage: null,
            currentLeader: { leaderId: -1, leaderEpoch: -1 },
          };
        }),
      });
    }
    return request.acks === 0 ? null : response;
  }

  private wake(): void {
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** A partition's high watermark: the backlog, or with serveProduced what was produced to it. */
  private highWatermark(t: SinkTopic | undefined, partition: number): number {
    if (this.options.serveProduced !== true) return this.canned.highWatermark;
    return t?.produced[partition] ?? 0;
  }

  listOffsets(request: ListOffsetsRequest, version: number): ListOffsetsResponse {
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const hw = BigInt(this.highWatermark(this.topic(t.name), p.partitionIndex));
          // -1 = latest, -2 = earliest; any other timestamp answers the start.
          const offset = p.timestamp === -1n ? hw : 0n;
          return {
            partitionIndex: p.partitionIndex,
            errorCode: ErrorCode.NONE,
            oldStyleOffsets: version === 0 ? [offset] : [],
            timestamp: -1n,
            offset,
            leaderEpoch: 0,
          };
        }),
      })),
    };
  }

  /** Canned batches from each fetch offset; an answer with no data is held for maxWaitMs (capped). */
  async fetch(request: FetchRequest, version: number): Promise<FetchResponse> {
    const first = this.fetchNow(request, version);
    if (first.total > 0 || request.maxWaitMs <= 0 || first.response.errorCode !== ErrorCode.NONE) {
      return first.response;
    }
    const waitMs = Math.min(request.maxWaitMs, MAX_EMPTY_FETCH_WAIT_MS);
    if (this.options.serveProduced !== true) {
      await new Promise<void>((resolve) => setTimeout(resolve, waitMs));
      return first.response;
    }
    // Held until the next produce to any partition, or the wait ends; then answered with what there is.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve();
      }, waitMs);
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(wake);
    });
    return this.fetchNow(request, version).response;
  }

  private fetchNow(request: FetchRequest, version: number): { response: FetchResponse; total: number } {
    const response: FetchResponse = {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      sessionId: 0,
      responses: [],
      nodeEndpoints: [],
    };
    if (request.sessionId !== 0) {
      response.errorCode = ErrorCode.FETCH_SESSION_ID_NOT_FOUND;
      return { response, total: 0 };
    }
    let budget = Math.max(0, request.maxBytes);
    let total = 0;
    for (const ft of request.topics) {
      const t = version >= 13 ? this.byId.get(ft.topicId.toString('hex')) : this.topic(ft.topic);
      const partitions: FetchResponsePartitionData[] = ft.partitions.map((fp) => {
        const end = this.highWatermark(t, fp.partition);
        const hw = BigInt(end);
        const out: FetchResponsePartitionData = {
          partitionIndex: fp.partition,
          errorCode: ErrorCode.NONE,
          highWatermark: hw,
          lastStableOffset: hw,
          logStartOffset: 0n,
          divergingEpoch: { epoch: -1, endOffset: -1n },
          currentLeader: { leaderId: -1, leaderEpoch: -1 },
          snapshotId: { endOffset: -1n, epoch: -1 },
          abortedTransactions: request.isolationLevel === 1 ? [] : null,
          preferredReadReplica: -1,
          records: EMPTY,
        };
        if (t === undefined || fp.partition < 0 || fp.partition >= this.options.partitions) {
          out.errorCode = version >= 13 ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          return out;
        }
        if (fp.fetchOffset < 0n || fp.fetchOffset > hw) {
          out.errorCode = ErrorCode.OFFSET_OUT_OF_RANGE;
          return out;
        }
        const maxBytes = Math.min(Math.max(0, fp.partitionMaxBytes), budget);
        const batches =
          this.options.serveProduced === true
            ? this.canned.readRange(Number(fp.fetchOffset), end, maxBytes, total === 0)
            : this.canned.read(Number(fp.fetchOffset), maxBytes, total === 0);
        let bytes = 0;
        for (const b of batches) bytes += b.length;
        budget -= bytes;
        total += bytes;
        out.records = batches.length === 1 ? (batches[0] as Buffer) : batches;
        return out;
      });
      response.responses.push({ topic: ft.topic, topicId: t?.id ?? NO_UUID, partitions });
    }
    return { response, total };
  }
}
