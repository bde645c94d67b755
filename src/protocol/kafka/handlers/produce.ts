import { PayloadFormat, type AppendResult, type TopicInfo } from '../../../store/index.js';
import { splitBatches, stampBatch, type BatchInfo } from '../codec/record-batch.js';
import { checkBatchRecords } from '../codec/record-batch-check.js';
import { ErrorCode, type ErrorCodeValue } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  mapAppendError,
  mapBatchError,
  mapDurableError,
  mapSequenceError,
  mapTxnError,
} from '../map-store-error.js';
import {
  ProduceApi,
  decodeProduceRequest,
  encodeProduceResponse,
  type ProduceRequest,
  type ProduceResponse,
  type ProduceResponsePartitionProduceResponse,
} from '../messages/produce.js';
import { ensureTopic } from '../topic-access.js';
import { NO_PRODUCER_ID, type PartitionRef } from '../transactions/index.js';

/** Produce v0-v2 carry magic 0/1 message sets, which ferrymq does not store (see docs/kafka.md). */
const FIRST_USABLE_VERSION = 3;

type PartitionOutcome = ProduceResponsePartitionProduceResponse;
type Records = ProduceRequest['topicData'][number]['partitionData'][number]['records'];

/** A partition whose batches passed validation and wait to be appended. */
interface Prepared {
  out: PartitionOutcome;
  topic: TopicInfo;
  index: number;
  batches: BatchInfo[];
  /** The batches' producer id; NO_PRODUCER_ID for plain (non-idempotent) batches. */
  producerId: bigint;
}

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

function setError(out: PartitionOutcome, code: ErrorCodeValue, message: string | null = null): void {
  Object.assign(out, partitionResult(out.index, code, message));
}

