import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../../logger.js';
import { createMessageStore, PayloadFormat, type DiskMessageStore } from '../../../store/index.js';
import { buildBatch } from '../codec/record-batch.js';
import { CompressionCodec } from '../codec/compression.js';
import { readProducerHeader } from './batch-header.js';
import { readControlType } from './control-batch.js';
import { ProducerStates } from './producer-states.js';
import { TransactionCoordinator } from './transaction-coordinator.js';
import { newTransaction, serializeTransaction } from './transaction-state.js';
import { JournalRecordType, JOURNAL_FILE, TXN_DIR, encodeJournalRecord } from './txn-journal.js';

const log = createSilentLogger();
const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

interface Node {
  dir: string;
  store: DiskMessageStore;
  states: ProducerStates;
  coordinator: TransactionCoordinator;
  clock: { now: number };
  close(): Promise<void>;
}

/** A store, producer states and coordinator on `dir` (a fresh directory when absent). */
async function openNode(dir?: string, clock = { now: 1_000_000 }): Promise<Node> {
  const dataDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ferrymq-txn-'));
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  const store = createMessageStore({ dataDir, segmentBytes: 256 * 1024, flushIntervalMs: 60_000 }, log);
  await store.open();
  if (!store.getTopic('t')) await store.createTopic('t', 2, {});
  const states = new ProducerStates(store, log);
  const coordinator = new TransactionCoordinator({
    dataDir,
    producerStates: states,
    offsets: store.consumerOffsets,
    log,
    nowMs: () => clock.now,
    checkIntervalMs: 60_000,
    producerIdBlockSize: 10,
  });
  await coordinator.open();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await coordinator.close();
    await store.close();
  };
  cleanups.push(close);
  return { dir: dataDir, store, states, coordinator, clock, close };
}

/** Appends one record batch of a producer the way the Produce handler does (check, append, apply). */
async function produce(
  node: Node,
  partition: number,
  producerId: bigint,
  epoch: number,
  sequence: number,
  transactional: boolean,
): Promise<number | string> {
  const topic = node.store.getTopic('t');
  if (!topic) throw new Error('no topic');
  const table = await node.states.load(topic, partition);
  const payload = buildBatch([{ key: null, value: Buffer.from(`v${sequence}`) }], {
    codec: CompressionCodec.None,
    producerId,
    producerEpoch: epoch,
    baseSequence: sequence,
    isTransactional: transactional,
  });
  const header = readProducerHeader(payload);
  const verdict = table.check([header]);
  if (verdict.kind === 'error') return verdict.error;
  if (verdict.kind === 'duplicate') return verdict.baseOffset;
  if (transactional) {
    const refused = node.coordinator.verifyProduce(producerId, epoch, 't', partition);
    if (refused !== null) return refused;
  }
  const result = node.store.append({
    topic: 't',
    queueId: partition,
    format: PayloadFormat.RecordBatchV2,
    payload,
    count: 1,
    maxTimestampMs: Date.now(),
  });
  if (result.status !== 'ok') throw new Error(result.status);
  table.applyBatch(header, result.baseOffset);
  return result.baseOffset;
}

/** Every control marker in a partition: [offset, 'commit' | 'abort', epoch]. */
async function markers(node: Node, partition: number): Promise<[number, string, number][]> {
  const read = await node.store.read('t', partition, 0, { maxBytes: 1 << 20, atLeastOne: true });
  if (read.status !== 'ok') throw new Error(read.status);
  const out: [number, string, number][] = [];
  for (const e of read.entries) {
    const type = readControlType(e.payload);
    if (type !== undefined) out.push([e.baseOffset, type, readProducerHeader(e.payload).producerEpoch]);
  }
  return out;
}

async function lso(node: Node, partition: number): Promise<number> {
  const topic = node.store.getTopic('t');
  if (!topic) throw new Error('no topic');
  const table = await node.states.load(topic, partition);
  return table.lastStableOffset(node.store.queueBounds('t', partition)?.highWatermark ?? -1);
}

async function init(node: Node, id: string, timeoutMs = 60_000): Promise<{ pid: bigint; epoch: number }> {
  const r = await node.coordinator.initProducerId(id, timeoutMs, -1n, -1);
  if (r.error !== null) throw new Error(r.error);
  return { pid: r.producerId, epoch: r.producerEpoch };
}

