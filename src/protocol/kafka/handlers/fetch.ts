import type { TopicInfo } from '../../../store/index.js';
import { PayloadFormat, ReadLease } from '../../../store/index.js';
import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapReadError } from '../map-store-error.js';
import {
  FetchApi,
  decodeFetchRequest,
  encodeFetchResponse,
  type FetchRequest,
  type FetchResponse,
  type FetchResponsePartitionData,
} from '../messages/fetch.js';
import { findTopicById } from '../topic-access.js';
import { rocketMessageAsBatch } from '../codec/rocket-message-batch.js';

const EMPTY = Buffer.alloc(0);
const NO_UUID = Buffer.alloc(16);

interface Wanted {
  topicIndex: number;
  topic: TopicInfo | undefined;
  /** Set when the topic could not be resolved. */
  error: number;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
}

function emptyPartition(partitionIndex: number, errorCode: number): FetchResponsePartitionData {
  return {
    partitionIndex,
    errorCode,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    divergingEpoch: { epoch: -1, endOffset: -1n },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1n, epoch: -1 },
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: EMPTY,
  };
}

interface PartitionRead {
  out: FetchResponsePartitionData;
  bytes: number;
  failed: boolean;
  /** Data lies beyond the fetch offset but none fitted the limit (a batch larger than maxBytes). */
  heldBack: boolean;
}

/** Reads one partition for a Fetch: at most `maxBytes` of batches (at least one with `atLeastOne`). */
async function readPartition(
  ctx: RequestContext,
  w: Wanted,
  maxBytes: number,
  atLeastOne: boolean,
  committed: boolean,
  lease: ReadLease | undefined,
): Promise<PartitionRead> {
  const { store, producerStates } = ctx.services;
  if (!w.topic) return { out: emptyPartition(w.partition, w.error), bytes: 0, failed: true, heldBack: false };
  // read_committed needs the partition's transactions (loaded from the log on first use); other
  // fetches report the LSO only when the state is already in memory.
  let txnState: ReturnType<typeof producerStates.loaded>;
  try {
    txnState = committed
      ? await producerStates.load(w.topic, w.partition)
      : producerStates.loaded(w.topic, w.partition);
  } catch (err) {
    // The transaction state could not be read from the log (a corrupt entry): this partition only.
    ctx.log.error({ err, topic: w.topic.name, partition: w.partition }, 'fetch: producer state unreadable');
    return {
      out: emptyPartition(w.partition, ErrorCode.KAFKA_STORAGE_ERROR),
      bytes: 0,
      failed: true,
      heldBack: false,
    };
  }
  const read = await store.read(w.topic.name, w.partition, w.fetchOffset, {
    maxBytes,
    atLeastOne,
    ...(lease !== undefined ? { lease } : {}),
  });
  if (read.status !== 'ok') {
    const out = emptyPartition(w.partition, mapReadError(read));
    if (read.status === 'offset-out-of-range') {
      out.highWatermark = BigInt(read.highWatermark);
      out.lastStableOffset = BigInt(read.highWatermark);
      out.logStartOffset = BigInt(read.logStartOffset);
    }
    return { out, bytes: 0, failed: true, heldBack: false };
  }
  const lso = txnState === undefined ? read.highWatermark : txnState.lastStableOffset(read.highWatermark);
  const chunks: Buffer[] = [];
  let readBytes = 0;
  let end = w.fetchOffset;
  for (const e of read.entries) {
    // read_committed stops at the last stable offset: nothing of an open transaction, nor after it.
    if (committed && e.baseOffset >= lso) break;
    if (e.format === PayloadFormat.RecordBatchV2) chunks.push(e.payload);
    else if (e.format === PayloadFormat.RocketMessage)
      chunks.push(rocketMessageAsBatch(e.payload, e.baseOffset, ctx.services.config.maxDecompressedBytes));
    readBytes += e.payload.length;
    end = e.baseOffset + e.count;
  }
  const out = emptyPartition(w.partition, ErrorCode.NONE);
  out.highWatermark = BigInt(read.highWatermark);
  out.lastStableOffset = BigInt(lso);
  out.logStartOffset = BigInt(read.logStartOffset);
  if (committed) {
    const aborted =
      txnState === undefined || end <= w.fetchOffset ? [] : txnState.abortedIn(w.fetchOffset, end);
    out.abortedTransactions = aborted.map((a) => ({
      producerId: a.producerId,
      firstOffset: BigInt(a.firstOffset),
    }));
  }
  out.records = chunks.length === 1 ? (chunks[0] as Buffer) : chunks;
  const heldBack =
    readBytes === 0 && read.entries.length === 0 && w.fetchOffset < (committed ? lso : read.highWatermark);
  return { out, bytes: readBytes, failed: false, heldBack };
}

/**
 * One pass over every wanted partition, honouring the response and per-partition byte limits. When the
 * partition limits together fit the response limit, the partitions are read concurrently (a tailing
 * consumer's Fetch then waits for one read, not for one after another); otherwise, or when a batch larger
 * than its partition's limit is due, they are read in order and the first non-empty partition gets at
 * least one batch, as Kafka does (KIP-74).
 */
