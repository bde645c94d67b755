import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  OffsetFetchApi,
  decodeOffsetFetchRequest,
  encodeOffsetFetchResponse,
  type OffsetFetchRequest,
  type OffsetFetchResponse,
  type OffsetFetchResponseOffsetFetchResponsePartitions,
} from '../messages/offset-fetch.js';

type Partition = OffsetFetchResponseOffsetFetchResponsePartitions;
interface TopicOffsets {
  name: string;
  partitions: Partition[];
}

/** The committed offsets of one group: the named partitions, or every committed one when topics is null. */
function fetchGroup(
  ctx: RequestContext,
  groupId: string,
  topics: { name: string; partitionIndexes: number[] }[] | null,
): TopicOffsets[] {
  const offsets = ctx.services.store.consumerOffsets;
  const withEpoch = ctx.apiVersion >= 5;
  const partition = (topic: string, index: number): Partition => {
    const c = offsets.get(groupId, topic, index);
    return {
      partitionIndex: index,
      committedOffset: c === undefined ? -1n : BigInt(c.offset),
      committedLeaderEpoch: c === undefined || !withEpoch ? -1 : c.leaderEpoch,
      metadata: c?.metadata ?? '',
      errorCode: ErrorCode.NONE,
    };
  };
  if (topics !== null) {
    return topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((i) => partition(t.name, i)),
    }));
  }
  const byTopic = new Map<string, Partition[]>();
  for (const e of offsets.list(groupId)) {
    let list = byTopic.get(e.topic);
    if (list === undefined) {
      list = [];
      byTopic.set(e.topic, list);
    }
    list.push(partition(e.topic, e.queueId));
  }
  return [...byTopic].map(([name, partitions]) => ({ name, partitions }));
}

/** v0-7 ask for one group; v8+ for several. requireStable (v7+) is met trivially: no pending transactional offsets. */
function handleOffsetFetch(ctx: RequestContext, request: OffsetFetchRequest): OffsetFetchResponse {
  if (ctx.apiVersion >= 8) {
    return {
      throttleTimeMs: 0,
      topics: [],
      errorCode: ErrorCode.NONE,
      groups: request.groups.map((g) => ({
        groupId: g.groupId,
        topics: fetchGroup(ctx, g.groupId, g.topics),
        errorCode: ErrorCode.NONE,
      })),
    };
  }
  // v0-1 always name the topics; null means "all" from v2.
  const topics = fetchGroup(ctx, request.groupId, request.topics ?? (ctx.apiVersion >= 2 ? null : []));
  return { throttleTimeMs: 0, topics, errorCode: ErrorCode.NONE, groups: [] };
}

export const offsetFetchHandler = defineKafkaHandler({
  api: OffsetFetchApi,
  name: 'OffsetFetch',
  minVersion: 0,
  maxVersion: 9,
  decode: decodeOffsetFetchRequest,
  encode: encodeOffsetFetchResponse,
  handle: handleOffsetFetch,
});