describe('producer ids', () => {
  it('hands out distinct ids and never reuses one after a restart', async () => {
    const a = await openNode();
    const first: bigint[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await a.coordinator.initProducerId(null, 0, -1n, -1);
      if (r.error !== null) throw new Error(r.error);
      expect(r.producerEpoch).toBe(0);
      first.push(r.producerId);
    }
    expect(new Set(first).size).toBe(12);
    await a.close();
    const b = await openNode(a.dir);
    const r = await b.coordinator.initProducerId(null, 0, -1n, -1);
    if (r.error !== null) throw new Error(r.error);
    expect(r.producerId > (first[first.length - 1] as bigint)).toBe(true);
  });

  it('validates transactional ids and timeouts', async () => {
    const n = await openNode();
    expect(await n.coordinator.initProducerId('', 1000, -1n, -1)).toEqual({ error: 'invalid-request' });
    expect(await n.coordinator.initProducerId('x', 0, -1n, -1)).toEqual({
      error: 'invalid-transaction-timeout',
    });
    expect(await n.coordinator.initProducerId('x', 16 * 60_000, -1n, -1)).toEqual({
      error: 'invalid-transaction-timeout',
    });
  });
});

describe('transaction state machine', () => {
  it('InitProducerId keeps the producer id and bumps the epoch; a stale expectation is fenced', async () => {
    const n = await openNode();
    const a = await init(n, 'tx');
    expect(a.epoch).toBe(0);
    const b = await init(n, 'tx');
    expect(b).toEqual({ pid: a.pid, epoch: 1 });
    expect(await n.coordinator.initProducerId('tx', 1000, a.pid, 0)).toEqual({ error: 'producer-fenced' });
    const c = await n.coordinator.initProducerId('tx', 1000, a.pid, 1);
    expect(c).toEqual({ error: null, producerId: a.pid, producerEpoch: 2 });
  });

  it('commit: markers in every partition, the LSO released, offsets applied', async () => {
    const n = await openNode();
    const { pid, epoch } = await init(n, 'tx');
    expect(await produce(n, 0, pid, epoch, 0, true)).toBe('invalid-txn-state');
    const parts = [
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ];
    expect(await n.coordinator.addPartitions('tx', pid, epoch, parts)).toBeNull();
    expect(n.coordinator.describe('tx')?.state).toBe('Ongoing');
    expect(await produce(n, 0, pid, epoch, 0, true)).toBe(0);
    expect(await produce(n, 0, pid, epoch, 1, true)).toBe(1);
    expect(await produce(n, 1, pid, epoch, 0, true)).toBe(0);
    expect(await lso(n, 0)).toBe(0);
    expect(await n.coordinator.addOffsets('tx', pid, epoch, 'g')).toBeNull();
    const entry = {
      topic: 't',
      queueId: 0,
      offset: 2,
      leaderEpoch: -1,
      metadata: null,
      commitTimestampMs: 1,
    };
    expect(await n.coordinator.commitOffsets('tx', pid, epoch, 'g', [entry])).toBeNull();
    expect(n.store.consumerOffsets.get('g', 't', 0)).toBeUndefined();
    expect(await n.coordinator.endTransaction('tx', pid, epoch, true)).toBeNull();
    expect(n.coordinator.describe('tx')?.state).toBe('CompleteCommit');
    expect(await markers(n, 0)).toEqual([[2, 'commit', epoch]]);
    expect(await markers(n, 1)).toEqual([[1, 'commit', epoch]]);
    expect(await lso(n, 0)).toBe(3);
    expect(n.store.consumerOffsets.get('g', 't', 0)?.offset).toBe(2);
    // a retried EndTxn(commit) is answered again; an abort now is a state error
    expect(await n.coordinator.endTransaction('tx', pid, epoch, true)).toBeNull();
    expect(await n.coordinator.endTransaction('tx', pid, epoch, false)).toBe('invalid-txn-state');
  });

  it('abort: an abort marker, the transaction listed as aborted, offsets dropped', async () => {
    const n = await openNode();
    const { pid, epoch } = await init(n, 'tx');
    await n.coordinator.addPartitions('tx', pid, epoch, [{ topic: 't', partition: 0 }]);
    await produce(n, 0, pid, epoch, 0, true);
    await n.coordinator.addOffsets('tx', pid, epoch, 'g');
    const entry = {
      topic: 't',
      queueId: 0,
      offset: 9,
      leaderEpoch: -1,
      metadata: null,
      commitTimestampMs: 1,
    };
    await n.coordinator.commitOffsets('tx', pid, epoch, 'g', [entry]);
    expect(await n.coordinator.endTransaction('tx', pid, epoch, false)).toBeNull();
    expect(await markers(n, 0)).toEqual([[1, 'abort', epoch]]);
    const topic = n.store.getTopic('t');
    if (!topic) throw new Error('no topic');
    const table = await n.states.load(topic, 0);
    expect(table.abortedIn(0, 2)).toEqual([{ producerId: pid, firstOffset: 0, lastOffset: 1 }]);
    expect(n.store.consumerOffsets.get('g', 't', 0)).toBeUndefined();
    // the next transaction of the same producer continues its sequence
    await n.coordinator.addPartitions('tx', pid, epoch, [{ topic: 't', partition: 0 }]);
    expect(await produce(n, 0, pid, epoch, 1, true)).toBe(2);
  });

  it('fences the old producer when a new one initialises mid-transaction', async () => {
    const n = await openNode();
    const old = await init(n, 'tx');
    await n.coordinator.addPartitions('tx', old.pid, old.epoch, [{ topic: 't', partition: 0 }]);
    await produce(n, 0, old.pid, old.epoch, 0, true);
    const fresh = await init(n, 'tx');
    expect(fresh.pid).toBe(old.pid);
    expect(fresh.epoch).toBe(2); // one bump for the abort markers, one for the new producer
    expect(await markers(n, 0)).toEqual([[1, 'abort', 1]]);
    expect(await produce(n, 0, old.pid, old.epoch, 1, true)).toBe('invalid-producer-epoch');
    expect(await n.coordinator.endTransaction('tx', old.pid, old.epoch, true)).toBe('producer-fenced');
    expect(await n.coordinator.addPartitions('tx', old.pid, old.epoch, [])).toBe('producer-fenced');
    expect(await n.coordinator.addPartitions('tx', 999n, fresh.epoch, [])).toBe(
      'invalid-producer-id-mapping',
    );
    await n.coordinator.addPartitions('tx', fresh.pid, fresh.epoch, [{ topic: 't', partition: 0 }]);
    expect(await produce(n, 0, fresh.pid, fresh.epoch, 0, true)).toBe(2);
  });

  it('aborts a transaction past its timeout and bumps the epoch', async () => {
    const n = await openNode();
    const { pid, epoch } = await init(n, 'tx', 5000);
    await n.coordinator.addPartitions('tx', pid, epoch, [{ topic: 't', partition: 1 }]);
    await produce(n, 1, pid, epoch, 0, true);
    n.coordinator.checkTimeouts();
    expect(n.coordinator.describe('tx')?.state).toBe('Ongoing');
    n.clock.now += 5001;
    n.coordinator.checkTimeouts();
    await expect.poll(() => n.coordinator.describe('tx')?.state).toBe('CompleteAbort');
    expect(n.coordinator.describe('tx')?.producerEpoch).toBe(epoch + 1);
    expect(await markers(n, 1)).toEqual([[1, 'abort', epoch + 1]]);
    expect(await n.coordinator.endTransaction('tx', pid, epoch, true)).toBe('producer-fenced');
    expect(await lso(n, 1)).toBe(2);
  });

  it('lists and describes transactional ids', async () => {
    const n = await openNode();
    const { pid, epoch } = await init(n, 'a');
    await init(n, 'b');
    await n.coordinator.addPartitions('a', pid, epoch, [{ topic: 't', partition: 1 }]);
    expect(n.coordinator.list().map((t) => [t.transactionalId, t.state])).toEqual([
      ['a', 'Ongoing'],
      ['b', 'Empty'],
    ]);
    expect(n.coordinator.describe('a')).toMatchObject({
      producerId: pid,
      state: 'Ongoing',
      startTimeMs: n.clock.now,
      partitions: [{ topic: 't', partition: 1 }],
    });
  });
});

