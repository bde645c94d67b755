/**
 * What validating produced batches costs (issue 6): the produce path's per-partition batch work before
 * (`splitBatches`: header checks and the CRC-32C) against after (`splitBatches` then
 * `checkBatchRecords`: decompression, bounded, and a walk over every record), per codec.
 * Each batch holds 1,000 records of 1 KiB (JSON-like text with random fields, so it compresses about
 * as real payloads do). Throughput is in MB/s of uncompressed record data (10^6 bytes per second).
 * Run: npx tsx bench/produce-validate.ts [pairs]
 *
 * As bench/crc32c.ts: before and after run interleaved in one process, at least 5 pairs, the first
 * discarded as warm-up; the median and min-max are printed, plus the after/before ratio.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompressionCodec, compressionCodecName } from '../src/protocol/kafka/codec/compression.js';
import { buildBatch, splitBatches } from '../src/protocol/kafka/codec/record-batch.js';
import { checkBatchRecords } from '../src/protocol/kafka/codec/record-batch-check.js';

const RECORDS_PER_BATCH = 1000;
const RECORD_BYTES = 1024;
const BATCHES = 16;
const MAX_BATCH_BYTES = 64 * 1024 * 1024;
const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
const MIN_ROUND_MS = 300;
const pairs = Math.max(5, Number(process.argv[2] ?? 7));
const codecs = [
  CompressionCodec.None,
  CompressionCodec.Gzip,
  CompressionCodec.Snappy,
  CompressionCodec.Lz4,
  CompressionCodec.Zstd,
] as const;

/** A 1 KiB JSON-like value: fixed field names, random ids and numbers. */
function value(i: number): Buffer {
  let text = `{"seq":${i},"id":"${randomBytes(8).toString('hex')}","items":[`;
  while (text.length < RECORD_BYTES - 40) {
    text += `{"sku":"${randomBytes(3).toString('hex')}","qty":${(Math.random() * 100) | 0}},`;
  }
  return Buffer.from(`${text}{}],"end":true}`.padEnd(RECORD_BYTES, ' ').slice(0, RECORD_BYTES));
}

function makeBatches(codec: CompressionCodec): Buffer[] {
  return Array.from({ length: BATCHES }, (_, b) =>
    buildBatch(
      Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({ key: null, value: value(b * 1000 + i) })),
      { codec },
    ),
  );
}

type Work = (batch: Buffer) => void;

const before: Work = (batch) => {
  const scan = splitBatches(batch, MAX_BATCH_BYTES);
  if (!scan.ok) throw new Error(scan.message);
};

const after: Work = (batch) => {
  const scan = splitBatches(batch, MAX_BATCH_BYTES);
  if (!scan.ok) throw new Error(scan.message);
  for (const b of scan.batches) {
    const check = checkBatchRecords(b, MAX_DECOMPRESSED_BYTES);
    if (!check.ok) throw new Error(check.message);
  }
};

/** Runs `work` over the batches for at least MIN_ROUND_MS; returns MB/s of uncompressed record data. */
function round(batches: Buffer[], work: Work): number {
  let records = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(MIN_ROUND_MS) * 1_000_000n) {
    for (const batch of batches) {
      work(batch);
      records += RECORDS_PER_BATCH;
    }
    elapsedNs = process.hrtime.bigint() - start;
  }
  return ((records * RECORD_BYTES) / Number(elapsedNs)) * 1000;
}

function median(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median: m, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

function loadavg(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim();
  } catch {
    return 'n/a';
  }
}

const fmt = (s: { median: number; min: number; max: number }, digits: number): string =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;

console.log(
  `produce validation: ${BATCHES} batches x ${RECORDS_PER_BATCH} x ${RECORD_BYTES} B records per codec, ` +
    `${pairs} interleaved pairs (first discarded); MB/s of record data, median (min-max)`,
);
console.log(`node ${process.version}, loadavg ${loadavg()}`);
console.log('| codec | batch bytes | before MB/s | after MB/s | after / before |');
console.log('|---|---|---|---|---|');
for (const codec of codecs) {
  const batches = makeBatches(codec);
  const b: number[] = [];
  const a: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const x = round(batches, before);
    const y = round(batches, after);
    if (i === 0) continue;
    b.push(x);
    a.push(y);
    ratios.push(y / x);
  }
  const size = (batches[0] as Buffer).length;
  console.log(
    `| ${compressionCodecName(codec)} | ${size} | ${fmt(median(b), 0)} | ${fmt(median(a), 0)} | ${fmt(median(ratios), 3)} |`,
  );
}
console.log(`loadavg after: ${loadavg()}`);
