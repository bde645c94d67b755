/**
 * M1: 1 KiB records, 8 partitions, one closed-loop producer (the throughput settings: linger.ms=5,
 * batch.size=1000000, acks=1) and one consumer tailing every partition from offset 0, at the same time:
 * bench/loadgen/latency.c `mixed`. Reference: the sink with `--serve-produced` (it serves canned records
 * up to each partition's produced count and wakes held fetches on produce, as the broker does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Server, loadAverage, pinned, startServer } from './processes.js';
import type { RunSample, WorkloadRow } from './report.js';
import {
  type BenchContext,
  LOAD_CPU,
  RECORD_BYTES,
  SERVER_CPU,
  describe,
  measure,
  sampleOf,
} from './workloads.js';

const PARTITIONS = 8;

/**
 * Both servers stay up for the whole workload (broker `--flush-mode async`, data in the page cache);
 * each run produces into a fresh topic. Runs alternate sink, broker; the first pair is discarded.
 * One sample per direction: the producer's acknowledged MB/s and the consumer's MB/s over one window.
 */
export async function runM1(ctx: BenchContext): Promise<WorkloadRow[]> {
  const started = performance.now();
  const latency = join(dirname(ctx.producer), 'latency');
  const pairs = ctx.short ? Math.min(ctx.pairs, 3) : ctx.pairs;
  const seconds = ctx.short ? Math.min(ctx.durationS, 2) : ctx.durationS;
  const warmupMs = ctx.short ? 500 : 1000;
  ctx.log(
    `M1: ${pairs} pairs (sink, broker; first discarded), ${seconds} s windows after ${warmupMs} ms warm-up`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'ferrymq-bench-m1-'));
  const produce: RunSample[] = [];
  const consume: RunSample[] = [];
  const servers: Server[] = [];
  let topicSeq = 0;
  try {
    const sink = await startServer(
      'sink',
      pinned(SERVER_CPU, [...ctx.sinkCommand(PARTITIONS, 0, 64), '--serve-produced']),
    );
    servers.push(sink);
    const broker = await startServer('broker', pinned(SERVER_CPU, ctx.brokerCommand(dataDir, PARTITIONS)));
    servers.push(broker);
    const one = async (server: Server, pair: number): Promise<void> => {
      const target = server === sink ? 'sink' : 'broker';
      const command = [latency, 'mixed', '-b', server.address, '-t', `bench-m1-${topicSeq++}`];
      command.push('-s', String(RECORD_BYTES), '-p', String(PARTITIONS));
      command.push('-d', String(seconds), '-w', String(warmupMs));
      const loadavg = loadAverage();
      const m = await measure(
        ctx,
        server,
        pinned(LOAD_CPU, command),
        ['window open', 'window close'],
        (seconds + 120) * 1000,
      );
      const discarded = pair === 0;
      const p = sampleOf(target, pair, true, discarded, m, loadavg);
      const consumed = Number(m.result['consumedMsgs']);
      const c: RunSample = {
        ...p,
        mbPerS: Number(m.result['consumeMbPerS']),
        msgPerS: Number(m.result['consumeMsgPerS']),
        msgs: consumed,
        consumerLag: Number(m.result['lagAtClose']),
      };
      produce.push(p);
      consume.push(c);
      ctx.log(`M1 produce ${describe(p)}`);
      ctx.log(`M1 consume ${describe(c)}, consumer ${c.consumerLag} records behind at window close`);
    };
    for (let pair = 0; pair < pairs; pair++) {
      await one(sink, pair);
      await one(broker, pair);
    }
    if (ctx.profileDir !== null) {
      await broker.stop();
      servers.splice(servers.indexOf(broker), 1);
      const profiled = await startServer(
        'broker',
        pinned(SERVER_CPU, ctx.brokerCommand(dataDir, PARTITIONS, ctx.profileDir)),
      );
      servers.push(profiled);
      await one(profiled, 0);
      produce.pop();
      consume.pop();
      ctx.log('M1 profiled broker run above: not counted');
    }
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  ctx.log(`M1 took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return [
    { workload: 'M1 produce', note: 'pinned, with 1 tailing consumer', target: null, samples: produce },
    { workload: 'M1 consume', note: 'pinned, tailing 1 producer', target: null, samples: consume },
  ];
}
