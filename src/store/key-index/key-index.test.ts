import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeRocketMessage, encodeRocketMessage, formatProperties } from '../../model/index.js';
import type { DiskMessageStore } from '../message-store.js';
import type { StoreOptions } from '../store-options.js';
import { TempStores, makeRecordBatch } from '../store-fixtures.js';
import { PayloadFormat } from '../types.js';
import { KEY_INDEX_HEADER_BYTES, decodeKeyIndexHeader, keyHash } from './key-index-format.js';

const fixtures = new TempStores();
let now = 1_700_000_000_000;
const ALL_TIME = { beginTimestampMs: 0, endTimestampMs: Number.MAX_SAFE_INTEGER };

afterEach(() => fixtures.closeAll());

const tempDir = (): string => fixtures.tempDir('ferrymq-keyindex-');

function open(dataDir: string, options: Partial<StoreOptions> = {}): Promise<DiskMessageStore> {
  return fixtures.open({
    dataDir,
    segmentBytes: 64 * 1024,
    flushIntervalMs: 60_000,
    nowMs: () => now,
    ...options,
  });
}

const close = (store: DiskMessageStore): Promise<void> => fixtures.close(store);

/** The data directory of a store that is still open: what a kill -9 leaves. */
function crashCopy(dataDir: string): string {
  const copy = tempDir();
  fs.cpSync(dataDir, copy, { recursive: true });
  return copy;
}

