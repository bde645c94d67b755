import { describe, expect, it } from 'vitest';
import { effectiveTopicConfig, validateTopicConfig, validateTopicName } from './topic-config.js';
import type { TopicConfigValues } from './types.js';

const defaults: TopicConfigValues = {
  retentionMs: 1000,
  retentionBytes: -1,
  maxMessageBytes: 100,
  timestampType: 'CreateTime',
  flushMode: 'async',
};

describe('topic config', () => {
  it('accepts every known key with a valid value', () => {
    expect(
      validateTopicConfig({
        'retention.ms': '-1',
        'retention.bytes': '9223372036854775807',
        'max.message.bytes': '0',
        'message.timestamp.type': 'LogAppendTime',
        'cleanup.policy': 'delete',
        'flush.mode': 'sync',
        'segment.bytes': '1048576',
      }),
    ).toBeUndefined();
  });

  it.each([
    [{ 'retention.ms': '-2' }, 'retention.ms'],
    [{ 'retention.bytes': '1.5' }, 'retention.bytes'],
    [{ 'max.message.bytes': '-1' }, 'max.message.bytes'],
    [{ 'max.message.bytes': '2147483648' }, 'max.message.bytes'],
    [{ 'message.timestamp.type': 'Now' }, 'message.timestamp.type'],
    [{ 'cleanup.policy': 'compact' }, 'compact is not supported'],
    [{ 'cleanup.policy': 'delete,compact' }, 'compact is not supported'],
    [{ 'flush.mode': 'always' }, 'flush.mode'],
    [{ 'unknown.key': '1' }, 'unknown topic config key "unknown.key"'],
  ])('rejects %j', (overrides, message) => {
    expect(validateTopicConfig(overrides)).toContain(message);
  });

  it('applies overrides over the defaults, clamping huge longs', () => {
    const config = effectiveTopicConfig(defaults, {
      'retention.ms': '9223372036854775807',
      'flush.mode': 'sync',
      'message.timestamp.type': 'LogAppendTime',
    });
    expect(config).toEqual({
      retentionMs: Number.MAX_SAFE_INTEGER,
      retentionBytes: -1,
      maxMessageBytes: 100,
      timestampType: 'LogAppendTime',
      flushMode: 'sync',
    });
  });

  it('validates topic names by the Kafka rules', () => {
    expect(validateTopicName('orders.v1_a-b')).toBeUndefined();
    expect(validateTopicName('a'.repeat(249))).toBeUndefined();
    for (const bad of ['', '.', '..', 'a'.repeat(250), 'has space', 'ü']) {
      expect(validateTopicName(bad), bad).toBeDefined();
    }
  });
});
