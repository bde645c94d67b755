import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LoadResult,
  type Server,
  loadAverage,
  machineCpuTicks,
  pinned,
  processCpuSeconds,
  runLoad,
  startServer,
} from './processes.js';
import type { RunSample, WorkloadRow } from './report.js';

export const SERVER_CPU = '1';
export const LOAD_CPU = '0';
export const RECORD_BYTES = 1024;

/** The broker command with another flush mode (the runner's default is async). */
export function withFlushMode(command: string[], mode: 'async' | 'sync'): string[] {
  const at = command.indexOf('--flush-mode');
  if (at < 0) throw new Error('the broker command has no --flush-mode');
  const out = [...command];
  out[at + 1] = mode;
  return out;
}

/** What the workloads need from the runner: commands, durations and a log. */
export interface BenchContext {
  short: boolean;
  /** Pinned pairs per workload, the first of which is discarded. */
  pairs: number;
  durationS: number;
  clockTicks: number;
  producer: string;
  consumer: string;
  /** Broker command line for a data directory; `profileDir` adds --cpu-prof. */
  brokerCommand(dataDir: string, partitions: number, profileDir?: string): string[];
  sinkCommand(partitions: number, backlogRecords: number, recordsPerBatch: number): string[];
  /** R1: the remoting sink's command line, and the RocketMQ load generator's (node + script). */
  remotingSinkCommand(queues: number): string[];
  rocketLoadgen: string[];
  /** R1: closed-loop sync senders in flight. */
  r1Concurrency: number;
  /** Where CPU profiles go when profiling was asked for, else null. */
  profileDir: string | null;
  log(line: string): void;
}

interface Counters {
  at: number;
  server: number;
  load: number;
  machine: { busy: number; total: number };
}

/**
 * Runs one load generator against a server and samples CPU counters at the generator's two markers,
 * so CPU% covers exactly the window the throughput was measured over.
 */
export async function measure(
  ctx: BenchContext,
  server: Server,
  command: string[],
  markers: [string, string],
  timeoutMs: number,
): Promise<{ result: LoadResult; serverCpuPct: number; loadCpuPct: number; otherCpuPct: number }> {
  const seen: Partial<Record<'open' | 'close', Counters>> = {};
  let loadPid = 0;
  const sample = (): Counters => ({
    at: performance.now(),
    server: processCpuSeconds(server.pid, ctx.clockTicks),
    load: loadPid > 0 ? safeCpu(loadPid, ctx.clockTicks) : 0,
    machine: machineCpuTicks(),
  });
  const result = await runLoad(
    command,
    (marker, pid) => {
      loadPid = pid;
      if (marker === markers[0]) seen.open = sample();
      else if (marker === markers[1]) seen.close = sample();
    },
    timeoutMs,
  );
  const { open, close } = seen;
  if (open === undefined || close === undefined) {
    return { result, serverCpuPct: NaN, loadCpuPct: NaN, otherCpuPct: NaN };
  }
  const wall = (close.at - open.at) / 1000;
  const serverS = close.server - open.server;
  const loadS = close.load - open.load;
  const busyS = (close.machine.busy - open.machine.busy) / ctx.clockTicks;
  return {
    result,
    serverCpuPct: (100 * serverS) / wall,
    loadCpuPct: (100 * loadS) / wall,
    otherCpuPct: Math.max(0, (100 * (busyS - serverS - loadS)) / wall),
  };
}

function safeCpu(pid: number, clockTicks: number): number {
  try {
    return processCpuSeconds(pid, clockTicks);
  } catch {
    return 0;
  }
}

export function sampleOf(
  target: 'sink' | 'broker',
  pair: number,
  isPinned: boolean,
  discarded: boolean,
  m: Awaited<ReturnType<typeof measure>>,
  loadavg: string,
): RunSample {
  return {
    target,
    pair,
    pinned: isPinned,
    discarded,
    mbPerS: m.result.mbPerS,
    msgPerS: m.result.msgPerS,
    msgs: m.result.msgs,
    seconds: m.result.seconds,
    serverCpuPct: m.serverCpuPct,
    loadCpuPct: m.loadCpuPct,
    otherCpuPct: m.otherCpuPct,
    loadavg,
  };
}

export function describe(s: RunSample): string {
  return (
    `${s.target.padEnd(6)} pair ${s.pair}${s.pinned ? '' : ' unpinned'}${s.discarded ? ' (discarded)' : ''}: ` +
    `${s.mbPerS.toFixed(0)} MB/s, ${s.msgPerS.toFixed(0)} msg/s, server CPU ${s.serverCpuPct.toFixed(0)}%, ` +
    `other ${s.otherCpuPct.toFixed(0)}%, loadavg ${s.loadavg}`
  );
}