/** Lets the CommitLog write and the key index dispatch run (both wait one turn). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Sent {
  position: number;
  body: string;
}

function send(
  store: DiskMessageStore,
  topic: string,
  body: string,
  keys?: string,
  uniqKey?: string,
  queueId = 0,
): Sent {
  const properties = new Map<string, string>();
  if (keys !== undefined) properties.set('KEYS', keys);
  if (uniqKey !== undefined) properties.set('UNIQ_KEY', uniqKey);
  const host = { address: Buffer.from([127, 0, 0, 1]), port: 10911 };
  const payload = encodeRocketMessage(
    {
      queueId,
      flag: 0,
      queueOffset: 0n,
      physicalOffset: 0n,
      sysFlag: 0,
      bornTimestampMs: now,
      bornHost: host,
      storeTimestampMs: now,
      storeHost: host,
      reconsumeTimes: 0,
      preparedTransactionOffset: 0n,
      body: Buffer.from(body),
      topic,
      properties: formatProperties(properties),
    },
    () => 0,
  );
  const result = store.append({
    topic,
    queueId,
    format: PayloadFormat.RocketMessage,
    payload,
    count: 1,
    maxTimestampMs: now,
    commitLogOffsetAt: 28,
  });
  if (result.status !== 'ok') throw new Error(result.status);
  return { position: result.commitLogOffset, body };
}

async function bodies(store: DiskMessageStore, topic: string, key: string, maxCount = 64): Promise<string[]> {
  const result = await store.queryByKey(topic, key, { maxCount, ...ALL_TIME });
  return result.matches.map((m) => decodeRocketMessage(m.entry.payload).message.body.toString());
}

const indexFiles = (dir: string): string[] =>
  fs
    .readdirSync(path.join(dir, 'index'))
    .filter((n) => n.endsWith('.idx'))
    .sort();

describe('key index', () => {
  it('finds messages by each KEYS token and by UNIQ_KEY, newest first, in the time range', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.createTopic('t', 2, {});
    await store.createTopic('other', 1, {});
    const a = send(store, 't', 'a', 'order-1 customer-7', 'U1');
    now += 5_000;
    const b = send(store, 't', 'b', 'order-2 customer-7', 'U2', 1);
    now += 5_000;
    send(store, 'other', 'c', 'customer-7');
    send(store, 't', 'd'); // no keys
    await settle();

    expect(await bodies(store, 't', 'customer-7')).toEqual(['b', 'a']);
    expect(await bodies(store, 't', 'order-1')).toEqual(['a']);
    expect(await bodies(store, 't', 'U2')).toEqual(['b']);
    expect(await bodies(store, 'other', 'customer-7')).toEqual(['c']);
    expect(await bodies(store, 't', 'customer-7', 1)).toEqual(['b']);
    expect(await bodies(store, 't', 'nobody')).toEqual([]);
    expect(await bodies(store, 'missing-topic', 'order-1')).toEqual([]);

    // Store time range, inclusive, to the millisecond.
    const first = await store.queryByKey('t', 'customer-7', {
      maxCount: 10,
      beginTimestampMs: now - 10_000,
      endTimestampMs: now - 10_000,
    });
    expect(first.matches.map((m) => m.commitLogOffset)).toEqual([a.position]);
    expect(first.matches[0]?.queueId).toBe(0);
    expect(first.indexLastUpdateTimestampMs).toBe(now);
    expect(first.indexLastUpdatePosition).toBeGreaterThan(b.position);

    // The store wrote each entry's own position into PHYSICALOFFSET.
    const read = await store.readAt(b.position);
    expect(read.status).toBe('ok');
    if (read.status === 'ok') {
      expect(read.topic).toBe('t');
      expect(read.queueId).toBe(1);
      expect(read.entry.commitLogOffset).toBe(b.position);
      expect(decodeRocketMessage(read.entry.payload).message.physicalOffset).toBe(BigInt(b.position));
    }
  });

  it('keeps keys with the same hash apart (one slot for every key)', async () => {
    const dir = tempDir();
    const store = await open(dir, { keyIndex: { slotCount: 1 } });
    await store.createTopic('t', 1, {});
    expect(keyHash('t', 'Aa')).toBe(keyHash('t', 'BB')); // Java's classic String.hashCode collision
    const aa = send(store, 't', 'aa', 'Aa');
    const bb = send(store, 't', 'bb', 'BB');
    send(store, 't', 'cc', 'Cc');
    await settle();
    // The index hands back both colliding positions; the store keeps only the entry that carries the key.
    expect(store.keyIndex.lookup('t', 'Aa', 0, Number.MAX_SAFE_INTEGER, 10)).toEqual([
      bb.position,
      aa.position,
    ]);
    expect(await bodies(store, 't', 'Aa')).toEqual(['aa']);
    expect(await bodies(store, 't', 'BB')).toEqual(['bb']);
    expect(await bodies(store, 't', 'Cc')).toEqual(['cc']);
  });

  it('rolls to a new file when one is full and finds keys in every file, also after a restart', async () => {
    const dir = tempDir();
    const options = { keyIndex: { slotCount: 8, entryCapacity: 3 } };
    let store = await open(dir, options);
    await store.createTopic('t', 1, {});
    for (let i = 0; i < 10; i++) send(store, 't', `m${i}`, `k${i % 4} all`);
    await settle();
    await store.keyIndex.persist();
    // 20 keys, 3 per file.
    expect(indexFiles(dir)).toHaveLength(7);
    expect(await bodies(store, 't', 'all')).toEqual([
      'm9',
      'm8',
      'm7',
      'm6',
      'm5',
      'm4',
      'm3',
      'm2',
      'm1',
      'm0',
    ]);
    expect(await bodies(store, 't', 'k1')).toEqual(['m9', 'm5', 'm1']);
    await close(store);

    store = await open(dir, options);
    expect(store.keyIndexRecovery).toMatchObject({ discarded: 0, scannedEntries: 0 });
    expect(await bodies(store, 't', 'k1')).toEqual(['m9', 'm5', 'm1']);
    send(store, 't', 'm10', 'k1');
    await settle();
    expect(await bodies(store, 't', 'k1')).toEqual(['m10', 'm9', 'm5', 'm1']);
  });

  it('re-derives what was not persisted from the CommitLog after a crash', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.createTopic('t', 1, {});
    send(store, 't', 'early', 'k');
    await settle();
    await store.keyIndex.persist();
    send(store, 't', 'late', 'k');
    const kafka = store.append({
      topic: 't',
      queueId: 0,
      format: PayloadFormat.RecordBatchV2,
      payload: makeRecordBatch(3, 100),
      count: 3,
      maxTimestampMs: now,
    });
    expect(kafka.status).toBe('ok');
    await settle();
    const crashed = await open(crashCopy(dir));
    expect(crashed.keyIndexRecovery).toMatchObject({ discarded: 0, scannedEntries: 2 });
    expect(await bodies(crashed, 't', 'k')).toEqual(['late', 'early']);
  });

  it('discards a torn or damaged file and rebuilds it from the CommitLog', async () => {
    const dir = tempDir();
    const store = await open(dir, { keyIndex: { slotCount: 16, entryCapacity: 4 } });
    await store.createTopic('t', 1, {});
    for (let i = 0; i < 6; i++) send(store, 't', `m${i}`, 'k');
    await settle();
    await store.keyIndex.persist();
    send(store, 't', 'm6', 'k');
    await settle();
    const files = indexFiles(dir);
    expect(files).toHaveLength(2);
    const last = path.join('index', files[1] as string);

    const damage: Record<string, (file: string) => void> = {
      // A slot page written before the header that would count its entry.
      'slot ahead of the header': (file) => {
        const fd = fs.openSync(file, 'r+');
        const slot = Buffer.alloc(4);
        slot.writeInt32BE(3);
        fs.writeSync(fd, slot, 0, 4, KEY_INDEX_HEADER_BYTES + 4 * (keyHash('t', 'k') % 16));
        fs.closeSync(fd);
      },
      'header bit flip': (file) => {
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, Buffer.from([0x55]), 0, 1, 20);
        fs.closeSync(fd);
      },
      'cut short': (file) => fs.truncateSync(file, 100),
      'empty file': (file) => fs.truncateSync(file, 0),
    };
    for (const [name, hurt] of Object.entries(damage)) {
      const copy = crashCopy(dir);
      hurt(path.join(copy, last));
      const crashed = await open(copy, { keyIndex: { slotCount: 16, entryCapacity: 4 } });
      expect(crashed.keyIndexRecovery?.discarded, name).toBe(1);
      expect(await bodies(crashed, 't', 'k'), name).toEqual(['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);
      await close(crashed);
      const header = fs.readFileSync(path.join(copy, last)).subarray(0, KEY_INDEX_HEADER_BYTES);
      expect(decodeKeyIndexHeader(header), name).toMatchObject({ entryCount: 3 });
    }
  });

  it('drops a file that is ahead of a shorter recovered CommitLog', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.createTopic('t', 1, {});
    send(store, 't', 'kept', 'k');
    await settle();
    const cut = store.append({
      topic: 't',
      queueId: 0,
      format: PayloadFormat.RecordBatchV2,
      payload: makeRecordBatch(1, 10),
      count: 1,
      maxTimestampMs: now,
    });
    if (cut.status !== 'ok') throw new Error(cut.status);
    send(store, 't', 'lost', 'k');
    await settle();
    await store.keyIndex.persist();
    const copy = crashCopy(dir);
    // Power loss: the log lost its tail (from the Kafka batch on) but the index file had been synced.
    const segment = path.join(copy, 'commitlog', '0'.repeat(20));
    const fd = fs.openSync(segment, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096), 0, 4096, cut.commitLogOffset);
    fs.closeSync(fd);
    const crashed = await open(copy);
    expect(crashed.keyIndexRecovery?.discarded).toBe(1);
    expect(await bodies(crashed, 't', 'k')).toEqual(['kept']);
    // A new message reuses the lost position; the index points there once, for the new one.
    const again = send(crashed, 't', 'again', 'k');
    await settle();
    expect(again.position).toBe(cut.commitLogOffset);
    expect(await bodies(crashed, 't', 'k')).toEqual(['again', 'kept']);
  });

  it('deletes index files with retention, once the CommitLog they point into is gone', async () => {
    const dir = tempDir();
    const store = await open(dir, { segmentBytes: 4096, keyIndex: { slotCount: 8, entryCapacity: 2 } });
    await store.createTopic('t', 1, { 'retention.ms': '1000' });
    for (let i = 0; i < 40; i++) send(store, 't', `m${i}`.padEnd(200, '.'), `k${i}`);
    await settle();
    await store.keyIndex.persist();
    const before = indexFiles(dir).length;
    expect(before).toBe(20);
    now += 10_000;
    const run = await store.runRetention();
    expect(run.deletedSegments.length).toBeGreaterThan(0);
    const after = indexFiles(dir);
    expect(after.length).toBeLessThan(before);
    expect(after.length).toBeGreaterThan(0);
    // Keys of deleted segments are gone; the newest ones (still in the active segment) are found.
    expect(await bodies(store, 't', 'k0')).toEqual([]);
    expect((await bodies(store, 't', 'k39')).map((b) => b.slice(0, 3))).toEqual(['m39']);
  });

  it('does not index Kafka record batches, and readAt finds a batch by any byte inside it', async () => {
    const dir = tempDir();
    const store = await open(dir);
    await store.createTopic('k', 1, {});
    const r = store.append({
      topic: 'k',
      queueId: 0,
      format: PayloadFormat.RecordBatchV2,
      payload: makeRecordBatch(5, 200),
      count: 5,
      maxTimestampMs: now,
    });
    if (r.status !== 'ok') throw new Error(r.status);
    const next = send(store, 'k', 'after', 'x');
    await settle();
    expect(store.keyIndex.indexedKeys).toBe(1);
    for (const at of [r.commitLogOffset, r.commitLogOffset + 3, next.position - 1]) {
      const found = await store.readAt(at);
      expect(found).toMatchObject({ status: 'ok', topic: 'k', queueId: 0 });
      if (found.status === 'ok') {
        expect(found.entry).toMatchObject({ commitLogOffset: r.commitLogOffset, baseOffset: 0, count: 5 });
        expect(found.entry.size).toBe(next.position - r.commitLogOffset);
      }
    }
    expect(await store.readAt(next.position)).toMatchObject({ status: 'ok', entry: { baseOffset: 5 } });
    expect(await store.readAt(next.position + 100_000)).toEqual({ status: 'not-found' });
    expect(await store.readAt(-1)).toEqual({ status: 'not-found' });
    expect(await store.deleteRecords('k', 0, 5)).toMatchObject({ status: 'ok' });
    expect(await store.readAt(r.commitLogOffset)).toEqual({ status: 'not-found' });
    await store.deleteTopic('k');
    expect(await store.readAt(next.position)).toEqual({ status: 'not-found' });
  });
});
