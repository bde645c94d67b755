import type { OffsetCommitEntry } from '../../../store/index.js';
import { ErrorCode, type ErrorCodeValue } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { groupErrorCode, mapTxnError } from '../map-store-error.js';
import {
  TxnOffsetCommitApi,
  decodeTxnOffsetCommitRequest,
  encodeTxnOffsetCommitResponse,
  type TxnOffsetCommitRequest,
  type TxnOffsetCommitResponse,
  type TxnOffsetCommitResponseTxnOffsetCommitResponsePartition,
} from '../messages/txn-offset-commit.js';
import { partitionCommitError } from './offset-commit.js';

type PartitionResult = TxnOffsetCommitResponseTxnOffsetCommitResponsePartition;

/**
 * Offsets committed inside a transaction: held by the coordinator and written to the group's committed
 * offsets (the same store OffsetCommit uses) only when the transaction commits; dropped on abort.
 * v3+ carries the consumer's generation and member id, checked like OffsetCommit's when present.
 */
async function handleTxnOffsetCommit(
  ctx: RequestContext,
  request: TxnOffsetCommitRequest,
): Promise<TxnOffsetCommitResponse> {
  const { store, groups, transactions } = ctx.services;
  const v = ctx.apiVersion;
  const response: TxnOffsetCommitResponse = { throttleTimeMs: 0, topics: [] };
  let requestError: ErrorCodeValue = ErrorCode.NONE;
  if (request.groupId === '') requestError = ErrorCode.INVALID_GROUP_ID;
  else if (v >= 3 && request.memberId !== '') {
    requestError = groupErrorCode(
      groups.validateCommit(request.groupId, request.generationId, request.memberId, request.groupInstanceId),
    );
  }
  const now = Date.now();
  const entries: OffsetCommitEntry[] = [];
  const pending: PartitionResult[] = [];
  for (const t of request.topics) {
    const partitions: PartitionResult[] = [];
    response.topics.push({ name: t.name, partitions });
    const info = store.getTopic(t.name);
    for (const p of t.partitions) {
      const result: PartitionResult = { partitionIndex: p.partitionIndex, errorCode: requestError };
      partitions.push(result);
      if (requestError !== ErrorCode.NONE) continue;
      result.errorCode = partitionCommitError(info, p.partitionIndex, p.committedMetadata);
      if (result.errorCode !== ErrorCode.NONE) continue;
      entries.push({
        topic: t.name,
        queueId: p.partitionIndex,
        offset: Number(p.committedOffset),
        leaderEpoch: v >= 2 ? p.committedLeaderEpoch : -1,
        metadata: p.committedMetadata,
        commitTimestampMs: now,
      });
      pending.push(result);
    }
  }
  if (entries.length > 0) {
    const error = await transactions.commitOffsets(
      request.transactionalId,
      request.producerId,
      request.producerEpoch,
      request.groupId,
      entries,
    );
    if (error !== null) {
      // Fencing is reported as INVALID_PRODUCER_EPOCH, which every client version treats as fatal.
      const code = mapTxnError(error, true);
      for (const r of pending) r.errorCode = code;
    }
  }
  return response;
}

export const txnOffsetCommitHandler = defineKafkaHandler({
  api: TxnOffsetCommitApi,
  name: 'TxnOffsetCommit',
  minVersion: 0,
  maxVersion: 4,
  decode: decodeTxnOffsetCommitRequest,
  encode: encodeTxnOffsetCommitResponse,
  handle: handleTxnOffsetCommit,
});
