import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { txnErrorCode } from '../map-store-error.js';
import {
  InitProducerIdApi,
  decodeInitProducerIdRequest,
  encodeInitProducerIdResponse,
  type InitProducerIdRequest,
  type InitProducerIdResponse,
} from '../messages/init-producer-id.js';

/** InitProducerId v4 (KIP-588) is the first to understand PRODUCER_FENCED. */
const FENCED_MIN_VERSION = 4;

/**
 * A producer id for an idempotent producer (no transactional id), or the producer id and bumped epoch
 * of a transactional id, which fences any older producer with that id and aborts what it left open.
 */
async function handleInitProducerId(
  ctx: RequestContext,
  request: InitProducerIdRequest,
): Promise<InitProducerIdResponse> {
  const outcome = await ctx.services.transactions.initProducerId(
    request.transactionalId,
    request.transactionTimeoutMs,
    ctx.apiVersion >= 3 ? request.producerId : -1n,
    ctx.apiVersion >= 3 ? request.producerEpoch : -1,
  );
  if (outcome.error !== null) {
    return {
      throttleTimeMs: 0,
      errorCode: txnErrorCode(outcome.error, ctx.apiVersion < FENCED_MIN_VERSION),
      producerId: -1n,
      producerEpoch: -1,
    };
  }
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    producerId: outcome.producerId,
    producerEpoch: outcome.producerEpoch,
  };
}

export const initProducerIdHandler = defineKafkaHandler({
  api: InitProducerIdApi,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 5,
  decode: decodeInitProducerIdRequest,
  encode: encodeInitProducerIdResponse,
  handle: handleInitProducerId,
});
