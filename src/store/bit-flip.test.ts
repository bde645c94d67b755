import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../logger.js';
import { type DiskMessageStore, createMessageStore } from './message-store.js';
import { makeRecordBatch, makeTempDir, removeDir } from './store-fixtures.js';
import { PayloadFormat } from './types.js';

/**
 * A bit flip inside a stored record batch, in a segment that is not the last one (recovery never scans it
 * again): the read path must report the entry as corrupt, not serve it, while other queues keep serving.
 */

const SEGMENT_BYTES = 16 * 1024;
const dirs: string[] = [];
const stores: DiskMessageStore[] = [];

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function open(dataDir: string, verifyReadCrc?: boolean): Promise<DiskMessageStore> {
  const store = createMessageStore(
    { dataDir, segmentBytes: SEGMENT_BYTES, ...(verifyReadCrc !== undefined ? { verifyReadCrc } : {}) },
    createSilentLogger(),
  );
  await store.open();
  stores.push(store);
  return store;
}

/** A clean store with two queues over several segments; returns the data dir after a clean close. */
async function buildLog(): Promise<string> {
  const dir = makeTempDir();
  dirs.push(dir);
  const store = await open(dir);
  await store.createTopic('t', 2, {});
  for (let i = 0; i < 60; i++) {
    const r = store.append({
      topic: 't',
      queueId: i % 2,
      format: PayloadFormat.RecordBatchV2,
      payload: makeRecordBatch(2, 900),
      count: 2,
      maxTimestampMs: 1,
    });
    expect(r.status).toBe('ok');
  }
  stores.splice(stores.indexOf(store), 1);
  await store.close();
  return dir;
}

/** Flips one bit in the records part of the batch at queue 0 offset 0 (first segment). */
function flipBitInFirstBatch(dataDir: string): void {
  const file = path.join(dataDir, 'commitlog', '0'.padStart(20, '0'));
  const data = fs.readFileSync(file);
  // Entry 0 (queue 0, offset 0) starts at position 0: 76-byte header, topic "t", then the batch.
  const payloadAt = 76 + 1;
  data[payloadAt + 61 + 100] = (data[payloadAt + 61 + 100] as number) ^ 0x10;
  fs.writeFileSync(file, data);
}

describe('bit flips in old segments', () => {
  it('reads the damaged batch as corrupt and keeps serving the rest', async () => {
    const dir = await buildLog();
    flipBitInFirstBatch(dir);
    const store = await open(dir);
    expect(store.recovery?.mode).toBe('clean');
    const bad = await store.read('t', 0, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(bad.status).toBe('corrupt');
    if (bad.status === 'corrupt') expect(bad.message).toMatch(/record batch CRC mismatch/);
    // The same queue after the damaged entry, and the other queue, still read.
    const after = await store.read('t', 0, 2, { maxBytes: 1e9, atLeastOne: true });
    expect(after.status === 'ok' && after.entries.length).toBe(29);
    const other = await store.read('t', 1, 0, { maxBytes: 1e9, atLeastOne: true });
    expect(other.status === 'ok' && other.entries.length).toBe(30);
  });

  it('serves the damaged batch when verifyReadCrc is off (the header CRC does not cover it)', async () => {
    const dir = await buildLog();
    flipBitInFirstBatch(dir);
    const store = await open(dir, false);
    const read = await store.read('t', 0, 0, { maxBytes: 0, atLeastOne: true });
    expect(read.status).toBe('ok');
  });

  it('reports a flipped bit in the header-covered part of the batch whatever the setting', async () => {
    const dir = await buildLog();
    const file = path.join(dir, 'commitlog', '0'.padStart(20, '0'));
    const data = fs.readFileSync(file);
    data[76 + 1 + 9] = (data[76 + 1 + 9] as number) ^ 0x01; // batch length, covered by the header CRC
    fs.writeFileSync(file, data);
    const store = await open(dir, false);
    const read = await store.read('t', 0, 0, { maxBytes: 0, atLeastOne: true });
    expect(read.status).toBe('corrupt');
  });
});
