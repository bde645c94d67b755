/**
 * What the key index costs: the dispatcher's CPU per RocketMQ message (parse the properties, hash each
 * key, link an entry), against the store append of the same messages, plus persist time. Kafka record
 * batches are not looked into by the index: their append path gains one format comparison.
 * Run: npx tsx bench/key-index-dispatch.ts [messages] [rounds]
 *
 * Several rounds, the first discarded; median and min-max of microseconds per message.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '../src/logger.js';
import { decodeRecordBatch, encodeRocketMessage, formatProperties } from '../src/model/index.js';
import { SegmentList } from '../src/store/commit-log/segment-list.js';
import { createMessageStore, PayloadFormat } from '../src/store/index.js';
import { DEFAULT_KEY_INDEX_OPTIONS, KeyIndex } from '../src/store/key-index/key-index.js';
import { keyHash } from '../src/store/key-index/key-index-format.js';
import { spread } from './report.js';

const messages = Math.max(10_000, Number(process.argv[2] ?? 100_000));
const rounds = Math.max(3, Number(process.argv[3] ?? 5));
const BODY = Buffer.alloc(1024, 0x61);
const host = { address: Buffer.from([127, 0, 0, 1]), port: 10911 };
const log = createSilentLogger();

function payload(i: number, withKeys: boolean): Buffer {
  const properties = new Map<string, string>([
    ['TAGS', 'TagA'],
    ['WAIT', 'true'],
  ]);
  if (withKeys) {
    properties.set('KEYS', `order-${i} customer-${i % 1000}`);
    properties.set('UNIQ_KEY', `7F00000100002A9F${i.toString(16).padStart(16, '0').toUpperCase()}`);
  }
  return encodeRocketMessage(
    {
      queueId: 0,
      flag: 0,
      queueOffset: 0n,
      physicalOffset: 0n,
      sysFlag: 0,
      bornTimestampMs: Date.now(),
      bornHost: host,
      storeTimestampMs: 0,
      storeHost: host,
      reconsumeTimes: 0,
      preparedTransactionOffset: 0n,
      body: BODY,
      topic: 'bench',
      properties: formatProperties(properties),
    },
    () => 0,
  );
}

/** An uncompressed Kafka batch (magic 2) of `count` records with keys `key-<i>` and 1 KiB values. */
function keyedKafkaBatch(count: number): Buffer {
  const varint = (n: number): number[] => {
    let z = (n << 1) ^ (n >> 31);
    const out: number[] = [];
    while ((z & ~0x7f) !== 0) {
      out.push((z & 0x7f) | 0x80);
      z >>>= 7;
    }
    out.push(z);
    return out;
  };
  const records: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const key = Buffer.from(`key-${i}`);
    const body = Buffer.concat([
      Buffer.from([0, ...varint(0), ...varint(i), ...varint(key.length)]),
      key,
      Buffer.from(varint(BODY.length)),
      BODY,
      Buffer.from(varint(0)),
    ]);
    records.push(Buffer.from(varint(body.length)), body);
  }
  const head = Buffer.alloc(61);
  const recordBytes = Buffer.concat(records);
  head.writeInt32BE(61 - 12 + recordBytes.length, 8);
  head.writeInt8(2, 16);
  head.writeInt32BE(count - 1, 23);
  head.writeBigInt64BE(BigInt(Date.now()), 27);
  head.writeBigInt64BE(BigInt(Date.now()), 35);
  head.writeBigInt64BE(-1n, 43);
  head.writeInt16BE(-1, 51);
  head.writeInt32BE(-1, 53);
  head.writeInt32BE(count, 57);
  return Buffer.concat([head, recordBytes]);
}

/** What indexing Kafka record keys would cost per 1 MiB batch: decode every record, hash its key. */
function kafkaKeyRound(batch: Buffer, batches: number): number {
  const t0 = nowUs();
  let sink = 0;
  for (let b = 0; b < batches; b++) {
    const decoded = decodeRecordBatch(batch, (_codec, data) => data, 64 * 1024 * 1024);
    for (const r of decoded.records) if (r.key !== null) sink ^= keyHash('bench', r.key.toString('utf8'));
  }
  if (sink === 0.5) console.log(sink);
  return (nowUs() - t0) / batches;
}

/** The store's append of the same batches (async flush), in microseconds per batch. */
async function kafkaAppendRound(dir: string, batch: Buffer, batches: number): Promise<number> {
  const store = createMessageStore({ dataDir: dir, flushIntervalMs: 60_000 }, log);
  await store.open();
  await store.createTopic('bench', 1, {});
  const t0 = nowUs();
  for (let b = 0; b < batches; b++) {
    const r = store.append({
      topic: 'bench',
      queueId: 0,
      format: PayloadFormat.RecordBatchV2,
      payload: Buffer.from(batch),
      count: 1000,
      maxTimestampMs: Date.now(),
    });
    if (r.status !== 'ok') throw new Error(r.status);
    await r.durable;
  }
  const us = (nowUs() - t0) / batches;
  await store.close();
  return us;
}

