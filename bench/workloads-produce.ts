/**
 * T2, T3 (two producers at once, 8 partitions, acks=1, page cache; against the protocol sink) and T4
 * (one producer, acks=all, flush mode `sync` on the real disk; against fio). See /work/shared/BENCHMARKS.md.
 *
 * Several producers share one window: each runs in signal mode (`producer -S`), the runner waits until
 * every producer has an acknowledgement, lets them warm up, then sends SIGUSR1 to all of them and samples
 * the CPU counters, waits the window's length, and does the same again. Each producer takes its marks in
 * its signal handler, so the producers' windows differ by the few microseconds between two kill() calls
 * (the log prints the largest difference). The figure is the sum of the producers' rates.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { filesystemOf, fioCommand, runFio } from './fio-reference.js';
import {
  type LoadResult,
  type Server,
  loadAverage,
  machineCpuTicks,
  pinned,
  processCpuSeconds,
  startServer,
} from './processes.js';
import type { RunSample, WorkloadRow } from './report.js';
import { type BenchContext, LOAD_CPU, SERVER_CPU, describe, withFlushMode } from './workloads.js';

const PARTITIONS = 8;
/** Warm-up between the last producer's first acknowledgement and the window (short mode: 500 ms). */
const WARMUP_MS = 1000;
const SHORT_WARMUP_MS = 500;

/** What the signal-mode producer prints, beyond the common fields. */
interface SignalResult extends LoadResult {
  openMono: number;
  closeMono: number;
}

interface SignalProducer {
  pid: number;
  firstAck: Promise<void>;
  result: Promise<SignalResult>;
}

function startSignalProducer(command: string[], timeoutMs: number): SignalProducer {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const errors: string[] = [];
  let acked!: () => void;
  let failed!: (err: Error) => void;
  const firstAck = new Promise<void>((resolve, reject) => {
    acked = resolve;
    failed = reject;
  });
  firstAck.catch(() => undefined);
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line === 'first ack') acked();
    else if (line !== 'window open' && line !== 'window close') errors.push(line);
  });
  const result = new Promise<SignalResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        const err = new Error(`${command.join(' ')} failed (${signal ?? code}): ${errors.join('\n')}`);
        failed(err);
        reject(err);
        return;
      }
      resolve(JSON.parse(line) as SignalResult);
    });
  });
  result.catch(() => undefined);
  return { pid: child.pid as number, firstAck, result };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Counters {
  at: number;
  server: number;
  producers: number[];
  machine: { busy: number; total: number };
}

/** One window of `producers` producers against `server`. */
export interface ProduceWindow {
  mbPerS: number;
  msgPerS: number;
  msgs: number;
  bytes: number;
  seconds: number;
  serverCpuPct: number;
  /** Per producer, 100 = one core. */
  producerCpuPct: number[];
  otherCpuPct: number;
  /** Largest difference between the producers' window bounds (ms). */
  skewMs: number;
  /** Date.now() at the window's bounds (for matching an strace log). */
  wallOpenMs: number;
  wallCloseMs: number;
}

/**
 * Starts `producers` signal-mode producers (pinned to the load core) against `server`, opens a shared
 * window of `seconds` after they all have an acknowledgement and a warm-up, and returns the sums.
 */
