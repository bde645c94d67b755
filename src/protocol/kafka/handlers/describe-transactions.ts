import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  DescribeTransactionsApi,
  decodeDescribeTransactionsRequest,
  encodeDescribeTransactionsResponse,
  type DescribeTransactionsRequest,
  type DescribeTransactionsResponse,
  type DescribeTransactionsResponseTopicData,
  type DescribeTransactionsResponseTransactionState,
} from '../messages/describe-transactions.js';

function describeOne(
  ctx: RequestContext,
  transactionalId: string,
): DescribeTransactionsResponseTransactionState {
  const view = ctx.services.transactions.describe(transactionalId);
  if (view === undefined) {
    return {
      errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND,
      transactionalId,
      transactionState: '',
      transactionTimeoutMs: 0,
      transactionStartTimeMs: -1n,
      producerId: -1n,
      producerEpoch: -1,
      topics: [],
    };
  }
  const byTopic = new Map<string, DescribeTransactionsResponseTopicData>();
  for (const p of view.partitions) {
    let topic = byTopic.get(p.topic);
    if (topic === undefined) {
      topic = { topic: p.topic, partitions: [] };
      byTopic.set(p.topic, topic);
    }
    topic.partitions.push(p.partition);
  }
  return {
    errorCode: ErrorCode.NONE,
    transactionalId,
    transactionState: view.state,
    transactionTimeoutMs: view.timeoutMs,
    transactionStartTimeMs: BigInt(view.startTimeMs),
    producerId: view.producerId,
    producerEpoch: view.producerEpoch,
    topics: [...byTopic.values()],
  };
}

/** The state, producer and partitions of each named transactional id (kafka-transactions.sh describe). */
function handleDescribeTransactions(
  ctx: RequestContext,
  request: DescribeTransactionsRequest,
): DescribeTransactionsResponse {
  return {
    throttleTimeMs: 0,
    transactionStates: request.transactionalIds.map((id) => describeOne(ctx, id)),
  };
}

export const describeTransactionsHandler = defineKafkaHandler({
  api: DescribeTransactionsApi,
  name: 'DescribeTransactions',
  minVersion: 0,
  maxVersion: 0,
  decode: decodeDescribeTransactionsRequest,
  encode: encodeDescribeTransactionsResponse,
  handle: handleDescribeTransactions,
});
