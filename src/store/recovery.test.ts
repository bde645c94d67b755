import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { END_MAGIC, ENTRY_MAGIC, decodeHeader, peekEntry } from './commit-log/entry-format.js';
import type { DiskMessageStore } from './message-store.js';
import { TempStores, makeRecordBatch } from './store-fixtures.js';
import { PayloadFormat } from './types.js';

const SEGMENT_BYTES = 32 * 1024;
const fixtures = new TempStores();

afterEach(() => fixtures.closeAll());

const tempDir = (): string => fixtures.tempDir();

function open(dataDir: string, flushIntervalMs = 60_000): Promise<DiskMessageStore> {
  return fixtures.open({ dataDir, segmentBytes: SEGMENT_BYTES, flushIntervalMs });
}

const close = (store: DiskMessageStore): Promise<void> => fixtures.close(store);

function append(
  store: DiskMessageStore,
  topic: string,
  queueId: number,
  count: number,
  bytes: number,
): number {
  const result = store.append({
    topic,
    queueId,
    format: PayloadFormat.RecordBatchV2,
    payload: makeRecordBatch(count, bytes),
    count,
    maxTimestampMs: 1,
  });
  if (result.status !== 'ok') throw new Error(result.status);
  return result.baseOffset;
}

/** Lets the pending write buffer reach the file, as it would before a crash. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Simulates a crash: copies the data directory of a store that is still open (no clean marker, no final checkpoint). */
function crashCopy(dataDir: string): string {
  const copy = tempDir();
  fs.cpSync(dataDir, copy, { recursive: true });
  return copy;
}

interface LoggedEntry {
  position: number;
  end: number;
  queueId: number;
  queueOffset: number;
  count: number;
}

/** Walks the CommitLog files independently of the store. */
function walkLog(dataDir: string): LoggedEntry[] {
  const dir = path.join(dataDir, 'commitlog');
  const entries: LoggedEntry[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const base = Number(name);
    const data = fs.readFileSync(path.join(dir, name));
    let at = 0;
    while (at + 8 <= data.length) {
      const { totalSize, magic } = peekEntry(data, at);
      if (magic === END_MAGIC || magic !== ENTRY_MAGIC) break;
      const h = decodeHeader(data, at);
      entries.push({
        position: base + at,
        end: base + at + totalSize,
        queueId: h.queueId,
        queueOffset: h.queueOffset,
        count: h.count,
      });
      at += totalSize;
    }
  }
  return entries;
}

function activeSegmentFile(dataDir: string, lastEntry: LoggedEntry): string {
  const base = Math.floor(lastEntry.position / SEGMENT_BYTES) * SEGMENT_BYTES;
  return path.join(dataDir, 'commitlog', String(base).padStart(20, '0'));
}

