import { describe, expect, it } from 'vitest';
import {
  encodeConsumeStats,
  encodeConsumerConnection,
  encodeKvTable,
  encodeProducerConnection,
  encodeSubscriptionGroupWrapper,
  encodeTopicConfigWrapper,
  encodeTopicStatsTable,
} from './admin-bodies.js';
import { parseSubscription } from '../client-registry.js';
import { defaultSubscriptionGroup } from '../subscription-groups.js';

const mq = (queueId: number) => ({ topic: 'test', brokerName: 'rocketmq-broker-a', queueId });

describe('admin bodies in fastjson form', () => {
  it('TopicStatsTable keys its map by the MessageQueue object, fields sorted (apache/rocketmq#3389)', () => {
    const body = encodeTopicStatsTable([
      { mq: mq(2), minOffset: 0, maxOffset: 0, lastUpdateTimestamp: 0 },
      { mq: mq(3), minOffset: 1, maxOffset: 7, lastUpdateTimestamp: 1_700_000_000_123 },
    ]).toString();
    expect(body).toBe(
      '{"offsetTable":{' +
        '{"brokerName":"rocketmq-broker-a","queueId":2,"topic":"test"}:{"lastUpdateTimestamp":0,"maxOffset":0,"minOffset":0},' +
        '{"brokerName":"rocketmq-broker-a","queueId":3,"topic":"test"}:{"lastUpdateTimestamp":1700000000123,"maxOffset":7,"minOffset":1}' +
        '}}',
    );
  });

  it('ConsumeStats writes consumeTps as a Java double before the offset table', () => {
    const body = encodeConsumeStats(
      [{ mq: mq(0), brokerOffset: 10, consumerOffset: 4, lastTimestamp: 99 }],
      0,
    );
    expect(body.toString()).toBe(
      '{"consumeTps":0.0,"offsetTable":{{"brokerName":"rocketmq-broker-a","queueId":0,"topic":"test"}:' +
        '{"brokerOffset":10,"consumerOffset":4,"lastTimestamp":99}}}',
    );
    expect(encodeConsumeStats([], 2.5).toString()).toBe('{"consumeTps":2.5,"offsetTable":{}}');
  });

  it('a topic name with JSON-special characters stays valid inside the key object', () => {
    const body = encodeTopicStatsTable([
      {
        mq: { topic: 'a"b', brokerName: 'b', queueId: 0 },
        minOffset: 0,
        maxOffset: 0,
        lastUpdateTimestamp: 0,
      },
    ]).toString();
    expect(body).toContain('{"brokerName":"b","queueId":0,"topic":"a\\"b"}:');
  });

  it('KVTable, TopicConfigSerializeWrapper and SubscriptionGroupWrapper are standard JSON', () => {
    expect(JSON.parse(encodeKvTable({ a: '1' }).toString())).toEqual({ table: { a: '1' } });
    const topics = encodeTopicConfigWrapper(
      [
        {
          topicName: 'T',
          readQueueNums: 4,
          writeQueueNums: 4,
          perm: 6,
          topicFilterType: 'SINGLE_TAG',
          topicSysFlag: 0,
          order: false,
        },
      ],
      { timestamp: 5, counter: 2 },
    ).toString();
    expect(topics).toBe(
      '{"dataVersion":{"counter":2,"timestamp":5},"topicConfigTable":{"T":{"order":false,"perm":6,' +
        '"readQueueNums":4,"topicFilterType":"SINGLE_TAG","topicName":"T","topicSysFlag":0,"writeQueueNums":4}}}',
    );
    const groups = JSON.parse(
      encodeSubscriptionGroupWrapper([defaultSubscriptionGroup('g')], {
        timestamp: 1,
        counter: 0,
      }).toString(),
    ) as { subscriptionGroupTable: Record<string, Record<string, unknown>> };
    expect(Object.keys(groups.subscriptionGroupTable['g'] ?? {})).toEqual([
      'brokerId',
      'consumeBroadcastEnable',
      'consumeEnable',
      'consumeFromMinEnable',
      'groupName',
      'notifyConsumerIdsChangedEnable',
      'retryMaxTimes',
      'retryQueueNums',
      'whichBrokerWhenConsumeSlowly',
    ]);
  });

  it('ConsumerConnection and ProducerConnection carry connections, subscriptions and group settings', () => {
    const conn = { clientId: '10.0.0.1@1', clientAddr: '10.0.0.1:5000', language: 'JAVA', version: 401 };
    const sub = parseSubscription('orders', 'TagA || TagB', 42);
    const body = JSON.parse(
      encodeConsumerConnection([conn], [sub], {
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      }).toString(),
    ) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'connectionSet',
      'consumeFromWhere',
      'consumeType',
      'messageModel',
      'subscriptionTable',
    ]);
    expect(body['connectionSet']).toEqual([conn]);
    expect(body['subscriptionTable']).toEqual({
      orders: {
        classFilterMode: false,
        codeSet: [...sub.codes],
        expressionType: 'TAG',
        subString: 'TagA || TagB',
        subVersion: 42,
        tagsSet: ['TagA', 'TagB'],
        topic: 'orders',
      },
    });
    expect(JSON.parse(encodeProducerConnection([conn]).toString())).toEqual({ connectionSet: [conn] });
  });
});