describe('recovery', () => {
  it('keeps transactional ids and open transactions across a restart', async () => {
    const a = await openNode();
    const { pid, epoch } = await init(a, 'tx');
    await a.coordinator.addPartitions('tx', pid, epoch, [{ topic: 't', partition: 0 }]);
    await produce(a, 0, pid, epoch, 0, true);
    await a.close();
    const b = await openNode(a.dir);
    expect(b.coordinator.describe('tx')).toMatchObject({
      producerId: pid,
      producerEpoch: epoch,
      state: 'Ongoing',
    });
    expect(await lso(b, 0)).toBe(0);
    expect(await b.coordinator.endTransaction('tx', pid, epoch, true)).toBeNull();
    expect(await lso(b, 0)).toBe(2);
  });

  it('completes a transaction caught in PrepareCommit on open', async () => {
    const a = await openNode();
    const { pid, epoch } = await init(a, 'tx');
    await a.coordinator.addPartitions('tx', pid, epoch, [{ topic: 't', partition: 1 }]);
    await produce(a, 1, pid, epoch, 0, true);
    await a.close();
    // What a crash between journaling PrepareCommit and writing the markers leaves behind.
    const prepared = newTransaction('tx', pid, 60_000, 1);
    prepared.producerEpoch = epoch;
    prepared.state = 'PrepareCommit';
    prepared.startTimeMs = 1;
    prepared.partitions.set('t\u00001', { topic: 't', partition: 1 });
    fs.appendFileSync(
      path.join(a.dir, TXN_DIR, JOURNAL_FILE),
      encodeJournalRecord({ type: JournalRecordType.Transaction, body: serializeTransaction(prepared) }),
    );
    const b = await openNode(a.dir);
    expect(b.coordinator.describe('tx')?.state).toBe('CompleteCommit');
    expect(await markers(b, 1)).toEqual([[1, 'commit', epoch]]);
    expect(await lso(b, 1)).toBe(2);
  });

  it('drops a torn journal tail', async () => {
    const a = await openNode();
    await init(a, 'tx');
    await a.close();
    fs.appendFileSync(path.join(a.dir, TXN_DIR, JOURNAL_FILE), Buffer.from([0, 0, 0, 50, 1, 2, 3]));
    const b = await openNode(a.dir);
    expect(b.coordinator.describe('tx')?.state).toBe('Empty');
  });

  it('rebuilds producer state from the log: duplicates, epochs, open and aborted transactions', async () => {
    const a = await openNode();
    const idem = await a.coordinator.initProducerId(null, 0, -1n, -1);
    if (idem.error !== null) throw new Error(idem.error);
    for (let seq = 0; seq < 3; seq++) expect(await produce(a, 0, idem.producerId, 0, seq, false)).toBe(seq);
    const t = await init(a, 'tx');
    await a.coordinator.addPartitions('tx', t.pid, t.epoch, [{ topic: 't', partition: 0 }]);
    await produce(a, 0, t.pid, t.epoch, 0, true); // offset 3
    await a.coordinator.endTransaction('tx', t.pid, t.epoch, false); // marker at 4
    await a.coordinator.addPartitions('tx', t.pid, t.epoch, [{ topic: 't', partition: 0 }]);
    await produce(a, 0, t.pid, t.epoch, 1, true); // offset 5, left open
    await a.close();

    const b = await openNode(a.dir);
    // a retried batch is recognised with its original offset, a gap is refused
    expect(await produce(b, 0, idem.producerId, 0, 1, false)).toBe(1);
    expect(await produce(b, 0, idem.producerId, 0, 5, false)).toBe('out-of-order-sequence');
    expect(await produce(b, 0, idem.producerId, 0, 3, false)).toBe(6);
    const topic = b.store.getTopic('t');
    if (!topic) throw new Error('no topic');
    const table = await b.states.load(topic, 0);
    expect(table.abortedIn(0, 7)).toEqual([{ producerId: t.pid, firstOffset: 3, lastOffset: 4 }]);
    expect(table.lastStableOffset(7)).toBe(5);
  });
});
