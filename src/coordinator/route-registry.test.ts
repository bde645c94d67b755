import { describe, expect, it } from 'vitest';
import { RouteRegistry } from './route-registry.js';

const topic = (name: string, queues = 4) => ({
  topicName: name,
  readQueueNums: queues,
  writeQueueNums: queues,
  perm: 6,
  topicSysFlag: 0,
});

describe('RouteRegistry', () => {
  it('routes a topic to the brokers that registered it', () => {
    const r = new RouteRegistry();
    r.register({
      clusterName: 'C',
      brokerName: 'b1',
      brokerAddr: '10.0.0.1:10911',
      brokerId: 0,
      haServerAddr: '',
      topics: [topic('T'), topic('U', 2)],
      dataVersion: { timestamp: 1, counter: 1 },
    });
    const route = r.route('T');
    expect(route?.queueDatas).toEqual([
      { brokerName: 'b1', readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 },
    ]);
    expect(route?.brokerDatas[0]?.brokerAddrs.get(0)).toBe('10.0.0.1:10911');
    expect(r.route('missing')).toBeUndefined();
    expect(r.topicNames()).toEqual(['T', 'U']);
    expect(r.isDataChanged('10.0.0.1:10911', { timestamp: 1, counter: 1 })).toBe(false);
    expect(r.isDataChanged('10.0.0.1:10911', { timestamp: 1, counter: 2 })).toBe(true);
  });

  it('drops a broker after 120 s of silence or when its connection closes', () => {
    let now = 0;
    const r = new RouteRegistry(() => now);
    const reg = (addr: string, name: string, channel: string) =>
      r.register({
        clusterName: 'C',
        brokerName: name,
        brokerAddr: addr,
        brokerId: 0,
        haServerAddr: '',
        topics: [topic('T')],
        dataVersion: { timestamp: 0, counter: 0 },
        channel,
      });
    reg('a:1', 'b1', 'ch1');
    reg('a:2', 'b2', 'ch2');
    expect(r.route('T')?.queueDatas).toHaveLength(2);
    now = 60_000;
    r.touch('a:2');
    now = 121_000;
    expect(r.expire()).toEqual(['a:1']);
    expect(r.route('T')?.queueDatas.map((q) => q.brokerName)).toEqual(['b2']);
    expect(r.channelClosed('ch2')).toEqual(['a:2']);
    expect(r.route('T')).toBeUndefined();
    expect(r.clusterInfo().clusters.size).toBe(0);
  });
});
