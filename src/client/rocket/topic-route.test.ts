import { describe, expect, it } from 'vitest';
import { RocketClientError } from './client-error.js';
import { masterAddress, parseTopicRoute, publishQueues, subscribeQueues } from './topic-route.js';

describe('parseTopicRoute', () => {
  it("reads fastjson's unquoted integer keys and sorts by broker name", () => {
    const text =
      '{"brokerDatas":[{"brokerAddrs":{1:"10.0.0.2:10911",0:"10.0.0.1:10911"},"brokerName":"b2","cluster":"C"},' +
      '{"brokerAddrs":{0:"10.0.0.3:10911"},"brokerName":"b1","cluster":"C"}],"filterServerTable":{},' +
      '"queueDatas":[{"brokerName":"b2","perm":6,"readQueueNums":2,"topicSysFlag":0,"writeQueueNums":2},' +
      '{"brokerName":"b1","perm":4,"readQueueNums":3,"topicSysFlag":0,"writeQueueNums":3}]}';
    const route = parseTopicRoute(Buffer.from(text));
    expect(route.brokerDatas.map((b) => b.brokerName)).toEqual(['b1', 'b2']);
    expect(masterAddress(route, 'b2')).toBe('10.0.0.1:10911');
    expect(route.brokerDatas[1]?.brokerAddrs.get(1)).toBe('10.0.0.2:10911');
    // b1 is read-only (perm 4): no publish queues there.
    expect(publishQueues('t', route).map((q) => `${q.brokerName}/${q.queueId}`)).toEqual(['b2/0', 'b2/1']);
    expect(subscribeQueues('t', route).map((q) => `${q.brokerName}/${q.queueId}`)).toEqual([
      'b1/0',
      'b1/1',
      'b1/2',
      'b2/0',
      'b2/1',
    ]);
  });

  it('reads standard JSON and skips brokers without a master for publishing', () => {
    const route = parseTopicRoute(
      Buffer.from(
        JSON.stringify({
          queueDatas: [{ brokerName: 'b', readQueueNums: 1, writeQueueNums: 1, perm: 6 }],
          brokerDatas: [{ cluster: 'C', brokerName: 'b', brokerAddrs: { '1': 'h:1' } }],
        }),
      ),
    );
    expect(publishQueues('t', route)).toEqual([]);
    expect(subscribeQueues('t', route)).toHaveLength(1);
  });

  it('names the field when the route is malformed', () => {
    const bad = Buffer.from(
      '{"queueDatas":[{"brokerName":"b","readQueueNums":"x","writeQueueNums":1,"perm":6}]}',
    );
    expect(() => parseTopicRoute(bad)).toThrow(/queueDatas\[0\]\.readQueueNums/);
    expect(() => parseTopicRoute(Buffer.from('{'))).toThrow(RocketClientError);
  });
});
