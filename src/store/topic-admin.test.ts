import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logger.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import { makeRecordBatch, makeTempDir, removeDir } from './store-fixtures.js';
import { PayloadFormat } from './types.js';

const dirs: string[] = [];
const stores: DiskMessageStore[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function open(dataDir: string): Promise<DiskMessageStore> {
  const store = createMessageStore(
    { dataDir, segmentBytes: 64 * 1024, flushIntervalMs: 60_000, retentionMs: 3_600_000 },
    createSilentLogger(),
  );
  await store.open();
  stores.push(store);
  return store;
}

async function reopen(store: DiskMessageStore, dir: string): Promise<DiskMessageStore> {
  stores.splice(stores.indexOf(store), 1);
  await store.close();
  return open(dir);
}

function freshDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

describe('topics', () => {
  it('creates, validates and persists topics across a reopen', async () => {
    const dir = freshDir();
    const store = await open(dir);
    const created = await store.createTopic('orders', 4, { 'retention.ms': '1000', 'flush.mode': 'sync' });
    expect(created.status).toBe('ok');
    if (created.status !== 'ok') return;
    expect(created.topic).toMatchObject({
      name: 'orders',
      queueCount: 4,
      overrides: { 'retention.ms': '1000' },
    });
    expect(created.topic.id).toHaveLength(16);
    expect(created.topic.config).toMatchObject({ retentionMs: 1000, flushMode: 'sync', retentionBytes: -1 });
    expect(await store.createTopic('orders', 1, {})).toEqual({ status: 'topic-exists' });
    expect((await store.createTopic('bad name', 1, {})).status).toBe('invalid-topic-name');
    expect((await store.createTopic('..', 1, {})).status).toBe('invalid-topic-name');
    expect((await store.createTopic('x', 0, {})).status).toBe('invalid-queue-count');
    expect((await store.createTopic('x', 10001, {})).status).toBe('invalid-queue-count');
    expect(await store.createTopic('x', 1, { 'cleanup.policy': 'compact' })).toMatchObject({
      status: 'invalid-config',
      message: expect.stringContaining('compact'),
    });
    expect(await store.createTopic('x', 1, { 'no.such': '1' })).toMatchObject({
      status: 'invalid-config',
      message: expect.stringContaining('no.such'),
    });
    expect((await store.createTopic('dry', 2, {}, true)).status).toBe('ok');
    expect(store.getTopic('dry')).toBeUndefined();

    const again = await reopen(store, dir);
    const topic = again.getTopic('orders');
    expect(topic?.id.equals(created.topic.id)).toBe(true);
    expect(topic?.config.retentionMs).toBe(1000);
    expect(again.listTopics().map((t) => t.name)).toEqual(['orders']);
  });

  it('grows queue counts and edits configs (set and incremental)', async () => {
    const dir = freshDir();
    const store = await open(dir);
    await store.createTopic('t', 2, { 'retention.ms': '1000' });
    expect((await store.setQueueCount('t', 2)).status).toBe('invalid-queue-count');
    expect((await store.setQueueCount('t', 5, true)).status).toBe('ok');
    expect(store.getTopic('t')?.queueCount).toBe(2);
    expect(await store.setQueueCount('t', 5)).toMatchObject({ status: 'ok', topic: { queueCount: 5 } });
    expect(
      store.append({
        topic: 't',
        queueId: 4,
        format: PayloadFormat.RecordBatchV2,
        payload: makeRecordBatch(1, 10),
        count: 1,
        maxTimestampMs: 0,
      }),
    ).toMatchObject({ status: 'ok', baseOffset: 0 });
    expect(await store.setQueueCount('nope', 5)).toEqual({ status: 'topic-not-found' });

    await store.alterTopicConfig('t', { 'retention.bytes': '100' }, 'incremental');
    expect(store.getTopic('t')?.overrides).toEqual({ 'retention.ms': '1000', 'retention.bytes': '100' });
    await store.alterTopicConfig('t', { 'retention.ms': null }, 'incremental');
    expect(store.getTopic('t')?.config.retentionMs).toBe(3_600_000);
    await store.alterTopicConfig('t', { 'max.message.bytes': '10' }, 'set');
    expect(store.getTopic('t')?.overrides).toEqual({ 'max.message.bytes': '10' });
    expect((await store.alterTopicConfig('t', { 'flush.mode': 'never' }, 'set')).status).toBe(
      'invalid-config',
    );
    expect(await store.alterTopicConfig('nope', {}, 'set')).toEqual({ status: 'topic-not-found' });

    const again = await reopen(store, dir);
    expect(again.getTopic('t')).toMatchObject({ queueCount: 5, overrides: { 'max.message.bytes': '10' } });
    expect(again.queueBounds('t', 4)).toEqual({ logStartOffset: 0, highWatermark: 1 });
    expect(again.defaultTopicConfig()).toMatchObject({
      'retention.ms': '3600000',
      'cleanup.policy': 'delete',
      'flush.mode': 'async',
      'segment.bytes': '65536',
    });
  });

  it('deletes a topic with its queue index files; a re-created topic starts empty', async () => {
    const dir = freshDir();
    const store = await open(dir);
    await store.createTopic('t', 1, {});
    for (let i = 0; i < 5; i++) {
      store.append({
        topic: 't',
        queueId: 0,
        format: PayloadFormat.RecordBatchV2,
        payload: makeRecordBatch(3, 100),
        count: 3,
        maxTimestampMs: 0,
      });
    }
    const again = await reopen(store, dir);
    expect(fs.readdirSync(path.join(dir, 'queues', 't', '0')).length).toBe(1);
    expect((await again.deleteTopic('t')).status).toBe('ok');
    expect(fs.existsSync(path.join(dir, 'queues', 't'))).toBe(false);
    expect(await again.deleteTopic('t')).toEqual({ status: 'topic-not-found' });
    expect(
      again.append({
        topic: 't',
        queueId: 0,
        format: PayloadFormat.RocketMessage,
        payload: Buffer.from('x'),
        count: 1,
        maxTimestampMs: 0,
      }),
    ).toEqual({
      status: 'topic-not-found',
    });
    await again.createTopic('t', 1, {});
    expect(again.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 0 });
    const third = await reopen(again, dir);
    expect(third.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 0 });
  });
});
