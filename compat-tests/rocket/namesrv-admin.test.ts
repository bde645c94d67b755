/**
 * NameServer admin codes over raw remoting, with RocketMQ's reply shapes: GET_TOPICS_BY_CLUSTER (224),
 * DELETE_TOPIC_IN_NAMESRV (216), the KV config (100/101/102/219, kept in kvConfig.json across restarts),
 * WIPE/ADD_WRITE_PERM_OF_BROKER (205/327, seen by ali-ons), and missing header fields answered with
 * SYSTEM_ERROR. Both the in-process NameServer (`ferrymq start`) and `ferrymq namesrv --data-dir`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { aliMessage, aliProducer } from '../harness/clients/ali-ons.js';
import { kafkajsAdmin } from '../harness/clients/kafkajs.js';
import { waitFor } from '../harness/group-admin.js';
import { startNamesrv, stopAllNamesrvs } from '../harness/namesrv-process.js';
import { RemotingClient, remotingRequest, type RemotingFrame } from '../harness/remoting-client.js';
import { RequestCode, ResponseCode } from '../harness/rocket-codes.js';

const {
  PUT_KV_CONFIG,
  GET_KV_CONFIG,
  DELETE_KV_CONFIG,
  GET_ROUTEINFO_BY_TOPIC,
  GET_BROKER_CLUSTER_INFO,
  WIPE_WRITE_PERM_OF_BROKER,
  GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
  DELETE_TOPIC_IN_NAMESRV,
  GET_KVLIST_BY_NAMESPACE,
  GET_TOPICS_BY_CLUSTER,
  ADD_WRITE_PERM_OF_BROKER,
} = RequestCode;
const { SUCCESS, SYSTEM_ERROR, TOPIC_NOT_EXIST, QUERY_NOT_FOUND } = ResponseCode;

const PERM_WRITE = 2;
const PERM_READ = 4;

let broker: BrokerProcess;
let brokerName = '';
let clusterName = '';
const extraDirs: string[] = [];

const ns = (code: number, ext: Record<string, unknown> = {}): Promise<RemotingFrame> =>
  remotingRequest(broker.nameSrv, code, ext);
const json = (r: RemotingFrame): unknown => JSON.parse(r.body.toString('utf8'));

interface Route {
  queueDatas: { brokerName: string; perm: number; writeQueueNums: number }[];
  brokerDatas: { brokerName: string; cluster: string }[];
}
async function route(topic: string): Promise<Route | number> {
  const r = await ns(GET_ROUTEINFO_BY_TOPIC, { topic });
  return r.code === SUCCESS ? (json(r) as Route) : r.code;
}
async function permsOf(topic: string): Promise<number[]> {
  const r = await route(topic);
  if (typeof r === 'number') throw new Error(`no route for ${topic}: code ${r}`);
  return r.queueDatas.map((q) => q.perm);
}

async function createTopics(names: string[]): Promise<void> {
  const admin = await kafkajsAdmin(broker.bootstrap);
  try {
    await admin.createTopics({
      topics: names.map((topic) => ({ topic, numPartitions: 2 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-namesrv-admin' });
  await createTopics(['nsa-a', 'nsa-b', 'nsa-del']);
  const info = json(await ns(GET_BROKER_CLUSTER_INFO)) as {
    brokerAddrTable: Record<string, { cluster: string }>;
  };
  const [name, data] = Object.entries(info.brokerAddrTable)[0] ?? [];
  brokerName = name ?? '';
  clusterName = data?.cluster ?? '';
});

afterAll(async () => {
  stopAllNamesrvs();
  await stopAllBrokers();
  await Promise.all(extraDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('NameServer admin codes (in-process NameServer)', () => {
  it('GET_TOPICS_BY_CLUSTER answers the TopicList of the cluster, empty for an unknown one', async () => {
    expect(clusterName).toBe('DefaultCluster');
    const r = await ns(GET_TOPICS_BY_CLUSTER, { cluster: clusterName });
    expect(r.code).toBe(SUCCESS);
    const body = json(r) as { topicList: string[] };
    expect(Object.keys(body)).toEqual(['topicList']);
    expect(body.topicList).toEqual(expect.arrayContaining(['nsa-a', 'nsa-b', 'nsa-del']));
    const unknown = await ns(GET_TOPICS_BY_CLUSTER, { cluster: 'NoSuchCluster' });
    expect(unknown.code).toBe(SUCCESS);
    expect(json(unknown)).toEqual({ topicList: [] });
  });

  it('DELETE_TOPIC_IN_NAMESRV removes the route (an unknown clusterName removes nothing)', async () => {
    expect(typeof (await route('nsa-del'))).toBe('object');
    const other = await ns(DELETE_TOPIC_IN_NAMESRV, { topic: 'nsa-del', clusterName: 'NoSuchCluster' });
    expect(other.code).toBe(SUCCESS);
    expect(typeof (await route('nsa-del'))).toBe('object');
    const r = await ns(DELETE_TOPIC_IN_NAMESRV, { topic: 'nsa-del', clusterName });
    expect(r).toMatchObject({ code: SUCCESS, remark: null });
    expect(await route('nsa-del')).toBe(TOPIC_NOT_EXIST);
    const all = json(await ns(GET_ALL_TOPIC_LIST_FROM_NAMESERVER)) as { topicList: string[] };
    expect(all.topicList).not.toContain('nsa-del');
    expect(all.topicList).toContain('nsa-a');
    // Without clusterName (RocketMQ 4.9 form), and for a topic that has no route: still SUCCESS.
    expect((await ns(DELETE_TOPIC_IN_NAMESRV, { topic: 'nsa-del' })).code).toBe(SUCCESS);
  });

  it('KV config: put, get, list by namespace, delete, QUERY_NOT_FOUND when missing', async () => {
    const c = await RemotingClient.connect(broker.nameSrv);
    try {
      expect(
        await c.request(PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1', value: 'b:4' }),
      ).toMatchObject({
        code: SUCCESS,
        remark: null,
      });
      await c.request(PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T2', value: 'b:8' });
      await c.request(PUT_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T2', value: 'b:2' });
      const got = await c.request(GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T2' });
      expect(got.code).toBe(SUCCESS);
      expect(got.extFields).toEqual({ value: 'b:2' });
      const missing = await c.request(GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'nope' });
      expect(missing).toMatchObject({
        code: QUERY_NOT_FOUND,
        remark: 'No config item, Namespace: ORDER_TOPIC_CONFIG Key: nope',
      });
      const list = await c.request(GET_KVLIST_BY_NAMESPACE, { namespace: 'ORDER_TOPIC_CONFIG' });
      expect(list.code).toBe(SUCCESS);
      expect(json(list)).toEqual({ table: { T1: 'b:4', T2: 'b:2' } });
      const noNs = await c.request(GET_KVLIST_BY_NAMESPACE, { namespace: 'NO_SUCH_NS' });
      expect(noNs).toMatchObject({ code: QUERY_NOT_FOUND, remark: 'No config item, Namespace: NO_SUCH_NS' });
      expect(noNs.body.length).toBe(0);
      expect((await c.request(DELETE_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1' })).code).toBe(
        SUCCESS,
      );
      expect((await c.request(DELETE_KV_CONFIG, { namespace: 'NO_SUCH_NS', key: 'x' })).code).toBe(SUCCESS);
      expect((await c.request(GET_KV_CONFIG, { namespace: 'ORDER_TOPIC_CONFIG', key: 'T1' })).code).toBe(
        QUERY_NOT_FOUND,
      );
      expect(json(await c.request(GET_KVLIST_BY_NAMESPACE, { namespace: 'ORDER_TOPIC_CONFIG' }))).toEqual({
        table: { T2: 'b:2' },
      });
    } finally {
      c.close();
    }
  });

  it('answers missing required header fields with SYSTEM_ERROR naming the field, connection kept', async () => {
    const c = await RemotingClient.connect(broker.nameSrv);
    try {
      const cases: [number, Record<string, string>, string][] = [
        [GET_TOPICS_BY_CLUSTER, {}, 'cluster'],
        [DELETE_TOPIC_IN_NAMESRV, { clusterName }, 'topic'],
        [WIPE_WRITE_PERM_OF_BROKER, {}, 'brokerName'],
        [ADD_WRITE_PERM_OF_BROKER, {}, 'brokerName'],
        [PUT_KV_CONFIG, { namespace: 'n', key: 'k' }, 'value'],
        [PUT_KV_CONFIG, { key: 'k', value: 'v' }, 'namespace'],
        [GET_KV_CONFIG, { namespace: 'n' }, 'key'],
        [DELETE_KV_CONFIG, { key: 'k' }, 'namespace'],
        [GET_KVLIST_BY_NAMESPACE, {}, 'namespace'],
      ];
      for (const [code, ext, field] of cases) {
        const r = await c.request(code, ext);
        expect(r.code, `code ${code}`).toBe(SYSTEM_ERROR);
        expect(r.remark, `code ${code}`).toContain(field);
      }
      // Nothing was written by the rejected PUT_KV_CONFIGs, and the connection still answers.
      expect((await c.request(GET_KV_CONFIG, { namespace: 'n', key: 'k' })).code).toBe(QUERY_NOT_FOUND);
      expect(c.closed).toBe(false);
    } finally {
      c.close();
    }
  });

  it('WIPE_WRITE_PERM_OF_BROKER stops ali-ons sending, through re-registrations; ADD_WRITE_PERM_OF_BROKER restores it', async () => {
    expect(brokerName).not.toBe('');
    const topics = (
      json(await ns(GET_TOPICS_BY_CLUSTER, { cluster: clusterName })) as { topicList: string[] }
    ).topicList;
    const before = await producerSend('pg-before-wipe', 'nsa-a');
    expect(before).toBe('SEND_OK');

    const wiped = await ns(WIPE_WRITE_PERM_OF_BROKER, { brokerName });
    const wipedAt = Date.now();
    expect(wiped.code).toBe(SUCCESS);
    expect(wiped.extFields).toEqual({ wipeTopicCount: String(topics.length) });
    for (const t of ['nsa-a', 'nsa-b']) expect(await permsOf(t)).toEqual([PERM_READ]);
    // An unknown broker: nothing to wipe.
    expect((await ns(WIPE_WRITE_PERM_OF_BROKER, { brokerName: 'no-such-broker' })).extFields).toEqual({
      wipeTopicCount: '0',
    });

    // A producer that reads the route now finds no writable queue and cannot send.
    const producer = await aliProducer(broker.nameSrv, 'pg-after-wipe');
    try {
      await expect(producer.send(aliMessage('nsa-a', 'T', 'refused'))).rejects.toThrow(
        /still failed|no publish/,
      );
      // The broker re-registers its unchanged topics every 30 s: the wiped perm stays (same data version).
      const wait = 31_000 - (Date.now() - wipedAt);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      expect(await permsOf('nsa-a')).toEqual([PERM_READ]);
      // That re-registration also brought back the queue data DELETE_TOPIC_IN_NAMESRV removed above, since
      // the broker still has the topic (RocketMQ 5.x re-adds a topic missing from the NameServer).
      expect(await permsOf('nsa-del')).toEqual([PERM_READ | PERM_WRITE]);
      const now = (json(await ns(GET_TOPICS_BY_CLUSTER, { cluster: clusterName })) as { topicList: string[] })
        .topicList;
      expect(now).toEqual([...topics, 'nsa-del'].sort());

      const added = await ns(ADD_WRITE_PERM_OF_BROKER, { brokerName });
      expect(added.code).toBe(SUCCESS);
      expect(added.extFields).toEqual({ addTopicCount: String(now.length) });
      expect(await permsOf('nsa-a')).toEqual([PERM_READ | PERM_WRITE]);
      // The same producer re-reads the route (it had no writable queue) and now sends.
      const r = await producer.send(aliMessage('nsa-a', 'T', 'accepted'));
      expect(r.sendStatus).toBe('SEND_OK');
    } finally {
      await producer.close();
      await closeAliDefaultProducer();
    }
  });

  it('a wiped perm lasts until the broker registers a changed topic table', async () => {
    await ns(WIPE_WRITE_PERM_OF_BROKER, { brokerName });
    expect(await permsOf('nsa-b')).toEqual([PERM_READ]);
    await createTopics(['nsa-new']);
    expect(await permsOf('nsa-b')).toEqual([PERM_READ | PERM_WRITE]);
    expect(await permsOf('nsa-new')).toEqual([PERM_READ | PERM_WRITE]);
  });

  it('keeps the KV config across a restart in <dataDir>/namesrv/kvConfig.json', async () => {
    await ns(PUT_KV_CONFIG, { namespace: 'persist', key: 'k', value: 'survives' });
    await broker.restart();
    const got = await ns(GET_KV_CONFIG, { namespace: 'persist', key: 'k' });
    expect(got).toMatchObject({ code: SUCCESS, extFields: { value: 'survives' } });
    expect(json(await ns(GET_KVLIST_BY_NAMESPACE, { namespace: 'ORDER_TOPIC_CONFIG' }))).toEqual({
      table: { T2: 'b:2' },
    });
    const file = JSON.parse(
      await readFile(join(broker.dataDir, 'namesrv', 'kvConfig.json'), 'utf8'),
    ) as unknown;
    expect(file).toEqual({ configTable: { ORDER_TOPIC_CONFIG: { T2: 'b:2' }, persist: { k: 'survives' } } });
  });

  it('refuses to start on a damaged kvConfig.json with BRK_ERR_NAMESRV_KV_CORRUPT', async () => {
    await broker.stop();
    const file = join(broker.dataDir, 'namesrv', 'kvConfig.json');
    const good = await readFile(file, 'utf8');
    await writeFile(file, '{"configTable":{"persist":{"k":42}}}');
    await expect(broker.start()).rejects.toThrow(/BRK_ERR_NAMESRV_KV_CORRUPT[\s\S]*is not a string/);
    await writeFile(file, good);
    await broker.start();
    expect((await ns(GET_KV_CONFIG, { namespace: 'persist', key: 'k' })).extFields).toEqual({
      value: 'survives',
    });
  });
});

describe('NameServer admin codes (ferrymq namesrv --data-dir)', () => {
  it('serves the KV config and keeps it in --data-dir across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferrymq-namesrv-'));
    extraDirs.push(dir);
    const first = await startNamesrv(['--data-dir', dir]);
    expect(
      (await remotingRequest(first.addr, PUT_KV_CONFIG, { namespace: 'ns', key: 'k', value: 'v1' })).code,
    ).toBe(SUCCESS);
    // No broker registered: no topics, no broker to wipe; missing fields still answered.
    expect(
      json(await remotingRequest(first.addr, GET_TOPICS_BY_CLUSTER, { cluster: 'DefaultCluster' })),
    ).toEqual({
      topicList: [],
    });
    expect(
      (await remotingRequest(first.addr, WIPE_WRITE_PERM_OF_BROKER, { brokerName: 'b' })).extFields,
    ).toEqual({
      wipeTopicCount: '0',
    });
    expect((await remotingRequest(first.addr, GET_KV_CONFIG, {})).code).toBe(SYSTEM_ERROR);
    // A second NameServer on the same directory is refused while the first runs.
    await expect(startNamesrv(['--data-dir', dir])).rejects.toThrow(/in use by process/);
    expect(await first.stop()).toBe(0);

    const second = await startNamesrv(['--data-dir', dir]);
    const got = await remotingRequest(second.addr, GET_KV_CONFIG, { namespace: 'ns', key: 'k' });
    expect(got).toMatchObject({ code: SUCCESS, extFields: { value: 'v1' } });
    expect(JSON.parse(await readFile(join(dir, 'kvConfig.json'), 'utf8'))).toEqual({
      configTable: { ns: { k: 'v1' } },
    });
    expect(await second.stop()).toBe(0);

    await writeFile(join(dir, 'kvConfig.json'), 'not json');
    await expect(startNamesrv(['--data-dir', dir])).rejects.toThrow(
      /BRK_ERR_NAMESRV_KV_CORRUPT[\s\S]*not valid JSON/,
    );
  });
});

describe('WIPE_WRITE_PERM_OF_BROKER on a remote NameServer (ferrymq broker --namesrv)', () => {
  it("keeps the wiped perm through the broker's 30 s re-registrations over TCP, until its topics change", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferrymq-namesrv-'));
    extraDirs.push(dir);
    const namesrv = await startNamesrv(['--data-dir', dir]);
    const remote = await startBroker({
      label: 'rocket-namesrv-admin-remote',
      extraArgs: ['--namesrv', namesrv.addr],
    });
    const at = (code: number, ext: Record<string, unknown> = {}): Promise<RemotingFrame> =>
      remotingRequest(namesrv.addr, code, ext);
    const perms = async (topic: string): Promise<number[] | number> => {
      const r = await at(GET_ROUTEINFO_BY_TOPIC, { topic });
      return r.code === SUCCESS ? (json(r) as Route).queueDatas.map((q) => q.perm) : r.code;
    };
    const admin = await kafkajsAdmin(remote.bootstrap);
    try {
      await admin.createTopics({ topics: [{ topic: 'nsr-a', numPartitions: 2 }], waitForLeaders: true });
      await waitFor('the route of nsr-a', async () => Array.isArray(await perms('nsr-a')), 10_000);
      const info = json(await at(GET_BROKER_CLUSTER_INFO)) as { brokerAddrTable: Record<string, unknown> };
      const [name] = Object.keys(info.brokerAddrTable);
      const wiped = await at(WIPE_WRITE_PERM_OF_BROKER, { brokerName: name });
      const wipedAt = Date.now();
      expect(Number(wiped.extFields['wipeTopicCount'])).toBeGreaterThanOrEqual(1);
      expect(await perms('nsr-a')).toEqual([PERM_READ]);
      await new Promise((r) => setTimeout(r, Math.max(0, 31_000 - (Date.now() - wipedAt))));
      expect(await perms('nsr-a')).toEqual([PERM_READ]);
      // A new topic changes the broker's data version: its next registration (within 1 s) resets the perms.
      await admin.createTopics({ topics: [{ topic: 'nsr-b', numPartitions: 1 }], waitForLeaders: true });
      await waitFor('the route of nsr-b', async () => Array.isArray(await perms('nsr-b')), 10_000);
      expect(await perms('nsr-a')).toEqual([PERM_READ | PERM_WRITE]);
    } finally {
      await admin.disconnect();
      await remote.stop();
      await namesrv.stop();
    }
  });
});

/**
 * ali-ons keeps a process-wide inner producer (CLIENT_INNER_PRODUCER) on the client of the first producer,
 * which its close() leaves running. Once this file restarts the broker (new ports) that client would keep
 * reporting connection errors nobody listens to: close it when the ali-ons part is done.
 */
async function closeAliDefaultProducer(): Promise<void> {
  const MQProducer = createRequire(import.meta.url)('ali-ons/lib/producer/mq_producer.js') as {
    defaultProducer?: { close(): Promise<void> } | null;
  };
  await MQProducer.defaultProducer?.close();
  MQProducer.defaultProducer = null;
}

/** A fresh ali-ons producer sends one message; its status, or throws. */
async function producerSend(group: string, topic: string): Promise<string> {
  const p = await aliProducer(broker.nameSrv, group);
  try {
    return (await p.send(aliMessage(topic, 'T', 'hello'))).sendStatus;
  } finally {
    await p.close();
  }
}
