import { describe, expect, it } from 'vitest';
import { GENERATED_APIS } from '../messages/api-keys.js';
import { createKafkaHandlers } from './index.js';

describe('the supported API list', () => {
  const handlers = createKafkaHandlers();

  it('has one handler per api key, inside the schema ranges', () => {
    const keys = handlers.map((h) => h.apiKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const h of handlers) {
      const api = GENERATED_APIS.find((a) => a.apiKey === h.apiKey);
      expect(api, h.name).toBeDefined();
      expect(h.advertisedMinVersion).toBeLessThanOrEqual(h.minVersion);
      expect(h.minVersion).toBeGreaterThanOrEqual(api?.minVersion ?? 99);
      expect(h.maxVersion).toBeLessThanOrEqual(api?.maxVersion ?? -1);
    }
  });

  it('serves the versions the Kafka core issue names', () => {
    const range = (name: string): string => {
      const h = handlers.find((x) => x.name === name);
      return `${h?.advertisedMinVersion}-${h?.maxVersion}`;
    };
    expect(range('ApiVersions')).toBe('0-3');
    expect(range('Metadata')).toBe('0-12');
    expect(range('Produce')).toBe('0-11');
    expect(range('Fetch')).toBe('4-16');
    expect(range('ListOffsets')).toBe('0-8');
    expect(range('CreateTopics')).toBe('0-7');
    expect(range('DeleteTopics')).toBe('0-6');
    expect(range('CreatePartitions')).toBe('0-3');
    expect(range('DescribeConfigs')).toBe('0-4');
    expect(range('AlterConfigs')).toBe('0-2');
    expect(range('IncrementalAlterConfigs')).toBe('0-1');
    expect(range('DeleteRecords')).toBe('0-2');
    expect(range('DescribeCluster')).toBe('0-1');
  });

  it('serves the consumer-group APIs from v0 (librdkafka 2.0.2 needs the old versions advertised)', () => {
    const range = (name: string): string => {
      const h = handlers.find((x) => x.name === name);
      return `${h?.advertisedMinVersion}-${h?.maxVersion}`;
    };
    expect(range('FindCoordinator')).toBe('0-5');
    expect(range('JoinGroup')).toBe('0-9');
    expect(range('SyncGroup')).toBe('0-5');
    expect(range('Heartbeat')).toBe('0-4');
    expect(range('LeaveGroup')).toBe('0-5');
    expect(range('OffsetCommit')).toBe('0-9');
    expect(range('OffsetFetch')).toBe('0-9');
    expect(range('DescribeGroups')).toBe('0-5');
    expect(range('ListGroups')).toBe('0-5');
    expect(range('DeleteGroups')).toBe('0-2');
    expect(range('OffsetDelete')).toBe('0-0');
  });

  it('serves idempotence and transactions from v0 (librdkafka needs InitProducerId v0 advertised)', () => {
    const range = (name: string): string => {
      const h = handlers.find((x) => x.name === name);
      return `${h?.advertisedMinVersion}-${h?.maxVersion}`;
    };
    expect(range('InitProducerId')).toBe('0-5');
    expect(range('AddPartitionsToTxn')).toBe('0-5');
    expect(range('AddOffsetsToTxn')).toBe('0-4');
    expect(range('EndTxn')).toBe('0-4');
    expect(range('TxnOffsetCommit')).toBe('0-4');
    expect(range('DescribeTransactions')).toBe('0-0');
    expect(range('ListTransactions')).toBe('0-1');
  });
});
