/**
 * SDK push consumers in groups: two clustering instances split the queues (each message once), and
 * broadcasting instances each read everything, keeping offsets in a local file across a restart.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';
import { createTopic } from '../harness/group-admin.js';
import type { LocalFileOffsetStore } from '../../src/index.js';
import { collectingConsumer, instanceName, startProducer, waitUntil } from './sdk-helpers.js';

let broker: BrokerProcess;
let offsetDir: string;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-sdk-groups' });
  offsetDir = await mkdtemp(join(tmpdir(), 'ferrymq-sdk-bcast-'));
});

afterAll(async () => {
  await stopAllBrokers();
  await rm(offsetDir, { recursive: true, force: true });
});

const ids = (qs: { queueId: number; topic: string }[], topic: string): number[] =>
  qs
    .filter((q) => q.topic === topic)
    .map((q) => q.queueId)
    .sort();

type Member = Awaited<ReturnType<typeof collectingConsumer>>;

/** Waits until each of the two members holds `each` queues of the topic. */
const waitForSplit = (a: Member, b: Member, topic: string, each: number, timeoutMs: number): Promise<void> =>
  waitUntil(
    () =>
      ids(a.consumer.assignedQueues(), topic).length === each &&
      ids(b.consumer.assignedQueues(), topic).length === each,
    timeoutMs,
    () => `a=${ids(a.consumer.assignedQueues(), topic)} b=${ids(b.consumer.assignedQueues(), topic)}`,
  );

