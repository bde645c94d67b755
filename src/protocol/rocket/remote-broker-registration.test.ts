import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../logger.js';
import { NamesrvFrontEnd } from './namesrv-front-end.js';
import { parseNamesrvAddrs, RemoteBrokerRegistration } from './remote-broker-registration.js';

const log = createSilentLogger();
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const registration = (topics: string[]) => ({
  clusterName: 'DefaultCluster',
  brokerName: 'b-0',
  brokerAddr: '127.0.0.1:10911',
  brokerId: 0,
  haServerAddr: '',
  topics: topics.map((t) => ({
    topicName: t,
    readQueueNums: 2,
    writeQueueNums: 2,
    perm: 6,
    topicSysFlag: 0,
  })),
  dataVersion: { timestamp: 1, counter: 1 },
});

async function namesrv(): Promise<{ addr: string; front: NamesrvFrontEnd }> {
  const front = new NamesrvFrontEnd({ host: '127.0.0.1', port: 0, maxConnections: 10 }, log);
  const address = await front.start();
  cleanups.push(() => front.stop());
  return { addr: `${address.host}:${address.port}`, front };
}

const routeOf = (front: NamesrvFrontEnd, topic: string) => front.routes.route(topic);

describe('parseNamesrvAddrs', () => {
  it('splits on ; and rejects bad entries', () => {
    expect(parseNamesrvAddrs('')).toEqual([]);
    expect(parseNamesrvAddrs('127.0.0.1:9876; h2:9877')).toEqual(['127.0.0.1:9876', 'h2:9877']);
    expect(typeof parseNamesrvAddrs('nohost')).toBe('string');
    expect(typeof parseNamesrvAddrs('h:99999')).toBe('string');
  });
});

describe('RemoteBrokerRegistration', () => {
  it('registers with every NameServer over TCP; a closed connection drops the broker', async () => {
    const a = await namesrv();
    const b = await namesrv();
    const remote = new RemoteBrokerRegistration([a.addr, b.addr], log);
    await remote.register(registration(['orders']));
    expect(routeOf(a.front, 'orders')).toBeDefined();
    expect(routeOf(b.front, 'orders')).toBeDefined();
    remote.close();
    for (let i = 0; i < 50 && routeOf(a.front, 'orders') !== undefined; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(routeOf(a.front, 'orders')).toBeUndefined();
  });

  it('unregisters, and survives a NameServer that is down', async () => {
    const a = await namesrv();
    const remote = new RemoteBrokerRegistration([a.addr, '127.0.0.1:1'], log);
    cleanups.push(() => remote.close());
    await remote.register(registration(['t1']));
    expect(routeOf(a.front, 't1')).toBeDefined();
    await remote.unregister(registration(['t1']));
    expect(routeOf(a.front, 't1')).toBeUndefined();
  });
});
