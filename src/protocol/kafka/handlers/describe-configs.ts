import { brokerConfigEntries, ConfigSource, ResourceType, TOPIC_CONFIG_TYPES } from '../config-catalog.js';
import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  DescribeConfigsApi,
  decodeDescribeConfigsRequest,
  encodeDescribeConfigsResponse,
  type DescribeConfigsRequest,
  type DescribeConfigsResponse,
} from '../messages/describe-configs.js';

type Result = DescribeConfigsResponse['results'][number];
type Entry = Result['configs'][number];

/** Kafka's broker-level synonym of each topic config (shown as the DEFAULT source). */
const BROKER_SYNONYM: Record<string, string> = {
  'retention.ms': 'log.retention.ms',
  'retention.bytes': 'log.retention.bytes',
  'max.message.bytes': 'message.max.bytes',
  'segment.bytes': 'log.segment.bytes',
  'message.timestamp.type': 'log.message.timestamp.type',
  'cleanup.policy': 'log.cleanup.policy',
  'flush.mode': 'flush.mode',
};

function entry(
  name: string,
  value: string | null,
  source: number,
  type: number,
  readOnly: boolean,
  synonyms: Entry['synonyms'],
): Entry {
  return {
    name,
    value,
    readOnly,
    isDefault: source === ConfigSource.DEFAULT,
    configSource: source,
    isSensitive: false,
    synonyms,
    configType: type,
    documentation: null,
  };
}

function describeResource(
  ctx: RequestContext,
  resource: DescribeConfigsRequest['resources'][number],
  withSynonyms: boolean,
): Result {
  const { store, config, cluster } = ctx.services;
  const result: Result = {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
    configs: [],
  };
  const wanted = resource.configurationKeys === null ? null : new Set(resource.configurationKeys);
  const keep = (name: string): boolean => wanted === null || wanted.size === 0 || wanted.has(name);
  if (resource.resourceType === ResourceType.TOPIC) {
    const topic = store.getTopic(resource.resourceName);
    if (!topic)
      return { ...result, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'unknown topic' };
    const defaults = store.defaultTopicConfig();
    for (const [name, type] of Object.entries(TOPIC_CONFIG_TYPES)) {
      if (!keep(name)) continue;
      const own = topic.overrides[name];
      const fallback = defaults[name] ?? null;
      const synonyms: Entry['synonyms'] = [];
      if (withSynonyms) {
        if (own !== undefined) synonyms.push({ name, value: own, source: ConfigSource.TOPIC });
        synonyms.push({ name: BROKER_SYNONYM[name] ?? name, value: fallback, source: ConfigSource.DEFAULT });
      }
      result.configs.push(
        own !== undefined
          ? entry(name, own, ConfigSource.TOPIC, type, false, synonyms)
          : entry(name, fallback, ConfigSource.DEFAULT, type, false, synonyms),
      );
    }
    return result;
  }
  if (resource.resourceType === ResourceType.BROKER) {
    if (resource.resourceName !== '' && resource.resourceName !== String(cluster.identity.nodeId)) {
      return {
        ...result,
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: `unknown broker ${resource.resourceName}`,
      };
    }
    for (const e of brokerConfigEntries(config)) {
      if (!keep(e.name)) continue;
      const synonyms: Entry['synonyms'] = withSynonyms
        ? [{ name: e.name, value: e.value, source: ConfigSource.STATIC_BROKER }]
        : [];
      result.configs.push(entry(e.name, e.value, ConfigSource.STATIC_BROKER, e.type, true, synonyms));
    }
    return result;
  }
  return {
    ...result,
    errorCode: ErrorCode.INVALID_REQUEST,
    errorMessage: `resource type ${resource.resourceType} is not supported (topics 2 and brokers 4 are)`,
  };
}

function handleDescribeConfigs(
  ctx: RequestContext,
  request: DescribeConfigsRequest,
): DescribeConfigsResponse {
  return {
    throttleTimeMs: 0,
    results: request.resources.map((r) => describeResource(ctx, r, request.includeSynonyms)),
  };
}

export const describeConfigsHandler = defineKafkaHandler({
  api: DescribeConfigsApi,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 4,
  decode: decodeDescribeConfigsRequest,
  encode: encodeDescribeConfigsResponse,
  handle: handleDescribeConfigs,
});
