import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapDeleteRecordsError } from '../map-store-error.js';
import {
  DeleteRecordsApi,
  decodeDeleteRecordsRequest,
  encodeDeleteRecordsResponse,
  type DeleteRecordsRequest,
  type DeleteRecordsResponse,
} from '../messages/delete-records.js';

async function handleDeleteRecords(
  ctx: RequestContext,
  request: DeleteRecordsRequest,
): Promise<DeleteRecordsResponse> {
  const { store } = ctx.services;
  const response: DeleteRecordsResponse = { throttleTimeMs: 0, topics: [] };
  for (const t of request.topics) {
    const partitions: DeleteRecordsResponse['topics'][number]['partitions'] = [];
    for (const p of t.partitions) {
      const result = await store.deleteRecords(t.name, p.partitionIndex, Number(p.offset));
      partitions.push(
        result.status === 'ok'
          ? {
              partitionIndex: p.partitionIndex,
              lowWatermark: BigInt(result.logStartOffset),
              errorCode: ErrorCode.NONE,
            }
          : { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: mapDeleteRecordsError(result) },
      );
    }
    response.topics.push({ name: t.name, partitions });
  }
  return response;
}

export const deleteRecordsHandler = defineKafkaHandler({
  api: DeleteRecordsApi,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDeleteRecordsRequest,
  encode: encodeDeleteRecordsResponse,
  handle: handleDeleteRecords,
});
