import { ErrorCode } from '../error-codes.js';
import { ConfigSource, TOPIC_CONFIG_TYPES } from '../config-catalog.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapTopicError } from '../map-store-error.js';
import {
  CreateTopicsApi,
  decodeCreateTopicsRequest,
  encodeCreateTopicsResponse,
  type CreateTopicsRequest,
  type CreateTopicsResponse,
} from '../messages/create-topics.js';
import { checkTopicName } from '../topic-access.js';

type TopicResult = CreateTopicsResponse['topics'][number];
type TopicRequest = CreateTopicsRequest['topics'][number];

const NO_UUID = Buffer.alloc(16);

function failure(name: string, errorCode: number, errorMessage: string | null): TopicResult {
  return {
    name,
    topicId: NO_UUID,
    errorCode,
    errorMessage,
    topicConfigErrorCode: 0,
    numPartitions: -1,
    replicationFactor: -1,
    configs: null,
  };
}

/** Checks what ferrymq cannot honour (replication, replica placement) and works out the queue count. */
function plan(ctx: RequestContext, t: TopicRequest): { queues: number } | TopicResult {
  const node = ctx.services.cluster.identity.nodeId;
  const bad = checkTopicName(t.name);
  if (bad) return failure(t.name, ErrorCode.INVALID_TOPIC_EXCEPTION, bad);
  if (t.assignments.length > 0) {
    if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
      return failure(
        t.name,
        ErrorCode.INVALID_REQUEST,
        'give either assignments or partitions and replication factor',
      );
    }
    const sorted = [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
    const valid = sorted.every(
      (a, i) => a.partitionIndex === i && a.brokerIds.length === 1 && a.brokerIds[0] === node,
    );
    if (!valid) {
      return failure(
        t.name,
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `partitions 0..n-1, each on broker ${node} only`,
      );
    }
    return { queues: sorted.length };
  }
  if (t.replicationFactor !== -1 && t.replicationFactor !== 1) {
    return failure(
      t.name,
      ErrorCode.INVALID_REPLICATION_FACTOR,
      `replication factor ${t.replicationFactor} is larger than the 1 available broker`,
    );
  }
  const queues = t.numPartitions === -1 ? ctx.services.config.defaultPartitions : t.numPartitions;
  if (queues <= 0) return failure(t.name, ErrorCode.INVALID_PARTITIONS, `partition count ${t.numPartitions}`);
  return { queues };
}

async function handleCreateTopics(
  ctx: RequestContext,
  request: CreateTopicsRequest,
): Promise<CreateTopicsResponse> {
  const { store } = ctx.services;
  const response: CreateTopicsResponse = { throttleTimeMs: 0, topics: [] };
  const counts = new Map<string, number>();
  for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  for (const t of request.topics) {
    if ((counts.get(t.name) ?? 0) > 1) {
      response.topics.push(
        failure(t.name, ErrorCode.INVALID_REQUEST, 'topic named more than once in the request'),
      );
      continue;
    }
    const planned = plan(ctx, t);
    if (!('queues' in planned)) {
      response.topics.push(planned);
      continue;
    }
    const overrides: Record<string, string> = {};
    for (const c of t.configs) if (c.value !== null) overrides[c.name] = c.value;
    const result = await store.createTopic(t.name, planned.queues, overrides, request.validateOnly);
    if (result.status !== 'ok') {
      const mapped = mapTopicError(result);
      response.topics.push(failure(t.name, mapped.code, mapped.message));
      continue;
    }
    const defaults = store.defaultTopicConfig();
    response.topics.push({
      name: t.name,
      topicId: request.validateOnly ? NO_UUID : result.topic.id,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      topicConfigErrorCode: 0,
      numPartitions: planned.queues,
      replicationFactor: 1,
      configs: Object.keys(TOPIC_CONFIG_TYPES).map((name) => {
        const own = result.topic.overrides[name];
        return {
          name,
          value: own ?? defaults[name] ?? null,
          readOnly: false,
          configSource: own !== undefined ? ConfigSource.TOPIC : ConfigSource.DEFAULT,
          isSensitive: false,
        };
      }),
    });
  }
  return response;
}

export const createTopicsHandler = defineKafkaHandler({
  api: CreateTopicsApi,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 7,
  decode: decodeCreateTopicsRequest,
  encode: encodeCreateTopicsResponse,
  handle: handleCreateTopics,
});