/** Validates one partition's batches (no state is read or changed); null when `out` holds an error. */
function preparePartition(
  topic: TopicInfo,
  out: PartitionOutcome,
  records: Records,
  maxDecompressedBytes: number,
): Prepared | null {
  const index = out.index;
  if (index < 0 || index >= topic.queueCount) {
    setError(out, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    return null;
  }
  const bytes = records === null ? null : Buffer.isBuffer(records) ? records : Buffer.concat(records);
  if (bytes === null || bytes.length === 0) {
    setError(out, ErrorCode.INVALID_RECORD, 'no record batch in the request');
    return null;
  }
  const scan = splitBatches(bytes, topic.config.maxMessageBytes);
  if (!scan.ok) {
    setError(out, mapBatchError(scan.error), scan.message);
    return null;
  }
  const rejected = scan.batches.find((b: BatchInfo) => b.isControl || b.recordCount === 0);
  if (rejected) {
    const why = rejected.isControl
      ? 'clients may not send control batches'
      : 'a record batch holds no record';
    setError(out, ErrorCode.INVALID_RECORD, why);
    return null;
  }
  const producerId = (scan.batches[0] as BatchInfo).producerId;
  for (const b of scan.batches) {
    if (b.producerId !== producerId) {
      setError(out, ErrorCode.INVALID_RECORD, 'batches of several producers in one partition');
      return null;
    }
    if (producerId === NO_PRODUCER_ID ? b.isTransactional : b.baseSequence < 0 || b.producerEpoch < 0) {
      setError(out, ErrorCode.INVALID_RECORD, 'transactional batch without a producer id, or a bad sequence');
      return null;
    }
  }
  // Look inside each batch (decompressing it, bounded) as Kafka's LogValidator does, so that no batch
  // is stored whose records a consumer cannot read.
  for (const b of scan.batches) {
    const check = checkBatchRecords(b, maxDecompressedBytes);
    if (!check.ok) {
      setError(out, mapBatchError(check.error), check.message);
      return null;
    }
  }
  return { out, topic, index, batches: scan.batches, producerId };
}

function appendBatches(ctx: RequestContext, p: Prepared, durable: Promise<void>[]): number | null {
  const { store, producerStates } = ctx.services;
  const table = p.producerId === NO_PRODUCER_ID ? undefined : producerStates.loaded(p.topic, p.index);
  const logAppendTime = p.topic.config.timestampType === 'LogAppendTime' ? Date.now() : -1;
  let first: Extract<AppendResult, { status: 'ok' }> | undefined;
  for (const batch of p.batches) {
    if (logAppendTime >= 0) stampBatch(batch.bytes, 0, 0, logAppendTime);
    const result = store.append({
      topic: p.topic.name,
      queueId: p.index,
      format: PayloadFormat.RecordBatchV2,
      payload: batch.bytes,
      count: batch.lastOffsetDelta + 1,
      maxTimestampMs: logAppendTime >= 0 ? logAppendTime : Number(batch.maxTimestamp),
    });
    if (result.status !== 'ok') {
      const mapped = mapAppendError(result);
      setError(p.out, mapped.code, mapped.message);
      return null;
    }
    table?.applyBatch(batch, result.baseOffset);
    first ??= result;
    durable.push(result.durable);
  }
  const ok = first as Extract<AppendResult, { status: 'ok' }>;
  p.out.baseOffset = BigInt(ok.baseOffset);
  p.out.logAppendTimeMs = BigInt(logAppendTime);
  p.out.logStartOffset = BigInt(ok.logStartOffset);
  return ok.baseOffset;
}

/**
 * Appends one validated partition. For idempotent and transactional producers the sequence check,
 * the transaction check and the append happen in one synchronous step, so no other request can come
 * between them.
 */
function appendPartition(ctx: RequestContext, p: Prepared, durable: Promise<void>[]): void {
  if (p.producerId !== NO_PRODUCER_ID) {
    const { producerStates, transactions, store } = ctx.services;
    const table = producerStates.loaded(p.topic, p.index);
    if (table === undefined) {
      setError(p.out, ErrorCode.KAFKA_STORAGE_ERROR, 'producer state is not loaded');
      return;
    }
    const verdict = table.check(p.batches);
    if (verdict.kind === 'error') {
      setError(p.out, mapSequenceError(verdict.error), verdict.message);
      return;
    }
    if (verdict.kind === 'duplicate') {
      p.out.baseOffset = BigInt(verdict.baseOffset);
      p.out.logStartOffset = BigInt(store.queueBounds(p.topic.name, p.index)?.logStartOffset ?? -1);
      return;
    }
    const head = p.batches[0] as BatchInfo;
    if (head.isTransactional) {
      const refused = transactions.verifyProduce(p.producerId, head.producerEpoch, p.topic.name, p.index);
      if (refused !== null) {
        setError(p.out, mapTxnError(refused, true), `transactional produce refused: ${refused}`);
        return;
      }
    }
  }
  appendBatches(ctx, p, durable);
}

async function handleProduce(ctx: RequestContext, request: ProduceRequest): Promise<ProduceResponse | null> {
  const { acks } = request;
  const { store, producerStates } = ctx.services;
  const response: ProduceResponse = { responses: [], throttleTimeMs: 0, nodeEndpoints: [] };
  const fixedError: ErrorCodeValue | null =
    ctx.apiVersion < FIRST_USABLE_VERSION
      ? ErrorCode.UNSUPPORTED_VERSION
      : acks !== 0 && acks !== 1 && acks !== -1
        ? ErrorCode.INVALID_REQUIRED_ACKS
        : null;
  const prepared: Prepared[] = [];
  for (const topicData of request.topicData) {
    const partitions: PartitionOutcome[] = [];
    response.responses.push({ name: topicData.name, partitionResponses: partitions });
    if (fixedError !== null) {
      for (const p of topicData.partitionData) partitions.push(partitionResult(p.index, fixedError));
      continue;
    }
    let topic = store.getTopic(topicData.name);
    if (!topic) {
      const found = await ensureTopic(ctx.services, topicData.name, true);
      topic = found.status === 'ok' ? found.topic : undefined;
      if (!topic) {
        const code =
          found.status === 'invalid-name'
            ? ErrorCode.INVALID_TOPIC_EXCEPTION
            : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        for (const p of topicData.partitionData) partitions.push(partitionResult(p.index, code));
        continue;
      }
    }
    for (const p of topicData.partitionData) {
      const out = partitionResult(p.index, ErrorCode.NONE);
      partitions.push(out);
      const ready = preparePartition(topic, out, p.records, ctx.services.config.maxDecompressedBytes);
      if (ready !== null) prepared.push(ready);
    }
  }
  // Idempotent producers need their partitions' producer state, rebuilt from the log on first use.
  const needed: PartitionRef[] = [];
  for (const p of prepared)
    if (p.producerId !== NO_PRODUCER_ID) needed.push({ topic: p.topic, queueId: p.index });
  const gate = producerStates.admit(needed);
  if (gate !== null) {
    try {
      await gate;
    } catch (err) {
      ctx.log.error({ err }, 'loading producer state failed');
    }
  }
  const durable: Promise<void>[] = [];
  for (const p of prepared) appendPartition(ctx, p, durable);
  // Wait even for acks=0: the store writes large batches from the request's own buffer, which the
  // listener recycles once this handler returns.
  const settled = durable.length > 0 ? await Promise.allSettled(durable) : [];
  if (acks === 0) {
    // No response at all; durability failures are logged by the store.
    return null;
  }
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    const mapped = mapDurableError(failed.reason);
    for (const t of response.responses) {
      for (const p of t.partitionResponses) {
        if (p.errorCode === ErrorCode.NONE) setError(p, mapped.code, mapped.message);
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
