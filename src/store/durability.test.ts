import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BrokerError } from '../errors.js';
import type { WriteSyncFn } from './commit-log/commit-log.js';
import type { DiskMessageStore } from './message-store.js';
import { TempStores, makeRecordBatch } from './store-fixtures.js';
import { type AppendResult, PayloadFormat } from './types.js';

const fixtures = new TempStores();

afterEach(async () => {
  vi.restoreAllMocks();
  await fixtures.closeAll();
});

function open(
  dataDir: string,
  extra: { writeSync?: WriteSyncFn; writeBufferBytes?: number } = {},
): Promise<DiskMessageStore> {
  return fixtures.open({ dataDir, segmentBytes: 64 * 1024, flushIntervalMs: 60_000, ...extra });
}

function append(store: DiskMessageStore, topic: string, bytes = 200): AppendResult {
  return store.append({
    topic,
    queueId: 0,
    format: PayloadFormat.RecordBatchV2,
    payload: makeRecordBatch(1, bytes),
    count: 1,
    maxTimestampMs: 1,
  });
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function settled(p: Promise<void>): { done: boolean; error: unknown } {
  const state = { done: false, error: undefined as unknown };
  p.then(
    () => {
      state.done = true;
    },
    (err: unknown) => {
      state.done = true;
      state.error = err;
    },
  );
  return state;
}

describe('flush modes', () => {
  it('sync: durable resolves only after an fdatasync that covers the entry, shared by many appends', async () => {
    const dir = fixtures.tempDir();
    const store = await open(dir);
    await store.createTopic('s', 1, { 'flush.mode': 'sync' });
    const held: (() => void)[] = [];
    const real = fs.fdatasync;
    const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((
      fd: number,
      cb: (err: NodeJS.ErrnoException | null) => void,
    ) => {
      held.push(() => real(fd, cb));
    }) as typeof fs.fdatasync);
    const states: { done: boolean; error: unknown }[] = [];
    for (let i = 0; i < 50; i++) {
      const r = append(store, 's');
      if (r.status !== 'ok') throw new Error(r.status);
      states.push(settled(r.durable));
    }
    for (let i = 0; i < 5; i++) await turn();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(states.some((s) => s.done)).toBe(false);
    // While that fsync is in flight, later appends queue for the next one.
    const late = append(store, 's');
    if (late.status !== 'ok') throw new Error(late.status);
    const lateState = settled(late.durable);
    for (let i = 0; i < 3; i++) await turn();
    expect(spy).toHaveBeenCalledTimes(1);
    held.shift()?.();
    await vi.waitFor(() => expect(states.every((s) => s.done && s.error === undefined)).toBe(true));
    expect(lateState.done).toBe(false);
    await vi.waitFor(() => expect(held.length).toBe(1));
    held.shift()?.();
    await vi.waitFor(() => expect(lateState.done).toBe(true));
    spy.mockRestore();
  });

  it('async: durable resolves once the bytes are written, without an fsync', async () => {
    const dir = fixtures.tempDir();
    const store = await open(dir);
    await store.createTopic('a', 1, {});
    const spy = vi.spyOn(fs, 'fdatasync');
    const r = append(store, 'a');
    if (r.status !== 'ok') throw new Error(r.status);
    await r.durable;
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('write failures (ENOSPC)', () => {
  it('rolls back to what is on disk, rejects durable, and fails appends that need the write', async () => {
    const dir = fixtures.tempDir();
    let fail = false;
    const writeSync: WriteSyncFn = (fd, buf, offset, length, position) => {
      if (fail) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return fs.writeSync(fd, buf, offset, length, position);
    };
    const store = await open(dir, { writeSync, writeBufferBytes: 4096 });
    await store.createTopic('t', 1, {});
    for (let i = 0; i < 3; i++) expect(append(store, 't').status).toBe('ok');
    await turn();
    fail = true;
    const lost = [append(store, 't'), append(store, 't')];
    expect(lost.map((r) => r.status === 'ok' && r.baseOffset)).toEqual([3, 4]);
    expect(store.queueBounds('t', 0)?.highWatermark).toBe(5);
    for (const r of lost) {
      if (r.status !== 'ok') throw new Error(r.status);
      await expect(r.durable).rejects.toMatchObject({ code: 'BRK_ERR_STORE_DISK_FULL' });
      await expect(r.durable).rejects.toBeInstanceOf(BrokerError);
    }
    expect(store.queueBounds('t', 0)?.highWatermark).toBe(3);
    expect(append(store, 't', 5000)).toMatchObject({ status: 'storage-error' });
    expect(store.queueBounds('t', 0)?.highWatermark).toBe(3);
    fail = false;
    const ok = append(store, 't');
    expect(ok).toMatchObject({ status: 'ok', baseOffset: 3 });
    const read = await store.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(read.status === 'ok' && read.entries.map((e) => e.baseOffset)).toEqual([0, 1, 2, 3]);
    await fixtures.close(store);
    const again = await open(dir);
    expect(again.queueBounds('t', 0)).toEqual({ logStartOffset: 0, highWatermark: 4 });
  });
});
