import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferPool } from '../model/buffer-pool.js';
import { ReadLease } from './read-buffers.js';
import { TempStores, makeRecordBatch } from './store-fixtures.js';
import { PayloadFormat, type MessageStore } from './types.js';

const temp = new TempStores();
afterEach(() => temp.closeAll());

describe('BufferPool for store reads', () => {
  it('recycles buffers by power-of-two class and bounds what it keeps', () => {
    const pool = new BufferPool(1024, 1 << 20, 256 * 1024);
    expect(pool.take(100)).toBeUndefined(); // below the pooled range
    expect(pool.take((1 << 20) + 1)).toBeUndefined(); // above it
    const a = pool.take(70_000) as Buffer;
    expect(a.length).toBe(128 * 1024);
    pool.give(a);
    expect(pool.pooledBytes).toBe(128 * 1024);
    expect(pool.take(100_000)).toBe(a);
    expect(pool.pooledBytes).toBe(0);
    pool.give(Buffer.allocUnsafe(128 * 1024));
    pool.give(Buffer.allocUnsafe(128 * 1024));
    pool.give(Buffer.allocUnsafe(128 * 1024)); // over the 256 KiB bound: dropped
    expect(pool.pooledBytes).toBe(256 * 1024);
  });

  it('lease: release gives every buffer back once, small reads are not pooled', () => {
    const pool = new BufferPool(1024, 1 << 20, 64 * 1024 * 1024);
    const lease = new ReadLease();
    const small = lease.take(pool, 10);
    expect(small.length).toBe(10);
    const big = lease.take(pool, 5000);
    lease.release();
    lease.release();
    expect(pool.pooledBytes).toBe(8192);
    expect(pool.take(5000)).toBe(big);
  });
});

async function filledStore(queues = 2, perQueue = 40): Promise<{ store: MessageStore; dir: string }> {
  const dir = temp.tempDir();
  const store = await temp.open({ dataDir: dir, segmentBytes: 1 << 20 });
  await store.createTopic('t', queues, {});
  for (let i = 0; i < queues * perQueue; i++) {
    const r = store.append({
      topic: 't',
      queueId: i % queues,
      format: PayloadFormat.RecordBatchV2,
      payload: makeRecordBatch(3, 2000),
      count: 3,
      maxTimestampMs: 1,
    });
    expect(r.status).toBe('ok');
  }
  return { store, dir };
}

describe('reads into leased memory', () => {
  it('serve the same bytes as plain reads, and reuse the memory after release', async () => {
    const { store } = await filledStore();
    const plain = await store.read('t', 1, 0, { maxBytes: 1e9, atLeastOne: true });
    const lease = new ReadLease();
    const leased = await store.read('t', 1, 0, { maxBytes: 1e9, atLeastOne: true, lease });
    expect(plain.status === 'ok' && leased.status === 'ok').toBe(true);
    if (plain.status !== 'ok' || leased.status !== 'ok') return;
    expect(leased.entries.length).toBe(40);
    expect(leased.entries.map((e) => e.payload)).toEqual(plain.entries.map((e) => e.payload));
    const memory = leased.entries[0]?.payload.buffer;
    lease.release();
    // The next leased read of the same size lands in the same memory.
    const again = await store.read('t', 1, 0, { maxBytes: 1e9, atLeastOne: true, lease });
    expect(again.status === 'ok' && again.entries[0]?.payload.buffer).toBe(memory);
    if (again.status === 'ok')
      expect(again.entries.map((e) => e.payload)).toEqual(plain.entries.map((e) => e.payload));
  });
});

/** Flips one bit in the records part of the batch at queue 0 offset 0, through the page cache. */
function flipFirstBatch(dataDir: string): void {
  const file = path.join(dataDir, 'commitlog', '0'.padStart(20, '0'));
  const fd = fs.openSync(file, 'r+');
  const at = 76 + 1 + 61 + 100; // header, topic "t", batch header, into the records
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, at);
  b[0] = (b[0] as number) ^ 0x10;
  fs.writeSync(fd, b, 0, 1, at);
  fs.closeSync(fd);
}

describe('CRC checks once per process (docs/durability.md)', () => {
  it('checks an entry on its first read, not on later reads while the broker runs', async () => {
    const { store, dir } = await filledStore();
    const first = await store.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(first.status).toBe('ok');
    // Damage appearing after the check (here: written behind the store's back) is not looked for again...
    flipFirstBatch(dir);
    const later = await store.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(later.status).toBe('ok');
    // ...but the other queue, never read before, is checked in full.
    const other = await store.read('t', 1, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(other.status).toBe('ok');
    // The first read after a restart checks again and finds it.
    await temp.close(store);
    const reopened = await temp.open({ dataDir: dir, segmentBytes: 1 << 20 });
    const bad = await reopened.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(bad.status).toBe('corrupt');
  });

  it('finds damage in entries it has not checked yet while running', async () => {
    const { store, dir } = await filledStore();
    // Queue 0 offsets 3.. were read (checked), the entry at offset 0 never was.
    const tail = await store.read('t', 0, 3, { maxBytes: 1e9, atLeastOne: true });
    expect(tail.status).toBe('ok');
    flipFirstBatch(dir);
    const bad = await store.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(bad.status).toBe('corrupt');
    if (bad.status === 'corrupt') expect(bad.message).toMatch(/record batch CRC mismatch/);
  });
});