/** Deterministic pseudo-random numbers (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function expectQueuesMatch(
  store: DiskMessageStore,
  survivors: LoggedEntry[],
  queueCount: number,
): Promise<void> {
  for (let q = 0; q < queueCount; q++) {
    const mine = survivors.filter((e) => e.queueId === q);
    const last = mine[mine.length - 1];
    const hw = last === undefined ? 0 : last.queueOffset + last.count;
    expect(store.queueBounds('t', q)).toEqual({ logStartOffset: 0, highWatermark: hw });
    const read = await store.read('t', q, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(read.status).toBe('ok');
    if (read.status === 'ok')
      expect(read.entries.map((e) => e.baseOffset)).toEqual(mine.map((e) => e.queueOffset));
  }
}

describe('recovery after a crash', () => {
  it('cuts a truncated or garbled last segment at the last valid entry (200 random points)', async () => {
    const source = tempDir();
    const store = await open(source);
    await store.createTopic('t', 3, {});
    const rand = random(20251121);
    for (let i = 0; i < 120; i++) append(store, 't', i % 3, 1 + (i % 4), 200 + Math.floor(rand() * 1200));
    await nextTurn();
    const original = crashCopy(source);
    const logged = walkLog(original);
    const lastEntry = logged[logged.length - 1] as LoggedEntry;
    const segmentFile = activeSegmentFile(original, lastEntry);
    const segmentBase = Number(path.basename(segmentFile));
    const dataEnd = lastEntry.end - segmentBase;

    for (let round = 0; round < 200; round++) {
      const dir = crashCopy(original);
      const file = activeSegmentFile(dir, lastEntry);
      // Mostly inside the written data; sometimes in the zeros after it.
      const offset = Math.floor(rand() * (dataEnd + 64));
      const cutAt = segmentBase + offset;
      if (round % 2 === 0) {
        fs.truncateSync(file, offset);
      } else {
        const fd = fs.openSync(file, 'r+');
        const byte = Buffer.alloc(1);
        fs.readSync(fd, byte, 0, 1, offset);
        byte[0] = (byte[0] as number) ^ (1 + Math.floor(rand() * 255));
        fs.writeSync(fd, byte, 0, 1, offset);
        fs.closeSync(fd);
      }
      const survivors = logged.filter((e) =>
        round % 2 === 0 ? e.end <= cutAt : e.end <= cutAt || e.position > cutAt,
      );
      // A garbled entry also drops everything after it.
      const firstBad = logged.findIndex((e) => !survivors.includes(e));
      const expected = firstBad < 0 ? logged : logged.slice(0, firstBad);

      const recovered = await open(dir);
      expect(recovered.recovery?.mode).toBe('scan');
      await expectQueuesMatch(recovered, expected, 3);
      // The next offset is the one after the last valid entry, and the log stays consistent after appending.
      const q0 = expected.filter((e) => e.queueId === 0);
      const lastQ0 = q0[q0.length - 1];
      expect(append(recovered, 't', 0, 1, 50)).toBe(
        lastQ0 === undefined ? 0 : lastQ0.queueOffset + lastQ0.count,
      );
      if (round % 20 === 0) {
        await close(recovered);
        const reopened = await open(dir);
        expect(reopened.recovery?.mode).toBe('clean');
        expect(walkLog(dir).length).toBe(expected.length + 1);
        await close(reopened);
      } else {
        await close(recovered);
      }
      fixtures.removeDir(dir);
    }
    await close(store);
  }, 120_000);

  it('scans only from the last checkpoint and keeps the indexes in agreement with the log', async () => {
    const source = tempDir();
    const store = await open(source, 20);
    await store.createTopic('t', 2, {});
    for (let i = 0; i < 40; i++) append(store, 't', i % 2, 2, 700);
    const runs = store.checkpointRuns;
    while (store.checkpointRuns <= runs) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let i = 0; i < 40; i++) append(store, 't', i % 2, 2, 700);
    await nextTurn();
    const dir = crashCopy(source);
    await close(store);
    const recovered = await open(dir);
    expect(recovered.recovery?.mode).toBe('scan');
    expect(recovered.recovery?.scanStart).toBeGreaterThan(0);
    expect(recovered.recovery?.scannedEntries).toBeLessThanOrEqual(40);
    await expectQueuesMatch(recovered, walkLog(dir), 2);
    expect(recovered.queueBounds('t', 1)).toEqual({ logStartOffset: 0, highWatermark: 80 });
  });

  it('rebuilds every index from the log when an index file is damaged', async () => {
    const source = tempDir();
    const store = await open(source);
    await store.createTopic('t', 1, {});
    for (let i = 0; i < 30; i++) append(store, 't', 0, 3, 500);
    await close(store);
    const indexDir = path.join(source, 'queues', 't', '0');
    const file = path.join(indexDir, fs.readdirSync(indexDir)[0] as string);
    const data = fs.readFileSync(file);
    data.writeUInt32BE(0, 40 * 5 + 4); // entry 5's offset goes backwards
    fs.writeFileSync(file, data);
    fs.rmSync(path.join(source, 'clean-shutdown'));
    const recovered = await open(source);
    expect(recovered.recovery?.mode).toBe('full-scan');
    expect(recovered.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 90 });
    const read = await recovered.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(read.status === 'ok' && read.entries.length).toBe(30);
  });

  it('does not resurrect a deleted topic into a re-created one of the same name', async () => {
    const source = tempDir();
    const store = await open(source);
    await store.createTopic('t', 2, {});
    for (let i = 0; i < 10; i++) append(store, 't', 0, 5, 300);
    const again = store;
    expect((await again.deleteTopic('t')).status).toBe('ok');
    expect(again.getTopic('t')).toBeUndefined();
    const created = await again.createTopic('t', 2, {});
    expect(created.status).toBe('ok');
    expect(append(again, 't', 0, 2, 100)).toBe(0);
    await nextTurn();
    const dir = crashCopy(source);
    await close(again);
    const recovered = await open(dir);
    expect(recovered.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 2 });
    expect(recovered.recovery).toMatchObject({ mode: 'scan', scanStart: 0, skippedEntries: 10 });
    const read = await recovered.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(read.status === 'ok' && read.entries.map((e) => e.baseOffset)).toEqual([0]);
    expect(
      recovered.getTopic('t')?.id.equals((created.status === 'ok' && created.topic.id) || Buffer.alloc(0)),
    ).toBe(true);
  });
});
