import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logger.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import { makeRecordBatch, makeTempDir, removeDir } from './store-fixtures.js';
import { PayloadFormat } from './types.js';

const SEGMENT_BYTES = 32 * 1024;
const dirs: string[] = [];
const stores: DiskMessageStore[] = [];
let now = 1_000_000;

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function open(dataDir: string): Promise<DiskMessageStore> {
  const store = createMessageStore(
    { dataDir, segmentBytes: SEGMENT_BYTES, flushIntervalMs: 60_000, nowMs: () => now },
    createSilentLogger(),
  );
  await store.open();
  stores.push(store);
  return store;
}

function append(store: DiskMessageStore, topic: string, queueId = 0): void {
  const r = store.append({
    topic,
    queueId,
    format: PayloadFormat.RecordBatchV2,
    payload: makeRecordBatch(2, 1000),
    count: 2,
    maxTimestampMs: now,
  });
  if (r.status !== 'ok') throw new Error(r.status);
}

const segmentFiles = (dir: string): string[] => fs.readdirSync(path.join(dir, 'commitlog')).sort();

describe('retention', () => {
  it('by time: advances each topic by whole expired segments and deletes a segment once no queue needs it', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const store = await open(dir);
    await store.createTopic('short', 1, { 'retention.ms': '1000' });
    await store.createTopic('forever', 1, { 'retention.ms': '-1' });
    for (let i = 0; i < 120; i++) append(store, i % 2 === 0 ? 'short' : 'forever');
    now += 5000;
    append(store, 'short');
    const before = segmentFiles(dir);
    expect(before.length).toBeGreaterThan(3);

    const first = await store.runRetention();
    expect(first.deletedSegments).toEqual([]);
    const shortBounds = store.queueBounds('short', 0);
    expect(shortBounds?.logStartOffset).toBeGreaterThan(0);
    expect(shortBounds?.logStartOffset).toBeLessThan(shortBounds?.highWatermark ?? 0);
    expect(store.queueBounds('forever', 0)?.logStartOffset).toBe(0);
    expect(await store.read('short', 0, 0, { maxBytes: 1, atLeastOne: true })).toMatchObject({
      status: 'offset-out-of-range',
    });

    await store.alterTopicConfig('forever', { 'retention.ms': '1000' }, 'incremental');
    const second = await store.runRetention();
    // Every segment but the active one (and the preallocated spare) goes.
    expect(second.deletedSegments.length).toBeGreaterThanOrEqual(before.length - 2);
    expect(segmentFiles(dir).length).toBeLessThanOrEqual(2);
    const lso = store.queueBounds('forever', 0)?.logStartOffset ?? 0;
    expect(lso).toBeGreaterThan(0);
    expect(lso).toBeLessThan(store.queueBounds('forever', 0)?.highWatermark ?? 0);
    const kept = await store.read('forever', 0, lso, { maxBytes: 1e9, atLeastOne: true });
    expect(kept.status === 'ok' && kept.entries[0]?.baseOffset).toBe(lso);
    const read = await store.read('short', 0, shortBounds?.logStartOffset ?? 0, {
      maxBytes: 1e9,
      atLeastOne: true,
    });
    expect(read.status).toBe('ok');

    await store.close();
    stores.splice(0);
    const again = await open(dir);
    expect(again.queueBounds('forever', 0)?.logStartOffset).toBe(lso);
    expect(again.queueBounds('short', 0)).toEqual(shortBounds);
  });

  it('by size: keeps at least retention.bytes per queue, dropping whole oldest segments', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const store = await open(dir);
    await store.createTopic('t', 1, { 'retention.bytes': '40000' });
    for (let i = 0; i < 200; i++) append(store, 't');
    const result = await store.runRetention();
    expect(result.deletedSegments.length).toBeGreaterThan(0);
    const bounds = store.queueBounds('t', 0);
    const read = await store.read('t', 0, bounds?.logStartOffset ?? 0, { maxBytes: 1e9, atLeastOne: true });
    if (read.status !== 'ok') throw new Error(read.status);
    expect(read.bytes).toBeGreaterThanOrEqual(40000 - 200 * 80);
    expect(read.bytes).toBeLessThan(40000 + SEGMENT_BYTES);
    expect(read.nextOffset).toBe(400);
    // Nothing more to drop: a second run is a no-op.
    expect(await store.runRetention()).toEqual({ advancedQueues: 0, deletedSegments: [] });
  });
});