const nowUs = (): number => Number(process.hrtime.bigint()) / 1000;

/** Dispatcher alone: queue and index `messages` entries, then persist. */
function dispatchRound(
  dir: string,
  payloads: Buffer[],
): { perMessageUs: number; persistMs: Promise<number> } {
  const segments = new SegmentList(path.join(dir, 'commitlog'), 1 << 20, log);
  segments.loadSync(new Map());
  const index = new KeyIndex(dir, DEFAULT_KEY_INDEX_OPTIONS, () => Number.MAX_SAFE_INTEGER, log);
  index.open(segments, 0);
  const t0 = nowUs();
  let position = 0;
  for (let i = 0; i < payloads.length; i++) {
    const p = payloads[i] as Buffer;
    index.enqueue('bench', position, p.length + 81, Date.now(), p);
    position += p.length + 81;
    if (i % 512 === 511) index.dispatch();
  }
  index.dispatch();
  const perMessageUs = (nowUs() - t0) / payloads.length;
  const p0 = nowUs();
  const persistMs = index.close().then(() => (nowUs() - p0) / 1000);
  return { perMessageUs, persistMs };
}

/** The store's append path for the same messages (written, dispatched), in microseconds per message. */
async function appendRound(dir: string, payloads: Buffer[]): Promise<number> {
  const store = createMessageStore({ dataDir: dir, flushIntervalMs: 60_000 }, log);
  await store.open();
  await store.createTopic('bench', 1, {});
  const t0 = nowUs();
  for (let i = 0; i < payloads.length; i++) {
    const r = store.append({
      topic: 'bench',
      queueId: 0,
      format: PayloadFormat.RocketMessage,
      payload: Buffer.from(payloads[i] as Buffer),
      count: 1,
      maxTimestampMs: Date.now(),
      commitLogOffsetAt: 28,
    });
    if (r.status !== 'ok') throw new Error(r.status);
    if (i % 512 === 511) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setImmediate(resolve));
  const us = (nowUs() - t0) / payloads.length;
  await store.close();
  return us;
}

async function main(): Promise<void> {
  const keyed = Array.from({ length: messages }, (_, i) => payload(i, true));
  const plain = Array.from({ length: messages }, (_, i) => payload(i, false));
  const dispatchKeyed: number[] = [];
  const dispatchPlain: number[] = [];
  const persist: number[] = [];
  const appendKeyed: number[] = [];
  const appendPlain: number[] = [];
  const kafkaKeys: number[] = [];
  const kafkaAppend: number[] = [];
  const batch = keyedKafkaBatch(1000);
  for (let round = 0; round < rounds; round++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrymq-bench-keyindex-'));
    try {
      const k = dispatchRound(path.join(dir, 'd1'), keyed);
      const persistMs = await k.persistMs;
      const p = dispatchRound(path.join(dir, 'd2'), plain);
      await p.persistMs;
      const ak = await appendRound(path.join(dir, 's1'), keyed);
      const ap = await appendRound(path.join(dir, 's2'), plain);
      const kk = kafkaKeyRound(batch, 64);
      const ka = await kafkaAppendRound(path.join(dir, 'k1'), batch, 64);
      if (round === 0) continue; // warm-up
      dispatchKeyed.push(k.perMessageUs);
      dispatchPlain.push(p.perMessageUs);
      persist.push(persistMs);
      appendKeyed.push(ak);
      appendPlain.push(ap);
      kafkaKeys.push(kk);
      kafkaAppend.push(ka);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const f = (xs: number[]): string => {
    const s = spread(xs);
    return `${s.median.toFixed(2)} [${s.min.toFixed(2)}-${s.max.toFixed(2)}]`;
  };
  console.log(`key index, ${messages} RocketMQ messages of 1 KiB per round, ${rounds - 1} rounds kept`);
  console.log(`dispatch, 3 keys per message (KEYS x2 + UNIQ_KEY): ${f(dispatchKeyed)} us/message`);
  console.log(`dispatch, no keys:                                 ${f(dispatchPlain)} us/message`);
  console.log(`persist of ${messages * 3} index entries:          ${f(persist)} ms`);
  console.log(`store append + write + dispatch, keyed:            ${f(appendKeyed)} us/message`);
  console.log(`store append + write + dispatch, no keys:          ${f(appendPlain)} us/message`);
  console.log(`Kafka batch of 1000 keyed 1 KiB records (${batch.length} bytes):`);
  console.log(`  store append + write (what produce pays now):   ${f(kafkaAppend)} us/batch`);
  console.log(`  decode records + hash keys (if keys were indexed): ${f(kafkaKeys)} us/batch`);
}

await main();
