/**
 * ali-ons consumers and client management: two clustering consumers split an 8-queue topic and one takes
 * over when the other leaves (with and without NOTIFY_CONSUMER_IDS_CHANGED), broadcasting, consuming from
 * a timestamp, a broker restart in the middle of consumption, and expiry of a client that stops
 * heartbeating (raw remoting frames).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import {
  aliConsumerWith,
  aliMessage,
  aliProducer,
  type AliConsumerOptions,
  type CollectingConsumer,
} from '../harness/clients/ali-ons.js';
import { createTopic, exactlyOnce, onceReport, sleep, waitFor, withAdmin } from '../harness/group-admin.js';
import { ONEWAY_FLAG, RemotingClient, type RemotingFrame } from '../harness/remoting-client.js';
import { RequestCode } from '../harness/rocket-codes.js';
import { heartbeat } from '../harness/rocket-wire.js';

const { NOTIFY_CONSUMER_IDS_CHANGED } = RequestCode;

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-consumers' });
});

afterAll(async () => {
  await stopAllBrokers();
});

async function send(nameSrv: string, topic: string, bodies: readonly string[]): Promise<void> {
  const producer = await aliProducer(nameSrv, `pg-${topic}`);
  try {
    for (const b of bodies) {
      const r = await producer.send(aliMessage(topic, 'T', b));
      expect(r.sendStatus).toBe('SEND_OK');
    }
  } finally {
    await producer.close();
  }
}

const bodiesOf = (c: CollectingConsumer): string[] => c.messages.map((m) => m.body.toString());
const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);
const notifications = (c: CollectingConsumer, group: string): number =>
  c.serverRequests.filter(
    (r) => r.code === NOTIFY_CONSUMER_IDS_CHANGED && r.extFields['consumerGroup'] === group,
  ).length;

interface SplitFigures {
  /** From A's close() call until B holds all 8 queues. */
  takeoverMs: number;
  /** From A's close() call until B got NOTIFY_CONSUMER_IDS_CHANGED, or null when none came. */
  notifiedMs: number | null;
}

/**
 * Two clustering consumers in one group on an 8-queue topic: they hold disjoint non-empty queue sets that
 * cover the topic, each message reaches exactly one of them (from its own queues), and when A closes B
 * takes every queue and gets everything sent afterwards.
 */
async function splitAndTakeOver(b: BrokerProcess, topic: string, group: string): Promise<SplitFigures> {
  await createTopic(b.bootstrap, topic, 8);
  const options: AliConsumerOptions = { consumerGroup: group, topic };
  const first = await aliConsumerWith(b.nameSrv, options);
  const second = await aliConsumerWith(b.nameSrv, options);
  let firstOpen = true;
  try {
    const state = (): string =>
      `first ${JSON.stringify(first.queueIds())}, second ${JSON.stringify(second.queueIds())}`;
    await waitFor(
      'the two consumers to split the queues',
      () => {
        const qa = first.queueIds();
        const qb = second.queueIds();
        return (
          qa.length > 0 && qb.length > 0 && qa.length + qb.length === 8 && new Set([...qa, ...qb]).size === 8
        );
      },
      20_000,
      state,
    );
    const qa = first.queueIds();
    const qb = second.queueIds();
    const before = range(topic, 0, 80);
    await send(b.nameSrv, topic, before);
    await waitFor(
      '80 messages across both consumers',
      () => first.messages.length + second.messages.length >= 80,
      20_000,
      state,
    );
    await sleep(1000);
    expect(onceReport(before, [...bodiesOf(first), ...bodiesOf(second)])).toEqual(exactlyOnce(before));
    expect(first.messages.length).toBeGreaterThan(0);
    expect(second.messages.length).toBeGreaterThan(0);
    for (const m of first.messages) expect(qa).toContain(m.queueId);
    for (const m of second.messages) expect(qb).toContain(m.queueId);

    const notifiedBefore = notifications(second, group);
    const t0 = Date.now();
    let notifiedMs: number | null = null;
    const watch = setInterval(() => {
      if (notifiedMs === null && notifications(second, group) > notifiedBefore) notifiedMs = Date.now() - t0;
    }, 5);
    await first.close();
    firstOpen = false;
    await waitFor(
      'the remaining consumer to take every queue',
      () => second.queueIds().length === 8,
      20_000,
      state,
    );
    const takeoverMs = Date.now() - t0;
    await sleep(300);
    clearInterval(watch);

    const after = range(topic, 80, 120);
    const already = second.messages.length;
    await send(b.nameSrv, topic, after);
    await waitFor(
      '40 more messages at the remaining consumer',
      () => second.messages.length - already >= 40,
      20_000,
    );
    await sleep(1000);
    expect(onceReport(after, bodiesOf(second).slice(already))).toEqual(exactlyOnce(after));
    return { takeoverMs, notifiedMs };
  } finally {
    if (firstOpen) await first.close();
    await second.close();
  }
}

