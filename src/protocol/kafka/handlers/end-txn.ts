import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { txnErrorCode } from '../map-store-error.js';
import {
  EndTxnApi,
  decodeEndTxnRequest,
  encodeEndTxnResponse,
  type EndTxnRequest,
  type EndTxnResponse,
} from '../messages/end-txn.js';

/** EndTxn v2 (KIP-588) is the first to understand PRODUCER_FENCED. */
const FENCED_MIN_VERSION = 2;

/**
 * Commits or aborts: a marker (control batch) goes to every partition of the transaction and, on commit,
 * the transaction's offsets become the groups' committed offsets. Answered once all of it is durable.
 */
async function handleEndTxn(ctx: RequestContext, request: EndTxnRequest): Promise<EndTxnResponse> {
  const error = await ctx.services.transactions.endTransaction(
    request.transactionalId,
    request.producerId,
    request.producerEpoch,
    request.committed,
  );
  return { throttleTimeMs: 0, errorCode: txnErrorCode(error, ctx.apiVersion < FENCED_MIN_VERSION) };
}

export const endTxnHandler = defineKafkaHandler({
  api: EndTxnApi,
  name: 'EndTxn',
  minVersion: 0,
  maxVersion: 4,
  decode: decodeEndTxnRequest,
  encode: encodeEndTxnResponse,
  handle: handleEndTxn,
});
