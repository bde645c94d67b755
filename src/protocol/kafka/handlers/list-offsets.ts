import { PayloadFormat, type StoredEntry } from '../../../store/index.js';
import { readRecords } from '../codec/record-batch.js';
import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  ListOffsetsApi,
  decodeListOffsetsRequest,
  encodeListOffsetsResponse,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
  type ListOffsetsResponseListOffsetsPartitionResponse,
} from '../messages/list-offsets.js';

const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;
const EARLIEST_LOCAL = -4n;

type PartitionResponse = ListOffsetsResponseListOffsetsPartitionResponse;

function result(partitionIndex: number, errorCode: number, offset = -1, timestamp = -1n): PartitionResponse {
  return {
    partitionIndex,
    errorCode,
    oldStyleOffsets: offset >= 0 ? [BigInt(offset)] : [],
    timestamp,
    offset: BigInt(offset),
    leaderEpoch: offset >= 0 ? 0 : -1,
  };
}

/** Looks inside a stored batch for the record a timestamp query names (decompressing under the cap). */
function pickRecord(
  entry: StoredEntry,
  logStartOffset: number,
  match: (timestamp: number) => boolean,
  maxDecompressedBytes: number,
): { offset: number; timestamp: number } | undefined {
  if (entry.format !== PayloadFormat.RecordBatchV2) return undefined;
  for (const r of readRecords(entry.payload, maxDecompressedBytes)) {
    const offset = Number(r.offset);
    const timestamp = Number(r.timestamp);
    if (offset >= logStartOffset && match(timestamp)) return { offset, timestamp };
  }
  return undefined;
}

async function lookup(
  ctx: RequestContext,
  topic: string,
  partition: number,
  timestamp: bigint,
  readCommitted: boolean,
): Promise<PartitionResponse> {
  const { store, config } = ctx.services;
  const info = store.getTopic(topic);
  const bounds = info ? store.queueBounds(topic, partition) : undefined;
  if (!info || !bounds) return result(partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (timestamp === LATEST) {
    if (!readCommitted) return result(partition, ErrorCode.NONE, bounds.highWatermark);
    // read_committed consumers start from the last stable offset (the first open transaction).
    const state = await ctx.services.producerStates.load(info, partition);
    const highWatermark = store.queueBounds(topic, partition)?.highWatermark ?? bounds.highWatermark;
    return result(partition, ErrorCode.NONE, state.lastStableOffset(highWatermark));
  }
  if (timestamp === EARLIEST || timestamp === EARLIEST_LOCAL)
    return result(partition, ErrorCode.NONE, bounds.logStartOffset);
  if (ctx.apiVersion === 0 && timestamp >= 0n) {
    // v0 asked for segment start offsets before a time; the closest honest answer is the log start.
    return result(partition, ErrorCode.NONE, bounds.logStartOffset);
  }
  if (timestamp === MAX_TIMESTAMP) {
    const entry = await store.findMaxTimestamp(topic, partition);
    if (!entry) return result(partition, ErrorCode.NONE);
    const found = pickRecord(
      entry,
      bounds.logStartOffset,
      (ts) => ts === entry.maxTimestampMs,
      config.maxDecompressedBytes,
    );
    return found
      ? result(partition, ErrorCode.NONE, found.offset, BigInt(found.timestamp))
      : result(partition, ErrorCode.NONE, entry.baseOffset, BigInt(entry.maxTimestampMs));
  }
  if (timestamp < 0n) return result(partition, ErrorCode.INVALID_REQUEST);
  const wanted = Number(timestamp);
  const entry = await store.findByTimestamp(topic, partition, wanted);
  if (!entry) return result(partition, ErrorCode.NONE);
  const found = pickRecord(entry, bounds.logStartOffset, (ts) => ts >= wanted, config.maxDecompressedBytes);
  return found
    ? result(partition, ErrorCode.NONE, found.offset, BigInt(found.timestamp))
    : result(partition, ErrorCode.NONE);
}

async function handleListOffsets(
  ctx: RequestContext,
  request: ListOffsetsRequest,
): Promise<ListOffsetsResponse> {
  const response: ListOffsetsResponse = { throttleTimeMs: 0, topics: [] };
  const readCommitted = ctx.apiVersion >= 2 && request.isolationLevel === 1;
  for (const t of request.topics) {
    const partitions: PartitionResponse[] = [];
    for (const p of t.partitions) {
      try {
        partitions.push(await lookup(ctx, t.name, p.partitionIndex, p.timestamp, readCommitted));
      } catch (err) {
        ctx.log.warn({ err, topic: t.name, partition: p.partitionIndex }, 'offset lookup failed');
        partitions.push(result(p.partitionIndex, ErrorCode.KAFKA_STORAGE_ERROR));
      }
    }
    response.topics.push({ name: t.name, partitions });
  }
  return response;
}

export const listOffsetsHandler = defineKafkaHandler({
  api: ListOffsetsApi,
  name: 'ListOffsets',
  minVersion: 0,
  maxVersion: 8,
  decode: decodeListOffsetsRequest,
  encode: encodeListOffsetsResponse,
  handle: handleListOffsets,
});
