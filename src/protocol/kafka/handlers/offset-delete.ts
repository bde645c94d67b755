import type { OffsetKey } from '../../../store/index.js';
import { ErrorCode, type ErrorCodeValue } from '../error-codes.js';
import { subscribedTopics } from '../groups/index.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  OffsetDeleteApi,
  decodeOffsetDeleteRequest,
  encodeOffsetDeleteResponse,
  type OffsetDeleteRequest,
  type OffsetDeleteResponse,
  type OffsetDeleteResponseOffsetDeleteResponsePartition,
} from '../messages/offset-delete.js';

/** Topics a group with members consumes (from its consumer-protocol subscriptions); null = cannot tell. */
function consumedTopics(ctx: RequestContext, groupId: string): Set<string> | 'none' | null {
  const group = ctx.services.groups.getGroup(groupId);
  if (group === undefined || group.members.size === 0) return 'none';
  if (group.protocolType !== 'consumer') return null;
  const topics = new Set<string>();
  for (const m of group.members.values()) {
    const list = subscribedTopics(group.metadataFor(m, group.protocolName ?? m.protocols[0]?.name ?? null));
    if (list === null) return null;
    for (const t of list) topics.add(t);
  }
  return topics;
}

async function handleOffsetDelete(
  ctx: RequestContext,
  request: OffsetDeleteRequest,
): Promise<OffsetDeleteResponse> {
  const { store } = ctx.services;
  const fail = (errorCode: ErrorCodeValue): OffsetDeleteResponse => ({
    errorCode,
    throttleTimeMs: 0,
    topics: [],
  });
  if (request.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
  const known =
    ctx.services.groups.getGroup(request.groupId) !== undefined ||
    store.consumerOffsets.hasGroup(request.groupId);
  if (!known) return fail(ErrorCode.GROUP_ID_NOT_FOUND);
  const consumed = consumedTopics(ctx, request.groupId);
  if (consumed === null) return fail(ErrorCode.NON_EMPTY_GROUP);
  const keys: OffsetKey[] = [];
  const deleted: OffsetDeleteResponseOffsetDeleteResponsePartition[] = [];
  const response: OffsetDeleteResponse = { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics: [] };
  for (const t of request.topics) {
    const info = store.getTopic(t.name);
    const partitions = t.partitions.map((p) => {
      const result = { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE as ErrorCodeValue };
      if (info === undefined || p.partitionIndex < 0 || p.partitionIndex >= info.queueCount) {
        result.errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      } else if (consumed !== 'none' && consumed.has(t.name)) {
        result.errorCode = ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC;
      } else {
        keys.push({ topic: t.name, queueId: p.partitionIndex });
        deleted.push(result);
      }
      return result;
    });
    response.topics.push({ name: t.name, partitions });
  }
  const outcome = store.consumerOffsets.deleteOffsets(request.groupId, keys);
  let failed = outcome.status !== 'ok';
  if (outcome.status === 'ok') await outcome.durable.catch(() => (failed = true));
  if (failed) for (const r of deleted) r.errorCode = ErrorCode.KAFKA_STORAGE_ERROR;
  return response;
}

export const offsetDeleteHandler = defineKafkaHandler({
  api: OffsetDeleteApi,
  name: 'OffsetDelete',
  minVersion: 0,
  maxVersion: 0,
  decode: decodeOffsetDeleteRequest,
  encode: encodeOffsetDeleteResponse,
  handle: handleOffsetDelete,
});
