import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAverage, pinned, startServer } from './processes.js';
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

/** Both the broker and the remoting sink print this line once their NameServer port listens. */
const NAMESRV_READY = /namesrv listening on (\S+)/;
const QUEUES = 8;

const latencyOf = (r: Record<string, unknown>): Pick<RunSample, 'p50Us' | 'p99Us' | 'p999Us'> => ({
  p50Us: Number(r['p50Us']),
  p99Us: Number(r['p99Us']),
  p999Us: Number(r['p999Us']),
});

/**
 * R1: RocketMQ, 1 KiB messages, 8 queues. Per run a fresh server (broker on an empty data directory, or
 * the remoting sink): the send phase (`ctx.r1Concurrency` closed-loop `Producer.send` callers for
 * `durationS`, msg/s and send latency), then the consume phase (a new PushConsumer group reads back
 * everything the send phase stored, msg/s). Sink and broker alternate; the first pair is discarded.
 */
export async function runR1(ctx: BenchContext): Promise<WorkloadRow[]> {
  const send: RunSample[] = [];
  const consume: RunSample[] = [];
  const sendUnpinned: RunSample[] = [];
  const consumeUnpinned: RunSample[] = [];
  const one = async (
    target: 'sink' | 'broker',
    pair: number,
    isPinned: boolean,
    profileDir?: string,
  ): Promise<[RunSample, RunSample]> => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferrymq-bench-r1-'));
    const command =
      target === 'broker' ? ctx.brokerCommand(dataDir, QUEUES, profileDir) : ctx.remotingSinkCommand(QUEUES);
    const server = await startServer(
      target,
      pinned(isPinned ? SERVER_CPU : null, command),
      60_000,
      NAMESRV_READY,
    );
    const loadCpu = isPinned ? LOAD_CPU : null;
    const discarded = pair === 0 && isPinned;
    try {
      const loadavg = loadAverage();
      const sendCommand = [...ctx.rocketLoadgen, 'send', '--namesrv', server.address];
      sendCommand.push('--queues', String(QUEUES), '--size', String(RECORD_BYTES));
      sendCommand.push('--concurrency', String(ctx.r1Concurrency), '--duration', String(ctx.durationS));
      const m = await measure(
        ctx,
        server,
        pinned(loadCpu, sendCommand),
        ['window open', 'window close'],
        (ctx.durationS + 90) * 1000,
      );
      const sent: RunSample = {
        ...sampleOf(target, pair, isPinned, discarded, m, loadavg),
        ...latencyOf(m.result),
      };
      const acked = Number(m.result['acked']);
      const consumeCommand = [...ctx.rocketLoadgen, 'consume', '--namesrv', server.address];
      consumeCommand.push('--expect', String(acked), '--size', String(RECORD_BYTES), '--timeout', '300');
      const c = await measure(
        ctx,
        server,
        pinned(loadCpu, consumeCommand),
        ['first message', 'done'],
        330_000,
      );
      if (c.result.msgs !== acked)
        throw new Error(`R1 ${target}: consumed ${c.result.msgs} messages, ${acked} were sent`);
      return [sent, sampleOf(target, pair, isPinned, discarded, c, loadAverage())];
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  const logPair = (s: RunSample, c: RunSample): void => {
    ctx.log(
      `R1 send    ${describe(s)}, p99 ${((s.p99Us ?? NaN) / 1000).toFixed(1)} ms, loadgen CPU ${s.loadCpuPct.toFixed(0)}%`,
    );
    ctx.log(`R1 consume ${describe(c)}, loadgen CPU ${c.loadCpuPct.toFixed(0)}%`);
  };
  for (let pair = 0; pair < ctx.pairs; pair++) {
    for (const target of ['sink', 'broker'] as const) {
      const [s, c] = await one(target, pair, true);
      logPair(s, c);
      send.push(s);
      consume.push(c);
    }
  }
  // The unpinned pair is left out of short runs.
  for (const target of ctx.short ? [] : (['sink', 'broker'] as const)) {
    const [s, c] = await one(target, 0, false);
    logPair(s, c);
    sendUnpinned.push(s);
    consumeUnpinned.push(c);
  }
  if (ctx.profileDir !== null) {
    const [s, c] = await one('broker', 0, true, ctx.profileDir);
    ctx.log(
      `R1 profiled broker run (not counted): send ${s.msgPerS.toFixed(0)} msg/s, consume ${c.msgPerS.toFixed(0)} msg/s`,
    );
  }
  const c = ctx.r1Concurrency;
  return [
    { workload: 'R1 send', note: `pinned, ${c} sync senders`, target: 0.7, samples: send },
    { workload: 'R1 consume', note: 'pinned, 1 push consumer', target: null, samples: consume },
    ...(ctx.short
      ? []
      : [
          {
            workload: 'R1 send',
            note: `unpinned, 1 pair, ${c} sync senders`,
            target: 0.7,
            samples: sendUnpinned,
          },
          { workload: 'R1 consume', note: 'unpinned, 1 pair', target: null, samples: consumeUnpinned },
        ]),
  ];
}
