import { PayloadFormat, type AppendResult } from '../../../store/index.js';
import { splitBatches, stampBatch, type BatchInfo } from '../codec/record-batch.js';
import { ErrorCode, type ErrorCodeValue } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapAppendError, mapBatchError } from '../map-store-error.js';
import {
  ProduceApi,
  decodeProduceRequest,
  encodeProduceResponse,
  type ProduceRequest,
  type ProduceResponse,
  type ProduceResponsePartitionProduceResponse,
} from '../messages/produce.js';
import { ensureTopic } from '../topic-access.js';

/** Produce v0-v2 carry magic 0/1 message sets, which ferrymq does not store (see docs/kafka.md). */
const FIRST_USABLE_VERSION = 3;

type PartitionOutcome = ProduceResponsePartitionProduceResponse;

function partitionResult(
  index: number,
  errorCode: ErrorCodeValue,
  message: string | null = null,
): PartitionOutcome {
  return {
    index,
    errorCode,
    baseOffset: -1n,
    logAppendTimeMs: -1n,
    logStartOffset: -1n,
    recordErrors: [],
    errorMessage: message,
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
  };
}

/**
 * Validates and appends the batches of one partition. The appends happen synchronously, so pipelined
 * requests keep their order; only durability (sync flush mode) is awaited afterwards.
 */
function appendPartition(
  ctx: RequestContext,
  topic: string,
  index: number,
  records: ProduceRequest['topicData'][number]['partitionData'][number]['records'],
  durable: Promise<void>[],
): PartitionOutcome {
  const { store } = ctx.services;
  const info = store.getTopic(topic);
  if (!info || index < 0 || index >= info.queueCount) {
    return partitionResult(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  }
  const bytes = records === null ? null : Buffer.isBuffer(records) ? records : Buffer.concat(records);
  if (bytes === null || bytes.length === 0) {
    return partitionResult(index, ErrorCode.INVALID_RECORD, 'no record batch in the request');
  }
  const scan = splitBatches(bytes, info.config.maxMessageBytes);
  if (!scan.ok) return partitionResult(index, mapBatchError(scan.error), scan.message);
  const rejected = scan.batches.find((b: BatchInfo) => b.isControl || b.recordCount === 0);
  if (rejected) {
    const why = rejected.isControl
      ? 'clients may not send control batches'
      : 'a record batch holds no record';
    return partitionResult(index, ErrorCode.INVALID_RECORD, why);
  }
  const logAppendTime = info.config.timestampType === 'LogAppendTime' ? Date.now() : -1;
  let first: Extract<AppendResult, { status: 'ok' }> | undefined;
  for (const batch of scan.batches) {
    if (logAppendTime >= 0) stampBatch(batch.bytes, 0, 0, logAppendTime);
    const result = store.append({
      topic,
      queueId: index,
      format: PayloadFormat.RecordBatchV2,
      payload: batch.bytes,
      count: batch.lastOffsetDelta + 1,
      maxTimestampMs: logAppendTime >= 0 ? logAppendTime : Number(batch.maxTimestamp),
    });
    if (result.status !== 'ok') {
      const mapped = mapAppendError(result);
      return partitionResult(index, mapped.code, mapped.message);
    }
    first ??= result;
    durable.push(result.durable);
  }
  const ok = first as Extract<AppendResult, { status: 'ok' }>;
  const out = partitionResult(index, ErrorCode.NONE);
  out.baseOffset = BigInt(ok.baseOffset);
  out.logAppendTimeMs = BigInt(logAppendTime);
  out.logStartOffset = BigInt(ok.logStartOffset);
  return out;
}

async function handleProduce(ctx: RequestContext, request: ProduceRequest): Promise<ProduceResponse | null> {
  const { acks } = request;
  const response: ProduceResponse = { responses: [], throttleTimeMs: 0, nodeEndpoints: [] };
  const fixedError: ErrorCodeValue | null =
    ctx.apiVersion < FIRST_USABLE_VERSION
      ? ErrorCode.UNSUPPORTED_VERSION
      : acks !== 0 && acks !== 1 && acks !== -1
        ? ErrorCode.INVALID_REQUIRED_ACKS
        : request.transactionalId !== null
          ? ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
          : null;
  const durable: Promise<void>[] = [];
  for (const topicData of request.topicData) {
    const partitions: PartitionOutcome[] = [];
    response.responses.push({ name: topicData.name, partitionResponses: partitions });
    if (fixedError !== null) {
      for (const p of topicData.partitionData) partitions.push(partitionResult(p.index, fixedError));
      continue;
    }
    if (!ctx.services.store.getTopic(topicData.name)) {
      const found = await ensureTopic(ctx.services, topicData.name, true);
      if (found.status !== 'ok') {
        const code =
          found.status === 'invalid-name'
            ? ErrorCode.INVALID_TOPIC_EXCEPTION
            : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        for (const p of topicData.partitionData) partitions.push(partitionResult(p.index, code));
        continue;
      }
    }
    for (const p of topicData.partitionData) {
      partitions.push(appendPartition(ctx, topicData.name, p.index, p.records, durable));
    }
  }
  // Wait even for acks=0: the store writes large batches from the request's own buffer, which the
  // listener recycles once this handler returns.
  const settled = durable.length > 0 ? await Promise.allSettled(durable) : [];
  if (acks === 0) {
    // No response at all; durability failures are logged by the store.
    return null;
  }
  if (settled.some((s) => s.status === 'rejected')) {
    for (const t of response.responses) {
      for (const p of t.partitionResponses) {
        if (p.errorCode === ErrorCode.NONE) {
          Object.assign(p, partitionResult(p.index, ErrorCode.KAFKA_STORAGE_ERROR, 'flush to disk failed'));
        }
      }
    }
  }
  return response;
}

export const produceHandler = defineKafkaHandler({
  api: ProduceApi,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 11,
  decode: decodeProduceRequest,
  encode: encodeProduceResponse,
  handle: handleProduce,
});