async function readAll(
  ctx: RequestContext,
  wanted: readonly Wanted[],
  maxBytes: number,
  committed: boolean,
  lease: ReadLease | undefined,
): Promise<{ partitions: FetchResponsePartitionData[]; bytes: number; failed: boolean }> {
  let sumOfLimits = 0;
  for (const w of wanted) sumOfLimits += w.maxBytes;
  if (wanted.length > 1 && sumOfLimits <= maxBytes) {
    const reads = await Promise.all(
      wanted.map((w) => readPartition(ctx, w, w.maxBytes, false, committed, lease)),
    );
    let bytes = 0;
    for (const r of reads) bytes += r.bytes;
    // In order, the first partition with data must have served some: else it is owed a whole batch.
    const firstWithData = reads.find((r) => r.bytes > 0 || r.heldBack);
    if (firstWithData === undefined || !firstWithData.heldBack) {
      return { partitions: reads.map((r) => r.out), bytes, failed: reads.some((r) => r.failed) };
    }
    lease?.release(); // nothing fitted: read again in order, the first partition with data gets a batch
  }
  let budget = maxBytes;
  let bytes = 0;
  let failed = false;
  let first = true;
  const partitions: FetchResponsePartitionData[] = [];
  for (const w of wanted) {
    const r = await readPartition(ctx, w, Math.max(0, Math.min(w.maxBytes, budget)), first, committed, lease);
    if (r.bytes > 0) first = false;
    budget -= r.bytes;
    bytes += r.bytes;
    failed ||= r.failed;
    partitions.push(r.out);
  }
  return { partitions, bytes, failed };
}

async function handleFetch(ctx: RequestContext, request: FetchRequest): Promise<FetchResponse> {
  const version = ctx.apiVersion;
  const { store, waiters, config } = ctx.services;
  const response: FetchResponse = {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    sessionId: 0,
    responses: [],
    nodeEndpoints: [],
  };
  // Incremental fetch sessions (KIP-227) are not offered: every answer carries session id 0, which tells
  // the client to keep sending full fetch requests. A session id we never handed out is an error.
  if (request.sessionId !== 0) {
    response.errorCode = ErrorCode.FETCH_SESSION_ID_NOT_FOUND;
    return response;
  }
  if (request.sessionEpoch !== -1 && request.sessionEpoch !== 0) {
    response.errorCode = ErrorCode.INVALID_FETCH_SESSION_EPOCH;
    return response;
  }
  const wanted: Wanted[] = [];
  request.topics.forEach((t, topicIndex) => {
    const topic = version >= 13 ? findTopicById(store, t.topicId) : store.getTopic(t.topic);
    const topicError = version >= 13 ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    for (const p of t.partitions) {
      const inRange = topic !== undefined && p.partition >= 0 && p.partition < topic.queueCount;
      wanted.push({
        topicIndex,
        topic: inRange ? topic : undefined,
        error: topic === undefined ? topicError : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        partition: p.partition,
        fetchOffset: Number(p.fetchOffset),
        maxBytes: Math.max(0, p.partitionMaxBytes),
      });
    }
  });
  // The response is bounded by the broker too, as Kafka's fetch.max.bytes does (at least one batch still
  // goes out, so a batch larger than the bound never blocks a consumer).
  const maxBytes = Math.max(0, Math.min(request.maxBytes, config.maxFetchBytes));
  const committed = request.isolationLevel === 1;
  const deadline = Date.now() + Math.min(Math.max(0, request.maxWaitMs), config.maxFetchWaitMs);
  // The batches are served from recycled read memory, given back once the socket has taken the response.
  const lease = ctx.afterResponseWritten !== undefined ? new ReadLease() : undefined;
  if (lease !== undefined) ctx.afterResponseWritten?.(() => lease.release());
  let pass = await readAll(ctx, wanted, maxBytes, committed, lease);
  while (!pass.failed && pass.bytes < request.minBytes) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await waiters.wait(
      wanted.map((w) => ({ topic: (w.topic as TopicInfo).name, queueId: w.partition })),
      left,
    );
    lease?.release(); // the pass read so far is dropped
    pass = await readAll(ctx, wanted, maxBytes, committed, lease);
  }
  let i = 0;
  request.topics.forEach((t, topicIndex) => {
    const topic = wanted.find((w) => w.topicIndex === topicIndex)?.topic;
    const partitions = pass.partitions.slice(i, i + t.partitions.length);
    i += t.partitions.length;
    response.responses.push({
      topic: t.topic,
      topicId: version >= 13 ? (topic?.id ?? t.topicId ?? NO_UUID) : NO_UUID,
      partitions,
    });
  });
  return response;
}

export const fetchHandler = defineKafkaHandler({
  api: FetchApi,
  name: 'Fetch',
  // Fetch v0-v3 can only carry magic 0/1 message sets; ferrymq stores magic 2 batches (docs/kafka.md).
  minVersion: 4,
  maxVersion: 16,
  decode: decodeFetchRequest,
  encode: encodeFetchResponse,
  handle: handleFetch,
});
