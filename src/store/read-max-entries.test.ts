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

async function storeWithEntries(entries: number, recordsPerEntry: number): Promise<DiskMessageStore> {
  const dataDir = makeTempDir();
  dirs.push(dataDir);
  const store = createMessageStore(
    { segmentBytes: 64 * 1024, flushIntervalMs: 60_000, dataDir },
    createSilentLogger(),
  );
  await store.open();
  stores.push(store);
  await store.createTopic('t', 1, {});
  for (let i = 0; i < entries; i++) {
    const result = store.append({
      topic: 't',
      queueId: 0,
      format: PayloadFormat.RecordBatchV2,
      payload: makeRecordBatch(recordsPerEntry, 100, 1000),
      count: recordsPerEntry,
      maxTimestampMs: 1000,
    });
    expect(result.status).toBe('ok');
  }
  return store;
}

describe('MessageStore.read maxEntries (a RocketMQ pull reads no more entries than it can serve)', () => {
  it('stops at maxEntries entries although maxBytes would allow more', async () => {
    const store = await storeWithEntries(40, 1);
    const capped = await store.read('t', 0, 5, { maxBytes: 1_000_000, atLeastOne: true, maxEntries: 32 });
    expect(capped.status).toBe('ok');
    if (capped.status !== 'ok') return;
    expect(capped.entries.map((e) => e.baseOffset)).toEqual(Array.from({ length: 32 }, (_, i) => 5 + i));
    expect(capped.nextOffset).toBe(37);
    const uncapped = await store.read('t', 0, 5, { maxBytes: 1_000_000, atLeastOne: true });
    if (uncapped.status === 'ok') expect(uncapped.entries).toHaveLength(35);
  });

  it('lets maxBytes stop first, and counts entries, not records', async () => {
    const store = await storeWithEntries(10, 4);
    const bytesFirst = await store.read('t', 0, 0, { maxBytes: 1, atLeastOne: true, maxEntries: 5 });
    if (bytesFirst.status === 'ok') expect(bytesFirst.entries).toHaveLength(1);
    const entries = await store.read('t', 0, 0, { maxBytes: 1_000_000, atLeastOne: true, maxEntries: 3 });
    expect(entries.status).toBe('ok');
    if (entries.status !== 'ok') return;
    expect(entries.entries.map((e) => e.baseOffset)).toEqual([0, 4, 8]);
    expect(entries.nextOffset).toBe(12);
  });
});
