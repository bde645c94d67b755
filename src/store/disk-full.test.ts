import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WriteSyncFn } from './commit-log/commit-log.js';
import type { DiskMessageStore } from './message-store.js';
import {
  QUEUE_INDEX_ENTRY_BYTES,
  decodeQueueIndexEntry,
  encodeQueueIndexEntry,
} from './queue-index/queue-index-entry.js';
import { QueueIndexFiles } from './queue-index/queue-index-files.js';
import { TempStores, makeRecordBatch } from './store-fixtures.js';
import { PayloadFormat } from './types.js';

/**
 * Write paths under ENOSPC that durability.test.ts does not reach: a failure while a roll writes the end
 * marker of the old segment, and a short write of the queue index files.
 */
const fixtures = new TempStores();

afterEach(async () => {
  vi.restoreAllMocks();
  await fixtures.closeAll();
});

const SEGMENT = 64 * 1024;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

async function open(dataDir: string, writeSync?: WriteSyncFn): Promise<DiskMessageStore> {
  return fixtures.open({
    dataDir,
    segmentBytes: SEGMENT,
    flushIntervalMs: 60_000,
    preallocateSegments: false,
    ...(writeSync !== undefined ? { writeSync } : {}),
  });
}

function append(store: DiskMessageStore, payload: Buffer) {
  return store.append({
    topic: 't',
    queueId: 0,
    format: PayloadFormat.RecordBatchV2,
    payload,
    count: 1,
    maxTimestampMs: 1,
  });
}

describe('ENOSPC during a segment roll', () => {
  it('keeps the old segment active, leaves no hole, and the retried roll lands right after it', async () => {
    const dir = fixtures.tempDir();
    let fail = false;
    const writeSync: WriteSyncFn = (fd, buf, offset, length, position) => {
      if (fail) throw enospc();
      return fs.writeSync(fd, buf, offset, length, position);
    };
    const store = await open(dir, writeSync);
    await store.createTopic('t', 1, {});
    const payloads: Buffer[] = [];
    // Fill most of segment 0; each entry is written on its own turn.
    for (let i = 0; i < 28; i++) {
      const p = makeRecordBatch(1, 2000);
      const r = append(store, p);
      expect(r.status).toBe('ok');
      payloads.push(p);
      await turn();
    }
    fail = true;
    const big = makeRecordBatch(1, 6000);
    // The roll writes the old segment's end marker first: that write fails.
    expect(append(store, big)).toMatchObject({ status: 'storage-error', diskFull: true });
    expect(store.queueBounds('t', 0)?.highWatermark).toBe(28);
    fail = false;
    const r = append(store, big);
    expect(r).toMatchObject({ status: 'ok', baseOffset: 28 });
    if (r.status === 'ok') await r.durable;
    payloads.push(big);
    // The entry opens the segment right after the first one (not one more segment further on).
    const second = fs.readFileSync(path.join(dir, 'commitlog', String(SEGMENT).padStart(20, '0')));
    expect(second.subarray(0, 8).equals(Buffer.alloc(8))).toBe(false);
    await fixtures.close(store);
    // After a kill (no checkpoint of the last entry) recovery must reach the entry in the new segment.
    fs.rmSync(path.join(dir, 'clean-shutdown'));
    fs.rmSync(path.join(dir, 'checkpoint.json'));
    const again = await open(dir);
    expect(again.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 29 });
    const read = await again.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    if (read.status !== 'ok') throw new Error(read.status);
    expect(read.entries.map((e) => e.baseOffset)).toEqual(payloads.map((_, i) => i));
    for (const [i, e] of read.entries.entries()) {
      // The store rewrites base offset (0..7) and leader epoch (12..15); everything after is the payload.
      expect(e.payload.subarray(16).equals((payloads[i] as Buffer).subarray(16)), `entry ${i}`).toBe(true);
    }
  });
});

describe('ENOSPC in the queue index files', () => {
  it('cuts a short write back to whole entries, so the retry writes at the same place', async () => {
    const dir = fixtures.tempDir();
    const files = new QueueIndexFiles(path.join(dir, 'q'), 1000);
    const entries = (from: number, n: number): Buffer => {
      const buf = Buffer.alloc(n * QUEUE_INDEX_ENTRY_BYTES);
      for (let i = 0; i < n; i++) {
        const o = from + i;
        encodeQueueIndexEntry(buf, i * QUEUE_INDEX_ENTRY_BYTES, {
          queueOffset: o,
          position: o * 100,
          size: 100,
          count: 1,
          maxTimestampMs: o,
          tagsCode: 0,
        });
      }
      return buf;
    };
    await files.append(entries(0, 3));
    const probe = await fs.promises.open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as fs.promises.FileHandle;
    await probe.close();
    const realWrite = proto.write;
    let calls = 0;
    const spy = vi.spyOn(proto, 'write').mockImplementation(async function (
      this: fs.promises.FileHandle,
      ...args: unknown[]
    ) {
      calls += 1;
      const [buf, offset, , position] = args as [Buffer, number, number, number];
      if (calls === 1) {
        // A short write of 50 bytes (one and a quarter entries), then the disk is full.
        return Reflect.apply(realWrite, this, [buf, offset, 50, position]) as ReturnType<typeof realWrite>;
      }
      throw enospc();
    } as typeof realWrite);
    await expect(files.append(entries(3, 4))).rejects.toMatchObject({ code: 'ENOSPC' });
    spy.mockRestore();
    const file = path.join(dir, 'q', `${'0'.repeat(20)}.idx`);
    expect(fs.statSync(file).size).toBe(3 * QUEUE_INDEX_ENTRY_BYTES);
    await files.append(entries(3, 4));
    const data = fs.readFileSync(file);
    expect(data.length).toBe(7 * QUEUE_INDEX_ENTRY_BYTES);
    for (let i = 0; i < 7; i++) {
      expect(decodeQueueIndexEntry(data, i * QUEUE_INDEX_ENTRY_BYTES).queueOffset).toBe(i);
    }
  });
});

describe('ENOSPC while creating a topic', () => {
  it('drops a topic that could not be written to topics.json, so no append goes to it', async () => {
    const dir = fixtures.tempDir();
    const store = await open(dir);
    const spy = vi.spyOn(fs.promises, 'rename').mockRejectedValueOnce(enospc());
    await expect(store.createTopic('t', 1, {})).rejects.toMatchObject({ code: 'BRK_ERR_STORE_DISK_FULL' });
    spy.mockRestore();
    expect(store.getTopic('t')).toBeUndefined();
    expect(append(store, makeRecordBatch(1, 100))).toEqual({ status: 'topic-not-found' });
    // With space back the same create works and survives a restart.
    expect(await store.createTopic('t', 1, {})).toMatchObject({ status: 'ok' });
    expect(append(store, makeRecordBatch(1, 100))).toMatchObject({ status: 'ok', baseOffset: 0 });
    await fixtures.close(store);
    const again = await open(dir);
    expect(again.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 1 });
  });
});
