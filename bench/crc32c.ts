/**
 * CRC-32C throughput on 1 MiB buffers: native `@node-rs/crc32` (what the broker uses, through
 * src/protocol/kafka/codec/crc32c.ts) against the pure-JS `crc-32` package (`CRC32C.buf`).
 * Run: npx tsx bench/crc32c.ts [pairs]
 *
 * Following docs in BENCHMARKS.md: reference and candidate run interleaved in one process, at least
 * 5 pairs, the first pair discarded as warm-up; median and min-max are printed, plus the ratio.
 */
import { readFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import CRC32C from 'crc-32/crc32c.js';
import { crc32c } from '../src/protocol/kafka/codec/crc32c.js';

const BUFFER_BYTES = 1024 * 1024;
const BUFFERS = 16; // 16 MiB working set: larger than L2, close to what a produce burst touches
const MIN_ROUND_MS = 300;
const pairs = Math.max(5, Number(process.argv[2] ?? 7));

const buffers = Array.from({ length: BUFFERS }, () => randomFillSync(Buffer.alloc(BUFFER_BYTES)));

type Crc = (buf: Buffer) => number;
const native: Crc = (buf) => crc32c(buf);
const pureJs: Crc = (buf) => CRC32C.buf(buf) >>> 0;

for (const buf of buffers.slice(0, 2)) {
  if (native(buf) !== pureJs(buf)) throw new Error('native and pure-JS CRC-32C disagree');
}

/** Runs `crc` over the buffers for at least MIN_ROUND_MS; returns GB/s (10^9 bytes per second). */
function round(crc: Crc): number {
  let bytes = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(MIN_ROUND_MS) * 1_000_000n) {
    for (const buf of buffers) {
      sink ^= crc(buf);
      bytes += buf.length;
    }
    elapsedNs = process.hrtime.bigint() - start;
  }
  if (sink === 0.5) console.log('unreachable'); // keep the results alive
  return bytes / Number(elapsedNs);
}

function summary(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

function loadavg(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim();
  } catch {
    return 'n/a';
  }
}

const reference: number[] = [];
const candidate: number[] = [];
const ratios: number[] = [];
console.log(`CRC-32C, ${BUFFERS} x 1 MiB random buffers, ${pairs} interleaved pairs (first discarded)`);
console.log(`node ${process.version}, loadavg ${loadavg()}`);
for (let i = 0; i < pairs; i++) {
  const ref = round(pureJs);
  const cand = round(native);
  console.log(
    `pair ${i + 1}: crc-32 (pure JS) ${ref.toFixed(2)} GB/s, @node-rs/crc32 ${cand.toFixed(2)} GB/s${i === 0 ? ' (warm-up, discarded)' : ''}`,
  );
  if (i === 0) continue;
  reference.push(ref);
  candidate.push(cand);
  ratios.push(cand / ref);
}
const fmt = (s: { median: number; min: number; max: number }, unit: string): string =>
  `median ${s.median.toFixed(2)}${unit} (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)})`;
console.log(`crc-32 CRC32C.buf (pure JS): ${fmt(summary(reference), ' GB/s')}`);
console.log(`@node-rs/crc32 crc32c (native): ${fmt(summary(candidate), ' GB/s')}`);
console.log(`native / pure JS: ${fmt(summary(ratios), 'x')}`);
console.log(`loadavg after: ${loadavg()}`);
