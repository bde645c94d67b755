import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerError } from '../errors.js';
import type { FdatasyncFn } from './commit-log/commit-log.js';
import { hasCleanShutdownMarker } from './checkpoint.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import { makeRecordBatch, makeTempDir, removeDir } from './store-fixtures.js';
import { type AppendResult, PayloadFormat } from './types.js';

/**
 * Fail-stop after a failed fdatasync of the CommitLog ("fsyncgate": after a failed writeback the kernel
 * may drop the dirty pages and report the next fsync as a success). The store must refuse every later
 * append without calling fdatasync again, log one error with BRK_ERR_STORE_FSYNC_FAILED, keep serving
 * reads, write no clean-shutdown marker, and a restart must recover the log by CRC and accept appends.
 */
const dirs: string[] = [];
const stores: DiskMessageStore[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

interface LogLine {
  level: number;
  msg: string;
  err?: { code?: string };
}

/** A pino logger that keeps every line, to count the error lines. */
function capturingLogger(): { logger: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

/** An fdatasync that works until `fail` is set, then fails with EIO; counts its calls. */
function injectedFdatasync(): {
  fn: FdatasyncFn;
  state: { fail: boolean; calls: number; callsAfterFailure: number };
} {
  const state = { fail: false, calls: 0, callsAfterFailure: 0 };
  const real = async (fd: number): Promise<void> => {
    const fs = await import('node:fs');
    await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
  };
  const fn: FdatasyncFn = async (fd) => {
    state.calls += 1;
    if (state.fail) {
      state.callsAfterFailure += 1;
      throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO', errno: -5 });
    }
    await real(fd);
  };
  return { fn, state };
}

async function open(
  dataDir: string,
  options: { fdatasync?: FdatasyncFn; logger?: pino.Logger; flushIntervalMs?: number } = {},
): Promise<DiskMessageStore> {
  const store = createMessageStore(
    {
      dataDir,
      segmentBytes: 64 * 1024,
      flushIntervalMs: options.flushIntervalMs ?? 60_000,
      ...(options.fdatasync !== undefined ? { fdatasync: options.fdatasync } : {}),
    },
    options.logger ?? capturingLogger().logger,
  );
  await store.open();
  stores.push(store);
  return store;
}

function append(store: DiskMessageStore, topic: string, payload = makeRecordBatch(1, 200)): AppendResult {
  return store.append({
    topic,
    queueId: 0,
    format: PayloadFormat.RecordBatchV2,
    payload,
    count: 1,
    maxTimestampMs: 1,
  });
}

async function payloads(store: DiskMessageStore, topic: string): Promise<Buffer[]> {
  const r = await store.read(topic, 0, 0, { maxBytes: 1 << 20, atLeastOne: true });
  if (r.status !== 'ok') throw new Error(`read failed: ${r.status}`);
  return r.entries.map((e) => Buffer.from(e.payload));
}

/** A payload as the store keeps it: base offset 0 (one record per entry, so entry i has offset i) and epoch 0. */
function stored(payload: Buffer, offset: number): Buffer {
  const copy = Buffer.from(payload);
  copy.writeBigInt64BE(BigInt(offset), 0);
  copy.writeInt32BE(0, 12);
  return copy;
}

async function closeAndForget(store: DiskMessageStore): Promise<void> {
  await store.close();
  stores.splice(stores.indexOf(store), 1);
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('fdatasync failure of the commit log (fail-stop)', () => {
  it('sync mode: fails the waiting append, refuses later ones without another fsync, logs one error, keeps reads', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const { fn, state } = injectedFdatasync();
    const { logger, lines } = capturingLogger();
    const store = await open(dir, { fdatasync: fn, logger });
    await store.createTopic('s', 1, { 'flush.mode': 'sync' });
    const good = [makeRecordBatch(1, 300), makeRecordBatch(1, 300)];
    for (const p of good) {
      const r = append(store, 's', p);
      if (r.status !== 'ok') throw new Error(r.status);
      await r.durable;
    }
    expect(state.calls).toBeGreaterThan(0);

    state.fail = true;
    const doomed = append(store, 's', makeRecordBatch(1, 300));
    if (doomed.status !== 'ok') throw new Error(doomed.status);
    const err = await doomed.durable.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BrokerError);
    expect((err as BrokerError).code).toBe('BRK_ERR_STORE_FSYNC_FAILED');

    // The disk "recovers": a later fsync would succeed, but the store must not trust it.
    state.fail = false;
    const callsAtFailure = state.calls;
    for (let i = 0; i < 3; i++) {
      const refused = append(store, 's');
      expect(refused).toMatchObject({ status: 'storage-error', syncFailed: true });
    }
    const other = await store.createTopic('other', 1, {});
    expect(other.status).toBe('ok');
    expect(append(store, 'other')).toMatchObject({ status: 'storage-error', syncFailed: true });
    await wait(20);
    expect(state.calls).toBe(callsAtFailure);

    // Reads of what was stored keep working.
    const read = await payloads(store, 's');
    expect(read.slice(0, 2)).toEqual(good.map(stored));

    const errors = lines.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.err?.code).toBe('BRK_ERR_STORE_FSYNC_FAILED');
    expect(errors[0]?.msg).toMatch(/fail-stop/);

    // No clean-shutdown marker: the next start scans the log by CRC and accepts appends again.
    await closeAndForget(store);
    expect(hasCleanShutdownMarker(dir)).toBe(false);
    const reopened = await open(dir);
    expect(reopened.recovery?.mode).not.toBe('clean');
    expect((await payloads(reopened, 's')).slice(0, 2)).toEqual(good.map(stored));
    const after = append(reopened, 's');
    if (after.status !== 'ok') throw new Error(after.status);
    await after.durable;
  });

  it('async mode: a failed periodic fsync fences appends; later checkpoints stay quiet', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const { fn, state } = injectedFdatasync();
    const { logger, lines } = capturingLogger();
    const store = await open(dir, { fdatasync: fn, logger, flushIntervalMs: 20 });
    await store.createTopic('a', 1, {});
    const first = append(store, 'a');
    if (first.status !== 'ok') throw new Error(first.status);
    await first.durable;
    state.fail = true;
    const second = append(store, 'a');
    expect(second.status).toBe('ok'); // accepted before any fsync failed
    const deadline = Date.now() + 5_000;
    while (state.callsAfterFailure === 0 && Date.now() < deadline) await wait(10);
    expect(state.callsAfterFailure).toBeGreaterThan(0);
    expect(append(store, 'a')).toMatchObject({ status: 'storage-error', syncFailed: true });
    const fsyncsAfter = state.calls;
    await wait(150); // several flush intervals
    expect(state.calls).toBe(fsyncsAfter);
    expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);
    expect(await payloads(store, 'a')).toHaveLength(2);
  });

  it('without a failure the hook is used and the clean-shutdown marker is written (control)', async () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const { fn, state } = injectedFdatasync();
    const store = await open(dir, { fdatasync: fn });
    await store.createTopic('s', 1, { 'flush.mode': 'sync' });
    const r = append(store, 's');
    if (r.status !== 'ok') throw new Error(r.status);
    await r.durable;
    expect(state.calls).toBeGreaterThan(0);
    await closeAndForget(store);
    expect(hasCleanShutdownMarker(dir)).toBe(true);
  });
});
