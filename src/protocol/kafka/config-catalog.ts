import type { BrokerConfig } from '../../config.js';

/** DescribeConfigs resource types. */
export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

/** DescribeConfigs config sources. */
export const ConfigSource = { TOPIC: 1, STATIC_BROKER: 4, DEFAULT: 5 } as const;

/** DescribeConfigs v3+ config types. */
export const ConfigType = { UNKNOWN: 0, BOOLEAN: 1, STRING: 2, INT: 3, LONG: 5, LIST: 7 } as const;

/** Types of the topic configs the store knows (store/topic-table validates their values). */
export const TOPIC_CONFIG_TYPES: Record<string, number> = {
  'retention.ms': ConfigType.LONG,
  'retention.bytes': ConfigType.LONG,
  'max.message.bytes': ConfigType.INT,
  'message.timestamp.type': ConfigType.STRING,
  'cleanup.policy': ConfigType.LIST,
  'segment.bytes': ConfigType.INT,
  'flush.mode': ConfigType.STRING,
};

export interface BrokerConfigEntry {
  name: string;
  value: string;
  type: number;
}

/** The broker settings shown under the BROKER resource, with Kafka's names where Kafka has one. */
export function brokerConfigEntries(config: BrokerConfig): BrokerConfigEntry[] {
  return [
    { name: 'broker.id', value: String(config.nodeId), type: ConfigType.INT },
    { name: 'auto.create.topics.enable', value: String(config.autoCreateTopics), type: ConfigType.BOOLEAN },
    { name: 'num.partitions', value: String(config.defaultPartitions), type: ConfigType.INT },
    { name: 'default.replication.factor', value: '1', type: ConfigType.INT },
    { name: 'log.retention.ms', value: String(config.retentionMs), type: ConfigType.LONG },
    { name: 'log.retention.bytes', value: String(config.retentionBytes), type: ConfigType.LONG },
    { name: 'log.segment.bytes', value: String(config.segmentBytes), type: ConfigType.INT },
    { name: 'message.max.bytes', value: String(config.maxMessageBytes), type: ConfigType.INT },
    { name: 'socket.request.max.bytes', value: String(config.maxRequestBytes), type: ConfigType.INT },
    { name: 'log.dir', value: config.dataDir, type: ConfigType.STRING },
    { name: 'flush.mode', value: config.flushMode, type: ConfigType.STRING },
    { name: 'log.flush.interval.ms', value: String(config.flushIntervalMs), type: ConfigType.LONG },
  ];
}
