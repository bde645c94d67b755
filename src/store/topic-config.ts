import type { TopicConfigValues } from './types.js';

/**
 * Topic config keys the store knows (Kafka names, plus ferrymq's `flush.mode`), their validation, and the
 * effective values. See docs/formats/store-metadata.md for the list.
 */
export const TOPIC_CONFIG_KEYS = [
  'retention.ms',
  'retention.bytes',
  'max.message.bytes',
  'message.timestamp.type',
  'cleanup.policy',
  'flush.mode',
  'segment.bytes',
] as const;

type TopicConfigKey = (typeof TOPIC_CONFIG_KEYS)[number];

const INT32_MAX = 2 ** 31 - 1;
const LONG_MAX = 2n ** 63n - 1n;

function isKnownKey(key: string): key is TopicConfigKey {
  return (TOPIC_CONFIG_KEYS as readonly string[]).includes(key);
}

/** A Kafka long as a safe number (values above 2^53, such as Long.MAX_VALUE, clamp to MAX_SAFE_INTEGER). */
function parseLong(value: string, min: bigint, max: bigint): number | undefined {
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const n = BigInt(value.trim());
  if (n < min || n > max) return undefined;
  const clamped = n > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : n;
  return Number(clamped);
}

/** Returns an error message for the first invalid entry, or undefined when all are valid. */
export function validateTopicConfig(overrides: Readonly<Record<string, string>>): string | undefined {
  for (const [key, value] of Object.entries(overrides)) {
    const problem = validateEntry(key, value);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function validateEntry(key: string, value: string): string | undefined {
  if (!isKnownKey(key)) return `unknown topic config key "${key}"`;
  switch (key) {
    case 'retention.ms':
    case 'retention.bytes':
      return parseLong(value, -1n, LONG_MAX) === undefined
        ? `${key} must be a long >= -1, got "${value}"`
        : undefined;
    case 'max.message.bytes':
      return parseLong(value, 0n, BigInt(INT32_MAX)) === undefined
        ? `${key} must be an int >= 0, got "${value}"`
        : undefined;
    case 'segment.bytes':
      return parseLong(value, 14n, BigInt(INT32_MAX)) === undefined
        ? `${key} must be an int >= 14, got "${value}"`
        : undefined;
    case 'message.timestamp.type':
      return value === 'CreateTime' || value === 'LogAppendTime'
        ? undefined
        : `${key} must be CreateTime or LogAppendTime, got "${value}"`;
    case 'cleanup.policy':
      if (value === 'delete') return undefined;
      if (value.split(',').some((p) => p.trim() === 'compact')) {
        return 'cleanup.policy=compact is not supported: ferrymq keeps all topics in one shared CommitLog and only deletes by retention';
      }
      return `cleanup.policy must be "delete", got "${value}"`;
    case 'flush.mode':
      return value === 'sync' || value === 'async'
        ? undefined
        : `flush.mode must be sync or async, got "${value}"`;
  }
}

/** Broker defaults with the (validated) overrides applied. */
export function effectiveTopicConfig(
  defaults: TopicConfigValues,
  overrides: Readonly<Record<string, string>>,
): TopicConfigValues {
  const config: TopicConfigValues = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (key === 'retention.ms') config.retentionMs = parseLong(value, -1n, LONG_MAX) ?? config.retentionMs;
    else if (key === 'retention.bytes')
      config.retentionBytes = parseLong(value, -1n, LONG_MAX) ?? config.retentionBytes;
    else if (key === 'max.message.bytes') {
      config.maxMessageBytes = parseLong(value, 0n, BigInt(INT32_MAX)) ?? config.maxMessageBytes;
    } else if (key === 'message.timestamp.type' && (value === 'CreateTime' || value === 'LogAppendTime')) {
      config.timestampType = value;
    } else if (key === 'flush.mode' && (value === 'sync' || value === 'async')) config.flushMode = value;
  }
  return config;
}

/** The broker-wide defaults as Kafka config strings (DescribeConfigs). */
export function topicConfigDefaults(
  defaults: TopicConfigValues,
  segmentBytes: number,
): Record<string, string> {
  return {
    'retention.ms': String(defaults.retentionMs),
    'retention.bytes': String(defaults.retentionBytes),
    'max.message.bytes': String(defaults.maxMessageBytes),
    'message.timestamp.type': defaults.timestampType,
    'cleanup.policy': 'delete',
    'flush.mode': defaults.flushMode,
    'segment.bytes': String(segmentBytes),
  };
}

/** Kafka topic name rules: 1-249 characters of [a-zA-Z0-9._-], not "." or "..". Returns a message or undefined. */
export function validateTopicName(name: string): string | undefined {
  if (name.length === 0) return 'topic name is empty';
  if (name.length > 249) return `topic name is longer than 249 characters (${name.length})`;
  if (name === '.' || name === '..') return `topic name "${name}" is not allowed`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return `topic name "${name}" has characters outside [a-zA-Z0-9._-]`;
  return undefined;
}

/** RocketMQ's system topic prefixes whose names may hold `%` and `|` (retry and dead-letter topics). */
export const ROCKET_SYSTEM_TOPIC_PREFIXES = ['%RETRY%', '%DLQ%'] as const;
const ROCKET_TOPIC_MAX_LENGTH = 127;

/**
 * The names the store accepts: Kafka names, plus RocketMQ retry/DLQ names (`%RETRY%<group>`,
 * `%DLQ%<group>`: up to 127 characters of [%|a-zA-Z0-9_-]). Returns a message or undefined.
 */
export function validateStoreTopicName(name: string): string | undefined {
  if (!ROCKET_SYSTEM_TOPIC_PREFIXES.some((prefix) => name.startsWith(prefix))) return validateTopicName(name);
  if (name.length > ROCKET_TOPIC_MAX_LENGTH)
    return `topic name is longer than ${ROCKET_TOPIC_MAX_LENGTH} characters (${name.length})`;
  if (!/^[%|a-zA-Z0-9_-]+$/.test(name)) return `topic name "${name}" has characters outside [%|a-zA-Z0-9_-]`;
  return undefined;
}

/**
 * The directory name of a topic's queue indexes: Kafka names unchanged, any other character
 * percent-encoded (`%` -> `%25`, `|` -> `%7C`), so the name is safe on every file system.
 */
export function topicDirName(name: string): string {
  return name.replace(
    /[^a-zA-Z0-9._-]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
