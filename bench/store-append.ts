/**
 * Store append throughput: 1 MiB record batches of 1024 x 1 KiB records appended to one queue, against a
 * reference that writes the same bytes straight to a preallocated file with one fs.writeSync per 1 MiB.
 * Run: npx tsx bench/store-append.ts [pairs] [MiB per run] [async|sync]
 *
 * As BENCHMARKS.md asks: reference and store interleaved in one process, at least 5 pairs, the first pair
 * discarded; median and min-max of MB/s, the store/reference ratio per pair, and the process CPU%.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger } from '../src/logger.js';
import { createMessageStore } from '../src/store/index.js';
import { PayloadFormat } from '../src/store/index.js';
import { makeRecordBatch } from '../src/store/store-fixtures.js';
import { spread } from './report.js';

const BATCH_RECORDS = 1024;
const RECORD_BYTES = 1024;
const pairs = Math.max(5, Number(process.argv[2] ?? 6));
const mibPerRun = Math.max(64, Number(process.argv[3] ?? 512));
const flushMode = process.argv[4] === 'sync' ? 'sync' : 'async';
const batch = makeRecordBatch(BATCH_RECORDS, BATCH_RECORDS * RECORD_BYTES - 61);
const batches = Math.ceil((mibPerRun * 1024 * 1024) / batch.length);

interface Sample {
  mbPerS: number;
  cpuPct: number;
}

function measure<T>(run: () => Promise<T>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return run().then(() => {
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    return {
      mbPerS: (batches * batch.length) / 1e6 / seconds,
      cpuPct: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    };
  });
}

async function reference(dir: string): Promise<Sample> {
  const file = path.join(dir, 'reference');
  const fd = fs.openSync(file, 'w+');
  fs.ftruncateSync(fd, batches * batch.length);
  const sample = await measure(async () => {
    for (let i = 0; i < batches; i++) fs.writeSync(fd, batch, 0, batch.length, i * batch.length);
    if (flushMode === 'sync') fs.fdatasyncSync(fd);
  });
  fs.closeSync(fd);
  fs.rmSync(file);
  return sample;
}

async function storeRun(dir: string): Promise<Sample> {
  const dataDir = path.join(dir, 'store');
  const store = createMessageStore({ dataDir, flushMode }, createSilentLogger());
  await store.open();
  await store.createTopic('bench', 1, {});
  const sample = await measure(async () => {
    const pending: Promise<void>[] = [];
    for (let i = 0; i < batches; i++) {
      const r = store.append({
        topic: 'bench',
        queueId: 0,
        format: PayloadFormat.RecordBatchV2,
        payload: batch,
        count: BATCH_RECORDS,
        maxTimestampMs: Date.now(),
      });
      if (r.status !== 'ok') throw new Error(`append failed: ${r.status}`);
      pending.push(r.durable);
      // Let the event loop turn now and then, as a broker serving sockets would.
      if (pending.length === 16) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  });
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return sample;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrymq-bench-'));
const refs: Sample[] = [];
const stores: Sample[] = [];
try {
  for (let pair = 0; pair < pairs; pair++) {
    const r = await reference(dir);
    const s = await storeRun(dir);
    if (pair === 0) continue;
    refs.push(r);
    stores.push(s);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const fmt = (values: number[], digits = 0): string => {
  const s = spread(values);
  return `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}-${s.max.toFixed(digits)}]`;
};
console.log(`store append, ${flushMode}, ${mibPerRun} MiB per run, ${pairs - 1} pairs (first discarded)`);
console.log(
  `loadavg ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `reference writeSync MB/s: ${fmt(refs.map((x) => x.mbPerS))}  CPU% ${fmt(refs.map((x) => x.cpuPct))}`,
);
console.log(
  `store append MB/s:       ${fmt(stores.map((x) => x.mbPerS))}  CPU% ${fmt(stores.map((x) => x.cpuPct))}`,
);
console.log(
  `store/reference ratio:   ${fmt(
    stores.map((s, i) => s.mbPerS / (refs[i] as Sample).mbPerS),
    2,
  )}`,
);
