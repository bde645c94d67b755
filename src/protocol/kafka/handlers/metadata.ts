import type { TopicInfo } from '../../../store/index.js';
import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  MetadataApi,
  decodeMetadataRequest,
  encodeMetadataResponse,
  type MetadataRequest,
  type MetadataResponse,
  type MetadataResponseMetadataResponseTopic as TopicEntry,
} from '../messages/metadata.js';
import { checkTopicName, ensureTopic, findTopicById } from '../topic-access.js';

const NO_UUID = Buffer.alloc(16);
const UNSET_OPERATIONS = -2147483648;
/** Every topic ACL operation allowed (no authorizer): READ 3, WRITE 4, CREATE 5, DELETE 6, ALTER 7,
 * DESCRIBE 8, DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11. */
const ALL_TOPIC_OPERATIONS = [3, 4, 5, 6, 7, 8, 10, 11].reduce((bits, op) => bits | (1 << op), 0);

function describeTopic(ctx: RequestContext, topic: TopicInfo, withOperations: boolean): TopicEntry {
  const node = ctx.services.cluster.identity.nodeId;
  const partitions = [];
  for (let i = 0; i < topic.queueCount; i++) {
    partitions.push({
      errorCode: ErrorCode.NONE,
      partitionIndex: i,
      leaderId: ctx.services.cluster.leaderOf(topic.name, i),
      leaderEpoch: 0,
      replicaNodes: [node],
      isrNodes: [node],
      offlineReplicas: [],
    });
  }
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.id,
    isInternal: false,
    partitions,
    topicAuthorizedOperations: withOperations ? ALL_TOPIC_OPERATIONS : UNSET_OPERATIONS,
  };
}

function missingTopic(name: string | null, errorCode: number, topicId: Buffer = NO_UUID): TopicEntry {
  return {
    errorCode,
    name,
    topicId,
    isInternal: false,
    partitions: [],
    topicAuthorizedOperations: UNSET_OPERATIONS,
  };
}

async function handleMetadata(ctx: RequestContext, request: MetadataRequest): Promise<MetadataResponse> {
  const { store, cluster } = ctx.services;
  const version = ctx.apiVersion;
  const withOperations = request.includeTopicAuthorizedOperations;
  // v0: an empty list means every topic; v1+: null means every topic and an empty list none.
  const all = request.topics === null || (version === 0 && request.topics.length === 0);
  // Before v4 there is no flag and Kafka auto-creates; from v4 the client says.
  const allowAutoCreate = version < 4 || request.allowAutoTopicCreation;
  const topics: TopicEntry[] = [];
  if (all) {
    // RocketMQ's own topics (%RETRY%, %DLQ%) have names Kafka cannot carry; Kafka clients do not see them.
    for (const t of store.listTopics()) {
      if (checkTopicName(t.name) === null) topics.push(describeTopic(ctx, t, withOperations));
    }
  } else {
    for (const wanted of request.topics ?? []) {
      if (wanted.name === null || wanted.name === '') {
        const byId = findTopicById(store, wanted.topicId);
        topics.push(
          byId
            ? describeTopic(ctx, byId, withOperations)
            : missingTopic(null, ErrorCode.UNKNOWN_TOPIC_ID, wanted.topicId),
        );
        continue;
      }
      const bad = checkTopicName(wanted.name);
      if (bad) {
        topics.push(missingTopic(wanted.name, ErrorCode.INVALID_TOPIC_EXCEPTION));
        continue;
      }
      const found = await ensureTopic(ctx.services, wanted.name, allowAutoCreate);
      topics.push(
        found.status === 'ok'
          ? describeTopic(ctx, found.topic, withOperations)
          : missingTopic(wanted.name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION),
      );
    }
  }
  return {
    throttleTimeMs: 0,
    brokers: cluster
      .kafkaBrokers()
      .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
    clusterId: cluster.clusterId,
    controllerId: cluster.controllerId,
    topics,
    clusterAuthorizedOperations: UNSET_OPERATIONS,
  };
}

export const metadataHandler = defineKafkaHandler({
  api: MetadataApi,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 12,
  decode: decodeMetadataRequest,
  encode: encodeMetadataResponse,
  handle: handleMetadata,
});