describe('ali-ons clustering consumers', () => {
  it('split an 8-queue topic; when one closes the other takes over (NOTIFY_CONSUMER_IDS_CHANGED sent)', async () => {
    const group = 'cg-split';
    const figures = await splitAndTakeOver(broker, 'cons-split', group);
    // The broker told the remaining member at once (ali-ons ignores code 40 and rebalances on its timer).
    expect(figures.notifiedMs).not.toBeNull();
    expect(figures.notifiedMs ?? Infinity).toBeLessThan(1000);
    expect(figures.takeoverMs).toBeLessThan(10_000);
    console.info(`[consumers] takeover with code 40: ${JSON.stringify(figures)}`);
  });

  it('without notifyConsumerIdsChangedEnable no code 40 is sent and the timer still rebalances', async () => {
    const quiet = await startBroker({
      label: 'rocket-consumers-quiet',
      extraArgs: ['--notify-consumer-ids-changed-enable', 'false'],
    });
    try {
      const figures = await splitAndTakeOver(quiet, 'cons-quiet', 'cg-quiet');
      expect(figures.notifiedMs).toBeNull();
      expect(figures.takeoverMs).toBeLessThan(10_000);
      console.info(`[consumers] takeover without code 40: ${JSON.stringify(figures)}`);
    } finally {
      await quiet.stop();
    }
  });

  it('every member of a clustering group hears of a new member through a oneway code 40 request', async () => {
    const topic = 'cons-notify';
    const group = 'cg-notify';
    await createTopic(broker.bootstrap, topic, 2);
    const first = await aliConsumerWith(broker.nameSrv, { consumerGroup: group, topic });
    try {
      await waitFor('the first consumer to hold both queues', () => first.queueIds().length === 2, 10_000);
      const before = notifications(first, group);
      const second = await aliConsumerWith(broker.nameSrv, { consumerGroup: group, topic });
      try {
        await waitFor(
          'a notification at the first consumer',
          () => notifications(first, group) > before,
          5000,
        );
        const n = first.serverRequests.filter((r) => r.code === NOTIFY_CONSUMER_IDS_CHANGED).at(-1);
        expect(n?.flag).toBe(ONEWAY_FLAG);
        expect(n?.opaque).toBeLessThan(0); // the broker's own numbering, never a client's
        await waitFor('the joining consumer to be told too', () => notifications(second, group) > 0, 5000);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });
});

describe('ali-ons broadcasting and consume-from-where', () => {
  it('two broadcasting consumers in one group both get every message, and no code 40', async () => {
    const topic = 'cons-broadcast';
    const group = 'cg-broadcast';
    await createTopic(broker.bootstrap, topic, 4);
    const a = await aliConsumerWith(broker.nameSrv, { consumerGroup: group, topic, broadcast: true });
    const b = await aliConsumerWith(broker.nameSrv, { consumerGroup: group, topic, broadcast: true });
    try {
      await waitFor(
        'both to hold all 4 queues',
        () => a.queueIds().length === 4 && b.queueIds().length === 4,
        20_000,
      );
      const bodies = range(topic, 0, 20);
      await send(broker.nameSrv, topic, bodies);
      await waitFor('20 messages at each', () => a.messages.length >= 20 && b.messages.length >= 20, 20_000);
      await sleep(1000);
      expect(onceReport(bodies, bodiesOf(a))).toEqual(exactlyOnce(bodies));
      expect(onceReport(bodies, bodiesOf(b))).toEqual(exactlyOnce(bodies));
      expect(notifications(a, group) + notifications(b, group)).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('CONSUME_FROM_TIMESTAMP for a new group gets only messages stored after that time', async () => {
    const topic = 'cons-timestamp';
    await createTopic(broker.bootstrap, topic, 2);
    // RocketMQ answers QUERY_CONSUMER_OFFSET of a new group with 0 while a queue still starts at offset 0
    // (its first message in memory), and clients then read from 0 whatever consumeFromWhere says. The
    // timestamp applies once a queue's start has moved: here through Kafka DeleteRecords.
    await send(broker.nameSrv, topic, range(`${topic}-gone`, 0, 4));
    await withAdmin(broker.bootstrap, async (admin) => {
      await admin.fetchTopicMetadata({ topics: [topic] });
      await admin.deleteTopicRecords({
        topic,
        partitions: [
          { partition: 0, offset: '2' },
          { partition: 1, offset: '2' },
        ],
      });
    });
    const old = range(`${topic}-old`, 0, 10);
    await send(broker.nameSrv, topic, old);
    // ali-ons gives the time to the second: start from the next whole second.
    const cut = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await sleep(cut - Date.now() + 50);
    const fresh = range(`${topic}-new`, 0, 10);
    await send(broker.nameSrv, topic, fresh);
    const c = await aliConsumerWith(broker.nameSrv, {
      consumerGroup: 'cg-timestamp',
      topic,
      consumeFromWhere: 'CONSUME_FROM_TIMESTAMP',
      consumeTimestampMs: cut,
    });
    try {
      await c.waitFor(10, 20_000);
      await sleep(1500);
      expect(onceReport(fresh, bodiesOf(c))).toEqual(exactlyOnce(fresh));
      for (const m of c.messages) {
        expect(m.storeTimestamp).toBeGreaterThanOrEqual(cut);
        expect(m.queueOffset).toBe(7 + Math.floor(Number(m.body.toString().split('-').at(-1)) / 2));
      }
    } finally {
      await c.close();
    }
  });
});

/** A free port p such that p - 2 (the VIP channel) is free too, and another free port. */
async function fixedPorts(): Promise<{ remoting: number; namesrv: number }> {
  const listen = (port: number): Promise<net.Server | null> =>
    new Promise((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(null));
      s.listen({ host: '127.0.0.1', port }, () => resolve(s));
    });
  const close = (s: net.Server): Promise<void> => new Promise((r) => s.close(() => r()));
  for (;;) {
    const a = await listen(0);
    const b = await listen(0);
    if (a === null || b === null) throw new Error('cannot listen on loopback');
    const remoting = (a.address() as net.AddressInfo).port;
    const namesrv = (b.address() as net.AddressInfo).port;
    const vip = remoting >= 2 && namesrv !== remoting - 2 ? await listen(remoting - 2) : null;
    await Promise.all([a, b, ...(vip ? [vip] : [])].map(close));
    if (vip !== null) return { remoting, namesrv };
  }
}

describe('a broker restart in the middle of consumption', () => {
  it('the consumer resumes with no loss; redeliveries stay within what was uncommitted', async () => {
    const ports = await fixedPorts();
    const b = await startBroker({
      label: 'rocket-consumers-restart',
      extraArgs: ['--remoting-port', String(ports.remoting), '--namesrv-port', String(ports.namesrv)],
    });
    const topic = 'cons-restart';
    await createTopic(b.bootstrap, topic, 4);
    const first = range(topic, 0, 200);
    await send(b.nameSrv, topic, first);
    const c = await aliConsumerWith(b.nameSrv, { consumerGroup: 'cg-restart', topic, handlerDelayMs: 15 });
    try {
      await c.waitFor(60, 20_000);
      const beforeRestart = new Set(bodiesOf(c));
      await b.restart();
      const receivedAtRestart = c.messages.length;
      expect(b.nameSrv).toBe(`127.0.0.1:${ports.namesrv}`);
      const second = range(topic, 200, 250);
      await send(b.nameSrv, topic, second);
      const all = [...first, ...second];
      await waitFor(
        'every message after the restart',
        () => new Set(bodiesOf(c)).size >= all.length,
        60_000,
        () =>
          `${new Set(bodiesOf(c)).size} of ${all.length}; errors: ${c.errors.map((e) => e.message).join('; ')}`,
      );
      await sleep(1500);
      const report = onceReport(all, bodiesOf(c));
      expect(report.missing).toEqual([]);
      expect(report.unexpected).toEqual([]);
      const counts = new Map<string, number>();
      for (const x of bodiesOf(c)) counts.set(x, (counts.get(x) ?? 0) + 1);
      const duplicated = [...counts].filter(([, n]) => n > 1).map(([k]) => k);
      const duplicates = c.messages.length - counts.size;
      // At least once: only messages consumed before the restart may come again, and at most what the
      // client can have held uncommitted (one pull batch of 32 per queue).
      const deliveredByRestart = new Set(bodiesOf(c).slice(0, receivedAtRestart));
      for (const d of duplicated) expect(deliveredByRestart.has(d)).toBe(true);
      expect(duplicates).toBeLessThanOrEqual(4 * 32);
      console.info(
        `[consumers] restart after ${beforeRestart.size} of ${first.length} consumed: ${duplicates} redelivered, ${c.messages.length} deliveries for ${all.length} messages`,
      );
    } finally {
      await c.close();
      await b.stop();
    }
  });
});

/** A HEART_BEAT of one consumer of `group` on the expiry topic. */
const consumerHeartbeat = (c: RemotingClient, clientId: string, group: string): Promise<RemotingFrame> =>
  heartbeat(
    c,
    clientId,
    [],
    [{ group, topic: 'cons-expiry', subString: '*', consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' }],
  );

/** GET_CONSUMER_LIST_BY_GROUP: the client ids of the group, [] when it has none. */
async function consumerIds(c: RemotingClient, group: string): Promise<string[]> {
  const r = await c.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: group });
  if (r.code !== 0) return [];
  return (JSON.parse(r.body.toString()) as { consumerIdList: string[] }).consumerIdList;
}

describe('client channel expiry', () => {
  it('a connection that heartbeats once and goes silent leaves the group after clientExpireMs and is closed', async () => {
    const expireMs = 1500;
    const b = await startBroker({
      label: 'rocket-consumers-expiry',
      extraArgs: ['--client-expire-ms', String(expireMs)],
    });
    const group = 'cg-expiry';
    const silent = await RemotingClient.open('127.0.0.1', b.remotingPort);
    const live = await RemotingClient.open('127.0.0.1', b.remotingPort);
    let keepAlive: NodeJS.Timeout | undefined;
    try {
      expect((await consumerHeartbeat(live, 'live-client', group)).code).toBe(0);
      keepAlive = setInterval(
        () => void consumerHeartbeat(live, 'live-client', group).catch(() => undefined),
        300,
      );
      expect((await consumerHeartbeat(silent, 'silent-client', group)).code).toBe(0);
      const silentSince = Date.now();
      expect(await consumerIds(live, group)).toEqual(['live-client', 'silent-client']);
      await sleep(expireMs - 500);
      expect(await consumerIds(live, group)).toEqual(['live-client', 'silent-client']);
      const notifiedBefore = live.serverRequests.length;
      await waitFor(
        'the silent client to expire',
        async () => (await consumerIds(live, group)).length === 1,
        10_000,
      );
      const goneAfterMs = Date.now() - silentSince;
      expect(await consumerIds(live, group)).toEqual(['live-client']);
      expect(goneAfterMs).toBeGreaterThanOrEqual(expireMs);
      // Scanned every quarter of clientExpireMs: gone within 1.25 × clientExpireMs, plus slack for a busy machine.
      expect(goneAfterMs).toBeLessThan(expireMs * 1.25 + 1500);
      await waitFor('the broker to close the silent connection', () => silent.closed, 3000);
      await waitFor('the live member to be told', () => live.serverRequests.length > notifiedBefore, 3000);
      const n = live.serverRequests.at(-1);
      expect(n).toMatchObject({
        code: NOTIFY_CONSUMER_IDS_CHANGED,
        flag: ONEWAY_FLAG,
        extFields: { consumerGroup: group },
      });
      expect(live.closed).toBe(false);
      console.info(
        `[consumers] silent client removed ${goneAfterMs} ms after its heartbeat (clientExpireMs ${expireMs})`,
      );
    } finally {
      clearInterval(keepAlive);
      silent.close();
      live.close();
      await b.stop();
    }
  });
});
