/**
 * Ordered-consumption queue locks over raw remoting (ali-ons never sends LOCK_BATCH_MQ / UNLOCK_BATCH_MQ):
 * one owner per (group, queue), expiry without renewal (`--queue-lock-expire-ms`), release on UNLOCK and
 * when the owner's connection closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { RemotingClient } from '../harness/remoting-client.js';
import { RequestCode } from '../harness/rocket-codes.js';

const EXPIRE_MS = 1500;
let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({
    label: 'rocket-locks',
    extraArgs: ['--queue-lock-expire-ms', String(EXPIRE_MS)],
  });
});

afterAll(async () => {
  await stopAllBrokers();
});

interface Mq {
  topic: string;
  brokerName: string;
  queueId: number;
}
const mq = (queueId: number): Mq => ({ topic: 'ordered', brokerName: 'ferrymq-0', queueId });

async function lock(c: RemotingClient, group: string, clientId: string, queues: Mq[]): Promise<number[]> {
  const body = Buffer.from(
    JSON.stringify({ consumerGroup: group, clientId, onlyThisBroker: false, mqSet: queues }),
  );
  const reply = await c.request(RequestCode.LOCK_BATCH_MQ, {}, body);
  expect(reply.code).toBe(0);
  const parsed = JSON.parse(reply.body.toString() || '{}') as { lockOKMQSet: Mq[] };
  return parsed.lockOKMQSet.map((q) => q.queueId).sort();
}

async function unlock(c: RemotingClient, group: string, clientId: string, queues: Mq[]): Promise<void> {
  const body = Buffer.from(
    JSON.stringify({ consumerGroup: group, clientId, onlyThisBroker: false, mqSet: queues }),
  );
  const reply = await c.request(RequestCode.UNLOCK_BATCH_MQ, {}, body);
  expect(reply.code).toBe(0);
}

const open = (): Promise<RemotingClient> => RemotingClient.open(broker.host, broker.remotingPort);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('LOCK_BATCH_MQ / UNLOCK_BATCH_MQ', () => {
  it('locks each queue for one client of a group; others get only the free ones', async () => {
    const a = await open();
    const b = await open();
    try {
      expect(await lock(a, 'og-1', 'client-a', [mq(0), mq(1)])).toEqual([0, 1]);
      expect(await lock(b, 'og-1', 'client-b', [mq(0), mq(1), mq(2)])).toEqual([2]);
      // The owner renews its locks; another group is independent.
      expect(await lock(a, 'og-1', 'client-a', [mq(0), mq(1), mq(2)])).toEqual([0, 1]);
      expect(await lock(b, 'og-other', 'client-b', [mq(0)])).toEqual([0]);
      // UNLOCK by a non-owner changes nothing; by the owner frees the queue.
      await unlock(b, 'og-1', 'client-b', [mq(0)]);
      expect(await lock(b, 'og-1', 'client-b', [mq(0)])).toEqual([]);
      await unlock(a, 'og-1', 'client-a', [mq(0)]);
      expect(await lock(b, 'og-1', 'client-b', [mq(0)])).toEqual([0]);
      // A malformed body is answered SYSTEM_ERROR and the connection stays usable.
      const bad = await a.request(RequestCode.LOCK_BATCH_MQ, {}, Buffer.from('{"mqSet": 5}'));
      expect(bad.code).toBe(1);
      expect(await lock(a, 'og-1', 'client-a', [mq(1)])).toEqual([1]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('expires a lock that is not renewed, and keeps one that is', async () => {
    const a = await open();
    const b = await open();
    try {
      expect(await lock(a, 'og-2', 'client-a', [mq(0), mq(1)])).toEqual([0, 1]);
      // Renew queue 1 only, halfway through the lifetime.
      await sleep(EXPIRE_MS / 2 + 200);
      expect(await lock(a, 'og-2', 'client-a', [mq(1)])).toEqual([1]);
      expect(await lock(b, 'og-2', 'client-b', [mq(0), mq(1)])).toEqual([]);
      await sleep(EXPIRE_MS / 2 + 300);
      expect(await lock(b, 'og-2', 'client-b', [mq(0), mq(1)])).toEqual([0]);
      await sleep(EXPIRE_MS + 200);
      // b renews queue 0 and takes queue 1, whose lock a let lapse.
      expect(await lock(b, 'og-2', 'client-b', [mq(0), mq(1)])).toEqual([0, 1]);
      expect(await lock(a, 'og-2', 'client-a', [mq(0), mq(1)])).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });

  it("releases a client's locks when its connection closes", async () => {
    const a = await open();
    const b = await open();
    try {
      expect(await lock(a, 'og-3', 'client-a', [mq(0)])).toEqual([0]);
      const lockedAt = Date.now();
      expect(await lock(b, 'og-3', 'client-b', [mq(0)])).toEqual([]);
      a.close();
      let got: number[] = [];
      for (let i = 0; i < 20 && got.length === 0; i++) {
        await sleep(50);
        got = await lock(b, 'og-3', 'client-b', [mq(0)]);
      }
      expect(got).toEqual([0]);
      // Released by the close, not by expiry.
      expect(Date.now() - lockedAt).toBeLessThan(EXPIRE_MS);
    } finally {
      b.close();
    }
  });
});
