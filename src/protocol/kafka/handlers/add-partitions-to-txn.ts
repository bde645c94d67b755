import { ErrorCode, type ErrorCodeValue } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapTxnError } from '../map-store-error.js';
import {
  AddPartitionsToTxnApi,
  decodeAddPartitionsToTxnRequest,
  encodeAddPartitionsToTxnResponse,
  type AddPartitionsToTxnRequest,
  type AddPartitionsToTxnRequestAddPartitionsToTxnTopic,
  type AddPartitionsToTxnResponse,
  type AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult,
} from '../messages/add-partitions-to-txn.js';
import type { TxnPartition } from '../transactions/index.js';

/** AddPartitionsToTxn v2 (KIP-588) is the first to understand PRODUCER_FENCED. */
const FENCED_MIN_VERSION = 2;

type TopicResult = AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult;

function resultsWith(
  topics: readonly AddPartitionsToTxnRequestAddPartitionsToTxnTopic[],
  code: (topic: string, partition: number) => ErrorCodeValue,
): TopicResult[] {
  return topics.map((t) => ({
    name: t.name,
    resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: code(t.name, p) })),
  }));
}

/** Adds one transactional id's partitions; unknown partitions fail the whole set (the rest: not attempted). */
async function addOne(
  ctx: RequestContext,
  transactionalId: string,
  producerId: bigint,
  producerEpoch: number,
  topics: readonly AddPartitionsToTxnRequestAddPartitionsToTxnTopic[],
  verifyOnly: boolean,
): Promise<TopicResult[]> {
  const { store, transactions } = ctx.services;
  const exists = (topic: string, partition: number): boolean => {
    const info = store.getTopic(topic);
    return info !== undefined && partition >= 0 && partition < info.queueCount;
  };
  const fencedAsEpoch = ctx.apiVersion < FENCED_MIN_VERSION;
  if (verifyOnly) {
    return resultsWith(topics, (topic, partition) => {
      const refused = transactions.verifyProduce(producerId, producerEpoch, topic, partition);
      return refused === null ? ErrorCode.NONE : mapTxnError(refused, fencedAsEpoch);
    });
  }
  const partitions: TxnPartition[] = [];
  let missing = false;
  for (const t of topics) {
    for (const p of t.partitions) {
      if (exists(t.name, p)) partitions.push({ topic: t.name, partition: p });
      else missing = true;
    }
  }
  if (missing) {
    return resultsWith(topics, (topic, partition) =>
      exists(topic, partition) ? ErrorCode.OPERATION_NOT_ATTEMPTED : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
  }
  const error = await transactions.addPartitions(transactionalId, producerId, producerEpoch, partitions);
  const code = error === null ? ErrorCode.NONE : mapTxnError(error, fencedAsEpoch);
  return resultsWith(topics, () => code);
}

async function handleAddPartitionsToTxn(
  ctx: RequestContext,
  request: AddPartitionsToTxnRequest,
): Promise<AddPartitionsToTxnResponse> {
  const response: AddPartitionsToTxnResponse = {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    resultsByTransaction: [],
    resultsByTopicV3AndBelow: [],
  };
  if (ctx.apiVersion <= 3) {
    response.resultsByTopicV3AndBelow = await addOne(
      ctx,
      request.v3AndBelowTransactionalId,
      request.v3AndBelowProducerId,
      request.v3AndBelowProducerEpoch,
      request.v3AndBelowTopics,
      false,
    );
    return response;
  }
  // v4+: batched by transactional id (sent by brokers, not clients).
  for (const t of request.transactions) {
    response.resultsByTransaction.push({
      transactionalId: t.transactionalId,
      topicResults: await addOne(
        ctx,
        t.transactionalId,
        t.producerId,
        t.producerEpoch,
        t.topics,
        t.verifyOnly,
      ),
    });
  }
  return response;
}

export const addPartitionsToTxnHandler = defineKafkaHandler({
  api: AddPartitionsToTxnApi,
  name: 'AddPartitionsToTxn',
  minVersion: 0,
  maxVersion: 5,
  decode: decodeAddPartitionsToTxnRequest,
  encode: encodeAddPartitionsToTxnResponse,
  handle: handleAddPartitionsToTxn,
});