describe('RocketMQ SDK: consumer groups', () => {
  it('clustering: two instances split four queues and consume each message once', async () => {
    const topic = 'sdk-cluster';
    await createTopic(broker.bootstrap, topic, 4);
    const options = { nameServers: broker.nameSrv, consumerGroup: 'cg-sdk-cluster' };
    const a = await collectingConsumer(options, topic);
    const b = await collectingConsumer(options, topic);
    try {
      await waitForSplit(a, b, topic, 2, 15_000);
      expect(
        [...ids(a.consumer.assignedQueues(), topic), ...ids(b.consumer.assignedQueues(), topic)].sort(),
      ).toEqual([0, 1, 2, 3]);
      const producer = await startProducer(broker.nameSrv, 'pg-sdk-cluster');
      try {
        for (let i = 0; i < 40; i++) await producer.send({ topic, body: `c${i}` });
      } finally {
        await producer.shutdown();
      }
      await waitUntil(
        () => a.messages.length + b.messages.length >= 40,
        20_000,
        () => `a=${a.messages.length} b=${b.messages.length}`,
      );
      await new Promise((r) => setTimeout(r, 1000));
      const all = [...a.messages, ...b.messages].map((m) => m.body.toString()).sort();
      expect(all).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`).sort());
      expect(a.messages.length).toBeGreaterThan(0);
      expect(b.messages.length).toBeGreaterThan(0);
      const aQueues = new Set(a.messages.map((m) => m.queueId));
      for (const m of b.messages) expect(aQueues.has(m.queueId)).toBe(false);
    } finally {
      await a.consumer.shutdown();
      await b.consumer.shutdown();
    }
  });

  it('clustering: when one instance leaves, the other takes its queues over', async () => {
    const topic = 'sdk-cluster-leave';
    await createTopic(broker.bootstrap, topic, 2);
    const options = { nameServers: broker.nameSrv, consumerGroup: 'cg-sdk-leave' };
    const a = await collectingConsumer(options, topic);
    const b = await collectingConsumer(options, topic);
    try {
      await waitForSplit(a, b, topic, 1, 15_000);
      await b.consumer.shutdown(); // UNREGISTER_CLIENT: the broker drops it from the group at once
      await waitUntil(
        () => ids(a.consumer.assignedQueues(), topic).length === 2,
        15_000,
        () => 'no takeover',
      );
      const producer = await startProducer(broker.nameSrv, 'pg-sdk-leave');
      try {
        for (let i = 0; i < 10; i++) await producer.send({ topic, body: `l${i}` });
      } finally {
        await producer.shutdown();
      }
      await a.waitFor(10);
      expect(new Set(a.messages.map((m) => m.queueId))).toEqual(new Set([0, 1]));
    } finally {
      await a.consumer.shutdown();
      await b.consumer.shutdown();
    }
  });

  it('clustering: NOTIFY_CONSUMER_IDS_CHANGED from the broker triggers the rebalance (no periodic one)', async () => {
    const topic = 'sdk-cluster-notify';
    await createTopic(broker.bootstrap, topic, 4);
    // A periodic rebalance far beyond the test: only code 40 can make the first member give queues up.
    const options = {
      nameServers: broker.nameSrv,
      consumerGroup: 'cg-sdk-notify',
      rebalanceIntervalMs: 600_000,
    };
    const a = await collectingConsumer(options, topic);
    try {
      expect(ids(a.consumer.assignedQueues(), topic)).toEqual([0, 1, 2, 3]);
      const joinedAt = Date.now();
      const b = await collectingConsumer(options, topic);
      try {
        await waitForSplit(a, b, topic, 2, 10_000);
        console.log(`split after code 40 within ${Date.now() - joinedAt} ms of the second member's start`);
      } finally {
        await b.consumer.shutdown();
      }
      // b's UNREGISTER_CLIENT makes the broker notify a, which takes every queue back.
      await waitUntil(
        () => ids(a.consumer.assignedQueues(), topic).length === 4,
        10_000,
        () => 'no takeover',
      );
    } finally {
      await a.consumer.shutdown();
    }
  });

  it('clustering: committed offsets (pull piggyback, shutdown): the next instance of the group gets only later messages', async () => {
    const topic = 'sdk-cluster-commit';
    await createTopic(broker.bootstrap, topic, 2);
    // No periodic commit during the test: only the pull piggyback and the shutdown commit count.
    const options = {
      nameServers: broker.nameSrv,
      consumerGroup: 'cg-sdk-commit',
      persistConsumerOffsetIntervalMs: 600_000,
    };
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-commit');
    try {
      const first = await collectingConsumer(options, topic);
      for (let i = 0; i < 20; i++) await producer.send({ topic, body: `first-${i}` });
      await first.waitFor(20);
      await first.consumer.shutdown();
      for (let i = 0; i < 10; i++) await producer.send({ topic, body: `second-${i}` });
      const second = await collectingConsumer(options, topic);
      try {
        await second.waitFor(10);
        await new Promise((r) => setTimeout(r, 1000));
        expect(second.messages.map((m) => m.body.toString()).sort()).toEqual(
          Array.from({ length: 10 }, (_, i) => `second-${i}`).sort(),
        );
      } finally {
        await second.consumer.shutdown();
      }
    } finally {
      await producer.shutdown();
    }
  });

  it('broadcasting: every instance reads every message; offsets in a local file survive a restart', async () => {
    const topic = 'sdk-broadcast';
    await createTopic(broker.bootstrap, topic, 3);
    const group = 'cg-sdk-broadcast';
    const nameA = instanceName('bcast-a');
    const options = (name: string) => ({
      nameServers: broker.nameSrv,
      consumerGroup: group,
      messageModel: 'BROADCASTING' as const,
      offsetStoreDir: offsetDir,
      instanceName: name,
    });
    const a = await collectingConsumer(options(nameA), topic);
    const b = await collectingConsumer(options(instanceName('bcast-b')), topic);
    const producer = await startProducer(broker.nameSrv, 'pg-sdk-broadcast');
    try {
      await waitUntil(
        () => a.consumer.assignedQueues().length === 3 && b.consumer.assignedQueues().length === 3,
        10_000,
        () => 'broadcast consumers did not take every queue',
      );
      for (let i = 0; i < 12; i++) await producer.send({ topic, body: `b${i}` });
      const expected = Array.from({ length: 12 }, (_, i) => `b${i}`).sort();
      await a.waitFor(12);
      await b.waitFor(12);
      await new Promise((r) => setTimeout(r, 500));
      expect(a.messages.map((m) => m.body.toString()).sort()).toEqual(expected);
      expect(b.messages.map((m) => m.body.toString()).sort()).toEqual(expected);
      const file = (a.consumer.offsetStore as LocalFileOffsetStore).file;
      await a.consumer.shutdown();
      const saved = JSON.parse(await readFile(file, 'utf8')) as { offsetTable: Record<string, number> };
      const sum = Object.entries(saved.offsetTable)
        .filter(([k]) => k.startsWith(`${topic}@`))
        .reduce((s, [, v]) => s + v, 0);
      expect(sum).toBe(12);
      // While A is down, more messages; A restarts with the same clientId and resumes from its file.
      for (let i = 12; i < 16; i++) await producer.send({ topic, body: `b${i}` });
      const again = await collectingConsumer(options(nameA), topic);
      try {
        await again.waitFor(4);
        await new Promise((r) => setTimeout(r, 1000));
        expect(again.messages.map((m) => m.body.toString()).sort()).toEqual(['b12', 'b13', 'b14', 'b15']);
      } finally {
        await again.consumer.shutdown();
      }
      await b.waitFor(16);
    } finally {
      await producer.shutdown();
      await a.consumer.shutdown();
      await b.consumer.shutdown();
    }
  });
});
