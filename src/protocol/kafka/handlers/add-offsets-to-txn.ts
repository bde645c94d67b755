import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { txnErrorCode } from '../map-store-error.js';
import {
  AddOffsetsToTxnApi,
  decodeAddOffsetsToTxnRequest,
  encodeAddOffsetsToTxnResponse,
  type AddOffsetsToTxnRequest,
  type AddOffsetsToTxnResponse,
} from '../messages/add-offsets-to-txn.js';

/** AddOffsetsToTxn v2 (KIP-588) is the first to understand PRODUCER_FENCED. */
const FENCED_MIN_VERSION = 2;

/** Makes a consumer group's offsets part of the transaction (they follow with TxnOffsetCommit). */
async function handleAddOffsetsToTxn(
  ctx: RequestContext,
  request: AddOffsetsToTxnRequest,
): Promise<AddOffsetsToTxnResponse> {
  if (request.groupId === '') return { throttleTimeMs: 0, errorCode: ErrorCode.INVALID_GROUP_ID };
  const error = await ctx.services.transactions.addOffsets(
    request.transactionalId,
    request.producerId,
    request.producerEpoch,
    request.groupId,
  );
  return { throttleTimeMs: 0, errorCode: txnErrorCode(error, ctx.apiVersion < FENCED_MIN_VERSION) };
}

export const addOffsetsToTxnHandler = defineKafkaHandler({
  api: AddOffsetsToTxnApi,
  name: 'AddOffsetsToTxn',
  minVersion: 0,
  maxVersion: 4,
  decode: decodeAddOffsetsToTxnRequest,
  encode: encodeAddOffsetsToTxnResponse,
  handle: handleAddOffsetsToTxn,
});
