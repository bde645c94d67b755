import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logger.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import type { StoreOptions } from './store-options.js';
import { batchCrcValid, makeRecordBatch, makeTempDir, removeDir } from './store-fixtures.js';
import { PayloadFormat } from './types.js';

const dirs: string[] = [];
const stores: DiskMessageStore[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function openStore(
  options: Partial<StoreOptions> & { dataDir?: string } = {},
): Promise<DiskMessageStore> {
  const dataDir = options.dataDir ?? makeTempDir();
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  const store = createMessageStore(
    { segmentBytes: 64 * 1024, flushIntervalMs: 60_000, ...options, dataDir },
    createSilentLogger(),
  );
  await store.open();
  stores.push(store);
  return store;
}

async function closeStore(store: DiskMessageStore): Promise<void> {
  stores.splice(stores.indexOf(store), 1);
  await store.close();
}

function appendBatch(
  store: DiskMessageStore,
  topic: string,
  queueId: number,
  count: number,
  bytes: number,
  ts = 1000,
) {
  const batch = makeRecordBatch(count, bytes, ts);
  const result = store.append({
    topic,
    queueId,
    format: PayloadFormat.RecordBatchV2,
    payload: batch,
    count,
    maxTimestampMs: ts,
  });
  return { batch, result };
}

describe('DiskMessageStore append and read', () => {
  it('round-trips batches over segment rolls byte-identical except base offset and leader epoch', async () => {
    const store = await openStore();
    expect((await store.createTopic('t', 3, {})).status).toBe('ok');
    const sent: { queueId: number; baseOffset: number; batch: Buffer }[] = [];
    const next = [0, 0, 0];
    for (let i = 0; i < 300; i++) {
      const queueId = i % 3;
      const count = 1 + (i % 7);
      const { batch, result } = appendBatch(store, 't', queueId, count, 100 + ((i * 37) % 1500));
      expect(result.status).toBe('ok');
      if (result.status !== 'ok') return;
      expect(result.baseOffset).toBe(next[queueId]);
      next[queueId] = (next[queueId] as number) + count;
      sent.push({ queueId, baseOffset: result.baseOffset, batch });
    }
    expect(fs.readdirSync(path.join(dirs[0] as string, 'commitlog')).length).toBeGreaterThan(3);
    for (let queueId = 0; queueId < 3; queueId++) {
      const expected = sent.filter((s) => s.queueId === queueId);
      const read = await store.read('t', queueId, 0, { maxBytes: 10_000_000, atLeastOne: true });
      expect(read.status).toBe('ok');
      if (read.status !== 'ok') return;
      expect(read.entries.map((e) => e.baseOffset)).toEqual(expected.map((s) => s.baseOffset));
      expect(read.highWatermark).toBe(next[queueId]);
      expect(read.nextOffset).toBe(next[queueId]);
      read.entries.forEach((entry, i) => {
        const original = (expected[i] as (typeof expected)[number]).batch;
        const payload = entry.payload;
        expect(payload.readBigInt64BE(0)).toBe(BigInt(entry.baseOffset));
        expect(payload.readInt32BE(12)).toBe(0);
        expect(payload.subarray(8, 12).equals(original.subarray(8, 12))).toBe(true);
        expect(payload.subarray(16).equals(original.subarray(16))).toBe(true);
        expect(batchCrcValid(payload)).toBe(true);
        expect(entry.format).toBe(PayloadFormat.RecordBatchV2);
      });
      expect(read.bytes).toBe(expected.reduce((n, s) => n + s.batch.length, 0));
    }
  });

  it('reads from the middle of a batch, honours maxBytes and atLeastOne, and reports bounds', async () => {
    const store = await openStore();
    await store.createTopic('t', 1, {});
    for (let i = 0; i < 5; i++) appendBatch(store, 't', 0, 10, 1000);
    const mid = await store.read('t', 0, 15, { maxBytes: 1, atLeastOne: true });
    expect(mid).toMatchObject({ status: 'ok', nextOffset: 20, highWatermark: 50, logStartOffset: 0 });
    if (mid.status === 'ok') expect(mid.entries.map((e) => e.baseOffset)).toEqual([10]);
    const none = await store.read('t', 0, 15, { maxBytes: 1, atLeastOne: false });
    expect(none).toMatchObject({ status: 'ok', entries: [], nextOffset: 15 });
    const two = await store.read('t', 0, 0, { maxBytes: 2200, atLeastOne: true });
    if (two.status === 'ok') expect(two.entries).toHaveLength(2);
    expect(await store.read('t', 0, 50, { maxBytes: 100, atLeastOne: true })).toMatchObject({
      status: 'ok',
      entries: [],
      nextOffset: 50,
    });
    expect(await store.read('t', 0, 51, { maxBytes: 100, atLeastOne: true })).toEqual({
      status: 'offset-out-of-range',
      logStartOffset: 0,
      highWatermark: 50,
    });
    expect(await store.read('nope', 0, 0, { maxBytes: 1, atLeastOne: true })).toEqual({
      status: 'topic-not-found',
    });
    expect(await store.read('t', 1, 0, { maxBytes: 1, atLeastOne: true })).toEqual({
      status: 'queue-not-found',
    });
    expect(store.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 50 });
  });

  it('rejects oversized payloads and calls append listeners once the entry is readable', async () => {
    const store = await openStore();
    await store.createTopic('t', 1, { 'max.message.bytes': '500' });
    expect(appendBatch(store, 't', 0, 1, 600).result).toEqual({ status: 'message-too-large', maxBytes: 500 });
    const seen: [string, number, number][] = [];
    const off = store.onAppend((topic, queueId, hw) => seen.push([topic, queueId, hw]));
    appendBatch(store, 't', 0, 3, 100);
    off();
    appendBatch(store, 't', 0, 3, 100);
    expect(seen).toEqual([['t', 0, 3]]);
  });

  it('stores RocketMQ-format payloads untouched', async () => {
    const store = await openStore();
    await store.createTopic('r', 1, {});
    const body = Buffer.from('a rocketmq message body');
    const result = store.append({
      topic: 'r',
      queueId: 0,
      format: PayloadFormat.RocketMessage,
      payload: body,
      count: 1,
      maxTimestampMs: 5,
      tagsCode: 77,
    });
    expect(result.status).toBe('ok');
    const read = await store.read('r', 0, 0, { maxBytes: 100, atLeastOne: true });
    expect(read.status === 'ok' && read.entries[0]).toMatchObject({
      tagsCode: 77,
      format: 2,
      payload: body,
      count: 1,
    });
  });

  it('finds entries by timestamp', async () => {
    const store = await openStore();
    await store.createTopic('t', 1, {});
    for (const ts of [100, 300, 200, 300, 50]) appendBatch(store, 't', 0, 2, 100, ts);
    expect((await store.findByTimestamp('t', 0, 150))?.baseOffset).toBe(2);
    expect((await store.findByTimestamp('t', 0, 301))?.baseOffset).toBeUndefined();
    expect((await store.findMaxTimestamp('t', 0))?.baseOffset).toBe(6);
  });

  it('reopens after a clean close without scanning', async () => {
    const store = await openStore();
    await store.createTopic('t', 2, { 'retention.ms': '5000' });
    for (let i = 0; i < 100; i++) appendBatch(store, 't', i % 2, 2, 900);
    const dataDir = dirs[0] as string;
    await closeStore(store);
    const again = await openStore({ dataDir });
    expect(again.recovery).toMatchObject({ mode: 'clean', scannedEntries: 0 });
    expect(again.getTopic('t')?.config.retentionMs).toBe(5000);
    expect(again.queueBounds('t', 1)).toEqual({ logStartOffset: 0, highWatermark: 100 });
    expect(appendBatch(again, 't', 1, 1, 10).result).toMatchObject({ status: 'ok', baseOffset: 100 });
    const read = await again.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(read.status === 'ok' && read.entries.length).toBe(50);
  });

  it('moves the log start offset with deleteRecords, persistently', async () => {
    const store = await openStore();
    await store.createTopic('t', 1, {});
    for (let i = 0; i < 10; i++) appendBatch(store, 't', 0, 5, 100);
    expect(await store.deleteRecords('t', 0, 51)).toEqual({
      status: 'offset-out-of-range',
      logStartOffset: 0,
      highWatermark: 50,
    });
    expect(await store.deleteRecords('t', 0, 12)).toEqual({ status: 'ok', logStartOffset: 12 });
    expect(await store.deleteRecords('t', 0, 3)).toEqual({ status: 'ok', logStartOffset: 12 });
    expect(await store.read('t', 0, 11, { maxBytes: 1, atLeastOne: true })).toMatchObject({
      status: 'offset-out-of-range',
    });
    const read = await store.read('t', 0, 12, { maxBytes: 1, atLeastOne: true });
    expect(read.status === 'ok' && read.entries[0]?.baseOffset).toBe(10);
    const dataDir = dirs[0] as string;
    await closeStore(store);
    const again = await openStore({ dataDir });
    expect(again.queueBounds('t', 0)).toEqual({ logStartOffset: 12, highWatermark: 50 });
    expect(await again.deleteRecords('t', 0, -1)).toEqual({ status: 'ok', logStartOffset: 50 });
    expect(await again.read('t', 0, 50, { maxBytes: 1, atLeastOne: true })).toMatchObject({
      status: 'ok',
      entries: [],
    });
  });
});
