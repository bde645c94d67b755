import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  ListTransactionsApi,
  decodeListTransactionsRequest,
  encodeListTransactionsResponse,
  type ListTransactionsRequest,
  type ListTransactionsResponse,
} from '../messages/list-transactions.js';
import { TXN_STATES } from '../transactions/index.js';

/**
 * Every transactional id, filtered by state names, producer ids and (v1) by how long the transaction
 * has been running. Unknown state names are echoed in unknownStateFilters.
 */
function handleListTransactions(
  ctx: RequestContext,
  request: ListTransactionsRequest,
): ListTransactionsResponse {
  const known = new Set<string>(TXN_STATES);
  const states = new Set(request.stateFilters.filter((s) => known.has(s)));
  const unknownStateFilters = request.stateFilters.filter((s) => !known.has(s));
  const producerIds = new Set(request.producerIdFilters);
  const minDurationMs = ctx.apiVersion >= 1 ? Number(request.durationFilter) : -1;
  const now = Date.now();
  const transactionStates = ctx.services.transactions
    .list()
    .filter((t) => request.stateFilters.length === 0 || states.has(t.state))
    .filter((t) => producerIds.size === 0 || producerIds.has(t.producerId))
    .filter((t) => minDurationMs < 0 || (t.startTimeMs >= 0 && now - t.startTimeMs > minDurationMs))
    .map((t) => ({
      transactionalId: t.transactionalId,
      producerId: t.producerId,
      transactionState: t.state,
    }));
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, unknownStateFilters, transactionStates };
}

export const listTransactionsHandler = defineKafkaHandler({
  api: ListTransactionsApi,
  name: 'ListTransactions',
  minVersion: 0,
  maxVersion: 1,
  decode: decodeListTransactionsRequest,
  encode: encodeListTransactionsResponse,
  handle: handleListTransactions,
});