/** T1: 1 KiB records, 1 partition, 1 producer, acks=1; a fresh server (and data directory) per run. */
export async function runT1(ctx: BenchContext): Promise<WorkloadRow[]> {
  const pinnedSamples: RunSample[] = [];
  const unpinnedSamples: RunSample[] = [];
  const one = async (target: 'sink' | 'broker', pair: number, isPinned: boolean, profileDir?: string) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferrymq-bench-t1-'));
    const serverCpu = isPinned ? SERVER_CPU : null;
    const command =
      target === 'broker' ? ctx.brokerCommand(dataDir, 1, profileDir) : ctx.sinkCommand(1, 0, 64);
    const server = await startServer(target, pinned(serverCpu, command));
    try {
      const loadavg = loadAverage();
      const producer = [ctx.producer, '-b', server.address, '-t', 'bench-t1', '-s', String(RECORD_BYTES)];
      producer.push('-p', '1', '-d', String(ctx.durationS), '-w', '1000');
      const m = await measure(
        ctx,
        server,
        pinned(isPinned ? LOAD_CPU : null, producer),
        ['window open', 'window close'],
        (ctx.durationS + 90) * 1000,
      );
      return sampleOf(target, pair, isPinned, pair === 0 && isPinned, m, loadavg);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  for (let pair = 0; pair < ctx.pairs; pair++) {
    for (const target of ['sink', 'broker'] as const) {
      const s = await one(target, pair, true);
      ctx.log(`T1 ${describe(s)}`);
      pinnedSamples.push(s);
    }
  }
  // The unpinned pair (what users see, who do not pin) is left out of short runs.
  for (const target of ctx.short ? [] : (['sink', 'broker'] as const)) {
    const s = await one(target, 0, false);
    ctx.log(`T1 ${describe(s)}`);
    unpinnedSamples.push(s);
  }
  if (ctx.profileDir !== null) {
    const s = await one('broker', 0, true, ctx.profileDir);
    ctx.log(`T1 profiled broker run (not counted): ${s.mbPerS.toFixed(0)} MB/s`);
  }
  return [
    { workload: 'T1', note: 'pinned', target: 0.7, samples: pinnedSamples },
    ...(ctx.short
      ? []
      : [{ workload: 'T1', note: 'unpinned, 1 pair', target: 0.7, samples: unpinnedSamples }]),
  ];
}

/**
 * C1: 1 KiB records, 8 partitions, 1 consumer reading everything from the beginning. The broker gets
 * the backlog from the producer first (round-robin, so every partition holds the same count); the sink
 * serves the same count per partition from canned batches. Both servers stay up across the pairs.
 */
export async function runC1(ctx: BenchContext): Promise<WorkloadRow[]> {
  const partitions = 8;
  const backlogBytes = ctx.short ? 256 * 1024 * 1024 : 2 * 1024 * 1024 * 1024;
  const records = backlogBytes / RECORD_BYTES;
  const recordsPerBatch = 256;
  const dataDir = mkdtempSync(join(tmpdir(), 'ferrymq-bench-c1-'));
  const samples: RunSample[] = [];
  const servers: Server[] = [];
  try {
    const broker = await startServer('broker', pinned(SERVER_CPU, ctx.brokerCommand(dataDir, partitions)));
    servers.push(broker);
    const fill = [ctx.producer, '-b', broker.address, '-t', 'bench-c1', '-s', String(RECORD_BYTES)];
    fill.push('-p', String(partitions), '-n', String(records));
    const filled = await runLoad(pinned(LOAD_CPU, fill), () => undefined, 600_000);
    ctx.log(
      `C1 backlog: ${records} records (${(backlogBytes / 2 ** 20).toFixed(0)} MiB) produced into the broker ` +
        `at ${filled.mbPerS.toFixed(0)} MB/s`,
    );
    const sink = await startServer(
      'sink',
      pinned(SERVER_CPU, ctx.sinkCommand(partitions, records / partitions, recordsPerBatch)),
    );
    servers.push(sink);
    const consume = async (server: Server): Promise<Awaited<ReturnType<typeof measure>>> => {
      const command = [
        ctx.consumer,
        '-b',
        server.address,
        '-t',
        'bench-c1',
        '-p',
        String(partitions),
        '-d',
        '300',
      ];
      const m = await measure(ctx, server, pinned(LOAD_CPU, command), ['first message', 'done'], 330_000);
      if (m.result.msgs !== records) {
        throw new Error(`C1 ${server.name}: consumed ${m.result.msgs} records, expected ${records}`);
      }
      return m;
    };
    for (let pair = 0; pair < ctx.pairs; pair++) {
      for (const server of [sink, broker]) {
        const loadavg = loadAverage();
        const m = await consume(server);
        const s = sampleOf(server === sink ? 'sink' : 'broker', pair, true, pair === 0, m, loadavg);
        ctx.log(`C1 ${describe(s)}`);
        samples.push(s);
      }
    }
    if (ctx.profileDir !== null) {
      // Restart the broker on the same data, profiled, for one more (uncounted) consume.
      await broker.stop();
      servers.splice(servers.indexOf(broker), 1);
      const profiled = await startServer(
        'broker',
        pinned(SERVER_CPU, ctx.brokerCommand(dataDir, partitions, ctx.profileDir)),
      );
      servers.push(profiled);
      const m = await consume(profiled);
      ctx.log(`C1 profiled broker run (not counted): ${m.result.mbPerS.toFixed(0)} MB/s`);
    }
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    {
      workload: 'C1',
      note: `pinned, ${(backlogBytes / 2 ** 20).toFixed(0)} MiB backlog`,
      target: 0.7,
      samples,
    },
  ];
}