export async function produceWindow(
  ctx: BenchContext,
  server: Server,
  producerArgs: string[],
  producers: number,
  seconds: number,
  warmupMs: number,
  serverPid: number = server.pid,
): Promise<ProduceWindow> {
  const command = pinned(LOAD_CPU, [ctx.producer, '-b', server.address, ...producerArgs, '-S']);
  const running: SignalProducer[] = [];
  for (let i = 0; i < producers; i++) running.push(startSignalProducer(command, (seconds + 120) * 1000));
  const sample = (): Counters => ({
    at: performance.now(),
    server: processCpuSeconds(serverPid, ctx.clockTicks),
    producers: running.map((p) => processCpuSeconds(p.pid, ctx.clockTicks)),
    machine: machineCpuTicks(),
  });
  const signalAll = (): void => {
    for (const p of running) process.kill(p.pid, 'SIGUSR1');
  };
  try {
    await Promise.all(running.map((p) => p.firstAck));
  } catch (err) {
    for (const p of running) killQuietly(p.pid);
    throw err;
  }
  await sleep(warmupMs);
  signalAll();
  const wallOpenMs = Date.now();
  const open = sample();
  await sleep(seconds * 1000);
  signalAll();
  const wallCloseMs = Date.now();
  const close = sample();
  const results = await Promise.all(running.map((p) => p.result));
  const wall = (close.at - open.at) / 1000;
  const serverS = close.server - open.server;
  const producerS = close.producers.map((c, i) => c - (open.producers[i] as number));
  const loadS = producerS.reduce((a, b) => a + b, 0);
  const busyS = (close.machine.busy - open.machine.busy) / ctx.clockTicks;
  const opens = results.map((r) => r.openMono);
  const closes = results.map((r) => r.closeMono);
  return {
    mbPerS: results.reduce((a, r) => a + r.bytes / r.seconds, 0) / 1e6,
    msgPerS: results.reduce((a, r) => a + r.msgs / r.seconds, 0),
    msgs: results.reduce((a, r) => a + r.msgs, 0),
    bytes: results.reduce((a, r) => a + r.bytes, 0),
    seconds: wall,
    serverCpuPct: (100 * serverS) / wall,
    producerCpuPct: producerS.map((s) => (100 * s) / wall),
    otherCpuPct: Math.max(0, (100 * (busyS - serverS - loadS)) / wall),
    skewMs:
      1000 * Math.max(Math.max(...opens) - Math.min(...opens), Math.max(...closes) - Math.min(...closes)),
    wallOpenMs,
    wallCloseMs,
  };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function toSample(
  target: 'sink' | 'broker',
  pair: number,
  discarded: boolean,
  w: ProduceWindow,
  loadavg: string,
): RunSample {
  return {
    target,
    pair,
    pinned: true,
    discarded,
    mbPerS: w.mbPerS,
    msgPerS: w.msgPerS,
    msgs: w.msgs,
    seconds: w.seconds,
    serverCpuPct: w.serverCpuPct,
    loadCpuPct: w.producerCpuPct.reduce((a, b) => a + b, 0),
    otherCpuPct: w.otherCpuPct,
    loadavg,
  };
}

/** Pairs, window and warm-up: short mode keeps each workload within ~40 s, server starts included. */
function plan(ctx: BenchContext, minPairs = 0): { pairs: number; seconds: number; warmupMs: number } {
  return ctx.short
    ? { pairs: Math.min(ctx.pairs, 3), seconds: Math.min(ctx.durationS, 2), warmupMs: SHORT_WARMUP_MS }
    : { pairs: Math.max(ctx.pairs, minPairs), seconds: ctx.durationS, warmupMs: WARMUP_MS };
}

/** T2 (1 KiB) and T3 (100 B): 8 partitions, 2 producers on the load core, acks=1, page cache. */
async function runTwoProducers(
  ctx: BenchContext,
  workload: 'T2' | 'T3',
  recordBytes: number,
  target: number | null,
): Promise<WorkloadRow[]> {
  const { pairs, seconds, warmupMs } = plan(ctx);
  const started = performance.now();
  ctx.log(
    `${workload}: ${pairs} pairs (first discarded), ${seconds} s shared window after ${warmupMs} ms, ` +
      `2 producers of ${recordBytes} B records on core ${LOAD_CPU}, server on core ${SERVER_CPU}`,
  );
  const samples: RunSample[] = [];
  const one = async (kind: 'sink' | 'broker', pair: number, profileDir?: string): Promise<RunSample> => {
    const dataDir = mkdtempSync(join(tmpdir(), `ferrymq-bench-${workload.toLowerCase()}-`));
    const command =
      kind === 'broker'
        ? ctx.brokerCommand(dataDir, PARTITIONS, profileDir)
        : ctx.sinkCommand(PARTITIONS, 0, 64);
    const server = await startServer(kind, pinned(SERVER_CPU, command));
    try {
      const loadavg = loadAverage();
      const topic = `bench-${workload.toLowerCase()}`;
      const args = ['-t', topic, '-s', String(recordBytes), '-p', String(PARTITIONS)];
      const w = await produceWindow(ctx, server, args, 2, seconds, warmupMs);
      const s = toSample(kind, pair, pair === 0, w, loadavg);
      ctx.log(
        `${workload} ${describe(s)}; producers CPU ${w.producerCpuPct.map((p) => p.toFixed(0)).join('+')}%, ` +
          `window skew ${w.skewMs.toFixed(2)} ms`,
      );
      return s;
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  for (let pair = 0; pair < pairs; pair++) {
    for (const kind of ['sink', 'broker'] as const) samples.push(await one(kind, pair));
  }
  ctx.log(`${workload}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (ctx.profileDir !== null) {
    const s = await one('broker', 0, ctx.profileDir);
    ctx.log(`${workload} profiled broker run (not counted): ${s.mbPerS.toFixed(0)} MB/s`);
  }
  return [
    {
      workload,
      note: `pinned, 2 producers, ${recordBytes} B, 8 partitions, ${seconds} s window`,
      target,
      samples,
    },
  ];
}

/** T2: 1 KiB records; the figure is MB/s. Issue 7 sets no target for it. */
export function runT2(ctx: BenchContext): Promise<WorkloadRow[]> {
  return runTwoProducers(ctx, 'T2', 1024, null);
}

/** T3: 100-byte records; the figure is msg/s (the ratio is the same as of MB/s: same record size). */
export function runT3(ctx: BenchContext): Promise<WorkloadRow[]> {
  return runTwoProducers(ctx, 'T3', 100, 0.6);
}

/** fdatasync calls the broker completed inside a window, from an `strace -f -ttt -T` log. */
export interface FsyncCount {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  /** Time inside fdatasync as a share of the window (%): how busy the syncs kept the disk. */
  busyPct: number;
}

export function countFsyncs(log: string, fromMs: number, toMs: number): FsyncCount {
  const durations: number[] = [];
  for (const line of log.split('\n')) {
    // A call logged whole (`PID 1700000000.123456 fdatasync(23)   = 0 <0.000812>`, stamped at entry), or
    // the end of one that another thread's call split in two (`<... fdatasync resumed>) = 0 <...>`,
    // stamped at exit). Only fdatasync: the commit log's syncs (fsync is for directories and small files).
    const m = /^\d+\s+(\d+\.\d+)\s+(fdatasync\(\d+\)|<\.\.\. fdatasync resumed>\))\s+= 0 <(\d+\.\d+)>/.exec(
      line,
    );
    if (m === null) continue;
    const durationMs = Number(m[3]) * 1000;
    const endMs = Number(m[1]) * 1000 + (m[2]?.startsWith('<') === true ? 0 : durationMs);
    if (endMs < fromMs || endMs > toMs) continue;
    durations.push(durationMs);
  }
  durations.sort((a, b) => a - b);
  const at = (q: number): number =>
    durations.length === 0
      ? NaN
      : (durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] as number);
  const busyMs = durations.reduce((sum, d) => sum + d, 0);
  return {
    calls: durations.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    busyPct: (100 * busyMs) / (toMs - fromMs),
  };
}

/** The pid of the only child of `pid` (the broker under strace). */
function onlyChild(pid: number): number {
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (children !== '') return Number(children.split(' ')[0]);
  }
  throw new Error(`process ${pid} has no child`);
}

/**
 * T4: 1 KiB records, 8 partitions, 1 producer, acks=all, broker `--flush-mode sync` (an ack only after
 * the fdatasync that covers the batch), data on the real disk. Each broker run follows a fio run on the
 * same filesystem; the ratio is broker MB/s / fio MB/s. A last, uncounted broker run under
 * `strace --seccomp-bpf` (only fdatasync/fsync stop the broker) counts the syncs in the window.
 */
export async function runT4(ctx: BenchContext): Promise<WorkloadRow[]> {
  // BENCHMARKS.md: at least 6 counted repetitions for anything with fsync (7 pairs, first discarded).
  const { pairs, seconds, warmupMs } = plan(ctx, 7);
  const parent = mkdtempSync(join(tmpdir(), 'ferrymq-bench-t4-'));
  const mount = filesystemOf(parent);
  if (mount.fstype === 'tmpfs') throw new Error(`T4 needs a real disk; ${parent} is on tmpfs`);
  ctx.log(
    `T4: ${pairs} pairs (fio then broker, first discarded), ${seconds} s windows, data in ${parent} ` +
      `(${mount.source}, ${mount.fstype}); fio: ${fioCommand('DIR', seconds).join(' ')}`,
  );
  const started = performance.now();
  const samples: RunSample[] = [];
  const producerArgs = ['-t', 'bench-t4', '-s', '1024', '-p', String(PARTITIONS), '-X', 'acks=all'];
  const brokerRun = async (
    pair: number,
    options: { profileDir?: string; strace?: string } = {},
  ): Promise<{ sample: RunSample; window: ProduceWindow }> => {
    const dataDir = mkdtempSync(join(parent, 'broker-'));
    let command = pinned(
      SERVER_CPU,
      withFlushMode(ctx.brokerCommand(dataDir, PARTITIONS, options.profileDir), 'sync'),
    );
    if (options.strace !== undefined) {
      command = [
        'strace',
        '-f',
        '--seccomp-bpf',
        '-ttt',
        '-T',
        '-e',
        'trace=fdatasync,fsync',
        '-o',
        options.strace,
        ...command,
      ];
    }
    const server = await startServer('broker', command);
    try {
      const loadavg = loadAverage();
      const pid = options.strace === undefined ? server.pid : onlyChild(server.pid);
      const w = await produceWindow(ctx, server, producerArgs, 1, seconds, warmupMs, pid);
      if (options.strace !== undefined) process.kill(pid, 'SIGTERM');
      return { sample: toSample('broker', pair, pair === 0, w, loadavg), window: w };
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    for (let pair = 0; pair < pairs; pair++) {
      const loadavg = loadAverage();
      const fio = await runFio(parent, seconds, SERVER_CPU);
      const ref: RunSample = {
        target: 'sink',
        pair,
        pinned: true,
        discarded: pair === 0,
        mbPerS: fio.mbPerS,
        msgPerS: (fio.mbPerS * 1e6) / 16384,
        msgs: NaN,
        seconds: fio.seconds,
        serverCpuPct: fio.cpuPct,
        loadCpuPct: NaN,
        otherCpuPct: NaN,
        loadavg,
      };
      samples.push(ref);
      ctx.log(
        `T4 fio    pair ${pair}${pair === 0 ? ' (discarded)' : ''}: ${fio.mbPerS.toFixed(0)} MB/s, ` +
          `fdatasync p50 ${fio.syncP50Us.toFixed(0)} µs p99 ${fio.syncP99Us.toFixed(0)} µs, fio CPU ` +
          `${fio.cpuPct.toFixed(0)}%, loadavg ${loadavg}`,
      );
      const { sample, window } = await brokerRun(pair);
      samples.push(sample);
      ctx.log(
        `T4 ${describe(sample)}; producer CPU ${window.producerCpuPct[0]?.toFixed(0)}%, ` +
          `ratio ${(sample.mbPerS / fio.mbPerS).toFixed(2)}`,
      );
    }
    const traceFile = join(parent, 'strace.log');
    const traced = await brokerRun(0, { strace: traceFile });
    const fsyncs = countFsyncs(
      readFileSync(traceFile, 'utf8'),
      traced.window.wallOpenMs,
      traced.window.wallCloseMs,
    );
    const perS = fsyncs.calls / traced.window.seconds;
    const bytesPer = fsyncs.calls > 0 ? traced.window.bytes / fsyncs.calls : NaN;
    const fsyncNote =
      `strace side run: ${traced.window.mbPerS.toFixed(0)} MB/s, ${perS.toFixed(0)} fdatasync/s, ` +
      `${(bytesPer / 1024).toFixed(0)} KiB payload per fdatasync, fdatasync p50 ${fsyncs.p50Ms.toFixed(2)} ms ` +
      `p99 ${fsyncs.p99Ms.toFixed(2)} ms, in fdatasync ${fsyncs.busyPct.toFixed(0)}% of the window`;
    ctx.log(`T4 ${fsyncNote} (not counted)`);
    if (ctx.profileDir !== null) {
      const s = await brokerRun(0, { profileDir: ctx.profileDir });
      ctx.log(`T4 profiled broker run (not counted): ${s.sample.mbPerS.toFixed(0)} MB/s`);
    }
    ctx.log(`T4: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return [
      {
        workload: 'T4',
        note:
          `pinned, 1 producer acks=all, --flush-mode sync, ${mount.source} ${mount.fstype}; ` +
          `"sink" columns = fio reference; ${fsyncNote}`,
        target: 0.8,
        samples,
      },
    ];
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
