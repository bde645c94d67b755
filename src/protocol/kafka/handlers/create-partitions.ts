import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapTopicError } from '../map-store-error.js';
import {
  CreatePartitionsApi,
  decodeCreatePartitionsRequest,
  encodeCreatePartitionsResponse,
  type CreatePartitionsRequest,
  type CreatePartitionsResponse,
} from '../messages/create-partitions.js';

async function handleCreatePartitions(
  ctx: RequestContext,
  request: CreatePartitionsRequest,
): Promise<CreatePartitionsResponse> {
  const { store, cluster } = ctx.services;
  const response: CreatePartitionsResponse = { throttleTimeMs: 0, results: [] };
  const node = cluster.identity.nodeId;
  for (const t of request.topics) {
    const fail = (errorCode: number, errorMessage: string | null): void => {
      response.results.push({ name: t.name, errorCode, errorMessage });
    };
    const topic = store.getTopic(t.name);
    if (!topic) {
      fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'unknown topic');
      continue;
    }
    if (t.count <= topic.queueCount) {
      fail(
        ErrorCode.INVALID_PARTITIONS,
        `topic has ${topic.queueCount} partitions; the new count must be larger`,
      );
      continue;
    }
    if (t.assignments !== null) {
      const added = t.count - topic.queueCount;
      const valid =
        t.assignments.length === added &&
        t.assignments.every((a) => a.brokerIds.length === 1 && a.brokerIds[0] === node);
      if (!valid) {
        fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `each new partition must be on broker ${node} only`);
        continue;
      }
    }
    const result = await store.setQueueCount(t.name, t.count, request.validateOnly);
    if (result.status === 'ok') fail(ErrorCode.NONE, null);
    else {
      const mapped = mapTopicError(result);
      fail(mapped.code, mapped.message);
    }
  }
  return response;
}

export const createPartitionsHandler = defineKafkaHandler({
  api: CreatePartitionsApi,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 3,
  decode: decodeCreatePartitionsRequest,
  encode: encodeCreatePartitionsResponse,
  handle: handleCreatePartitions,
});
