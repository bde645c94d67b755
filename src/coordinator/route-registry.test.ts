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

describe('RouteRegistry NameServer admin', () => {
  const reg = (
    r: RouteRegistry,
    cluster: string,
    name: string,
    addr: string,
    topics: ReturnType<typeof topic>[],
    counter = 1,
  ) =>
    r.register({
      clusterName: cluster,
      brokerName: name,
      brokerAddr: addr,
      brokerId: 0,
      haServerAddr: '',
      topics,
      dataVersion: { timestamp: 100, counter },
    });

  it('lists the topics of one cluster, and nothing for an unknown cluster', () => {
    const r = new RouteRegistry();
    reg(r, 'C1', 'b1', 'a:1', [topic('T'), topic('U')]);
    reg(r, 'C2', 'b2', 'a:2', [topic('U'), topic('V')]);
    expect(r.topicsByCluster('C1')).toEqual(['T', 'U']);
    expect(r.topicsByCluster('C2')).toEqual(['U', 'V']);
    expect(r.topicsByCluster('nope')).toEqual([]);
  });

  it('deletes a topic from every broker, or only from one cluster', () => {
    const r = new RouteRegistry();
    reg(r, 'C1', 'b1', 'a:1', [topic('T'), topic('U')]);
    reg(r, 'C2', 'b2', 'a:2', [topic('T'), topic('U')]);
    expect(r.deleteTopic('T', 'C1')).toBe(true);
    expect(r.route('T')?.queueDatas.map((q) => q.brokerName)).toEqual(['b2']);
    expect(r.deleteTopic('T', 'unknown')).toBe(false);
    expect(r.deleteTopic('U')).toBe(true);
    expect(r.route('U')).toBeUndefined();
    expect(r.deleteTopic('U')).toBe(false);
    expect(r.topicNames()).toEqual(['T']);
  });

  it('brings a deleted topic back on the next registration when the broker still has it', () => {
    const r = new RouteRegistry();
    reg(r, 'C', 'b1', 'a:1', [topic('T')]);
    r.deleteTopic('T');
    expect(r.route('T')).toBeUndefined();
    reg(r, 'C', 'b1', 'a:1', [topic('T')]);
    expect(r.route('T')?.queueDatas[0]?.perm).toBe(6);
  });

  it('wipes and adds the write permission of one broker, counting its topics', () => {
    const r = new RouteRegistry();
    reg(r, 'C', 'b1', 'a:1', [topic('T'), { ...topic('TBW102'), perm: 7 }]);
    reg(r, 'C', 'b2', 'a:2', [topic('T')]);
    expect(r.wipeWritePerm('b1')).toBe(2);
    const perms = (t: string) => r.route(t)?.queueDatas.map((q) => [q.brokerName, q.perm]);
    expect(perms('T')).toEqual([
      ['b1', 4],
      ['b2', 6],
    ]);
    expect(perms('TBW102')).toEqual([['b1', 5]]);
    // Wiping again still counts every topic of the broker, as RocketMQ does.
    expect(r.wipeWritePerm('b1')).toBe(2);
    expect(r.wipeWritePerm('nope')).toBe(0);
    // ADD sets read + write (RocketMQ 5.x drops other bits such as INHERIT).
    expect(r.addWritePerm('b1')).toBe(2);
    expect(perms('T')).toEqual([
      ['b1', 6],
      ['b2', 6],
    ]);
    expect(perms('TBW102')).toEqual([['b1', 6]]);
  });

  it('keeps a wiped permission across re-registrations with the same data version, not after a change', () => {
    const r = new RouteRegistry();
    reg(r, 'C', 'b1', 'a:1', [topic('T')], 1);
    r.wipeWritePerm('b1');
    reg(r, 'C', 'b1', 'a:1', [topic('T')], 1);
    expect(r.route('T')?.queueDatas[0]?.perm).toBe(4);
    reg(r, 'C', 'b1', 'a:1', [topic('T'), topic('New')], 2);
    expect(r.route('T')?.queueDatas[0]?.perm).toBe(6);
    expect(r.route('New')?.queueDatas[0]?.perm).toBe(6);
  });

  it('takes the topic table of a broker that registers again after it was dropped', () => {
    const r = new RouteRegistry();
    reg(r, 'C', 'b1', 'a:1', [topic('T')], 1);
    r.wipeWritePerm('b1');
    r.unregister('C', 'b1', 'a:1', 0);
    reg(r, 'C', 'b1', 'a:1', [topic('T')], 1);
    expect(r.route('T')?.queueDatas[0]?.perm).toBe(6);
  });
});
