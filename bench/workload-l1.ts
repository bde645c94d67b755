/**
 * L1: latency at fixed open-loop rates. 1 KiB records, 8 partitions, one open-loop constant-rate producer
 * (and, against the broker, one tailing consumer in the same process): bench/loadgen/latency.c `open`.
 * See /work/shared/BENCHMARKS.md and docs/performance.md.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LatencySummary, OpenLoopLatency } from './latency-histogram.js';
import { type Server, loadAverage, pinned, runLoad, startServer } from './processes.js';
import { type RunSample, type WorkloadRow, spread } from './report.js';
import {
  type BenchContext,
  LOAD_CPU,
  RECORD_BYTES,
  SERVER_CPU,
  measure,
  sampleOf,
  withFlushMode,
} from './workloads.js';

const PARTITIONS = 8;
/** The fixed low rate of BENCHMARKS.md. */
const LOW_RATE = 10_000;
/** Producer settings chosen for latency (latency.c prints nothing else; the runner's report names them). */
export const L1_PRODUCER_SETTINGS =
  'linger.ms=0, batch.size=1000000, compression.type=none, acks=1 or all, queue.buffering.max.messages=1000000';

export interface L1Options {
  /** T1's closed-loop maximum (msg/s); when absent, a probe measures it at the start of L1. */
  maxRate?: number;
}

/** `broker` is produce-only like the sink (the target's comparison); `broker-e2e` adds the tailing consumer. */
type Series = 'sink' | 'broker' | 'broker-e2e' | 'broker-sync';

/** T1's maximum: the closed-loop producer (throughput settings, 1 partition) against a fresh broker. */
async function probeMaxRate(ctx: BenchContext): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferrymq-bench-l1-probe-'));
  const server = await startServer('broker', pinned(SERVER_CPU, ctx.brokerCommand(dataDir, 1)));
  try {
    const producer = [ctx.producer, '-b', server.address, '-t', 'bench-l1-probe', '-s', String(RECORD_BYTES)];
    producer.push('-p', '1', '-d', ctx.short ? '2' : '3', '-w', '500');
    const r = await runLoad(pinned(LOAD_CPU, producer), () => undefined, 120_000);
    return r.msgPerS;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function rateLabel(rate: number): string {
  return rate >= 1000 ? `${(rate / 1000).toFixed(rate % 1000 === 0 ? 0 : 1)} k` : String(rate);
}

/**
 * Runs L1. Three servers stay up for the whole workload (the sink, a broker with `--flush-mode async`
 * for acks=1, one with `--flush-mode sync` for acks=all); each run uses a fresh topic. For each rate the
 * runs are interleaved: sink, broker acks=1, broker acks=all, repeated; the first round is discarded.
 */
export async function runL1(ctx: BenchContext, options: L1Options): Promise<WorkloadRow[]> {
  const started = performance.now();
  const latency = join(dirname(ctx.producer), 'latency');
  let maxRate = options.maxRate;
  if (maxRate === undefined) {
    maxRate = await probeMaxRate(ctx);
    ctx.log(`L1 probe: T1's closed-loop maximum against the broker is ${maxRate.toFixed(0)} msg/s`);
  } else ctx.log(`L1: T1's maximum given as ${maxRate} msg/s (--l1-max-rate)`);
  const rates = [LOW_RATE, Math.round(maxRate * 0.5), Math.round(maxRate * 0.8)];
  // Full mode: BENCHMARKS.md's pairs (5 counted) and at least 6 counted acks=all runs; short mode: one
  // counted round (plus none discarded) with 2 s windows, acks=all at 10 k msg/s only.
  const rounds = ctx.short ? 1 : Math.max(ctx.pairs, 7);
  const acks1Rounds = ctx.short ? 1 : ctx.pairs;
  const seconds = ctx.short ? 2 : ctx.durationS;
  const warmupMs = ctx.short ? 500 : 1000;
  const allRates = ctx.short ? [LOW_RATE] : rates;
  ctx.log(
    `L1: rates ${rates.map(rateLabel).join(', ')} msg/s (10 k, 50 % and 80 % of ${maxRate.toFixed(0)}); ` +
      `acks=1 on sink and broker: ${acks1Rounds} round(s)${ctx.short ? '' : ', the first discarded'}; ` +
      `acks=all (broker --flush-mode sync) at ${allRates.map(rateLabel).join(', ')}: ${rounds} round(s); ` +
      `${seconds} s windows after ${warmupMs} ms warm-up`,
  );

  const syncDir = mkdtempSync(join(tmpdir(), 'ferrymq-bench-l1-sync-'));
  const asyncDir = mkdtempSync(join(tmpdir(), 'ferrymq-bench-l1-async-'));
  const servers: Partial<Record<Series, Server>> = {};
  const rows = new Map<string, WorkloadRow>();
  let topicSeq = 0;
  try {
    servers.sink = await startServer('sink', pinned(SERVER_CPU, ctx.sinkCommand(PARTITIONS, 0, 64)));
    servers.broker = await startServer('broker', pinned(SERVER_CPU, ctx.brokerCommand(asyncDir, PARTITIONS)));
    servers['broker-sync'] = await startServer(
      'broker',
      pinned(SERVER_CPU, withFlushMode(ctx.brokerCommand(syncDir, PARTITIONS), 'sync')),
    );
    // The brokers are restarted on an empty data directory before each run above 10 k msg/s: at the
    // higher rates a run stores up to ~3 GB, and kept servers filled the disk (70 GB) in a full run.
    const fresh = async (which: 'broker' | 'broker-sync', rate: number): Promise<Server> => {
      const current = servers[which] as Server;
      if (rate <= LOW_RATE) return current;
      await current.stop();
      const dir = which === 'broker' ? asyncDir : syncDir;
      for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
      const command = ctx.brokerCommand(dir, PARTITIONS);
      const next = await startServer(
        'broker',
        pinned(SERVER_CPU, which === 'broker' ? command : withFlushMode(command, 'sync')),
      );
      servers[which] = next;
      return next;
    };
    const one = async (series: Series, rate: number, round: number, server: Server): Promise<RunSample> => {
      const acks = series === 'broker-sync' ? 'all' : '1';
      const e2e = series === 'broker-e2e' || series === 'broker-sync' ? '1' : '0';
      const command = [latency, 'open', '-b', server.address, '-t', `bench-l1-${topicSeq++}`];
      command.push('-s', String(RECORD_BYTES), '-p', String(PARTITIONS), '-r', String(rate));
      command.push('-d', String(seconds), '-w', String(warmupMs), '-e', e2e, '-X', `acks=${acks}`);
      const loadavg = loadAverage();
      const m = await measure(
        ctx,
        server,
        pinned(LOAD_CPU, command),
        ['window open', 'window close'],
        (seconds + 120) * 1000,
      );
      const r = m.result;
      const openLoop: OpenLoopLatency = {
        rate,
        acks,
        countedSent: Number(r['countedSent']),
        countedAcked: Number(r['countedAcked']),
        countedConsumed: Number(r['countedConsumed']),
        lateSends: Number(r['lateSends']),
        maxSendLagUs: Number(r['maxSendLagUs']),
        ack: r['ack'] as LatencySummary,
        ...(e2e === '1' ? { e2e: r['e2e'] as LatencySummary } : {}),
      };
      const discarded = !ctx.short && round === 0;
      const sample: RunSample = {
        ...sampleOf(series === 'sink' ? 'sink' : 'broker', round, true, discarded, m, loadavg),
        openLoop,
      };
      const lost = openLoop.countedSent - openLoop.countedAcked;
      const unread = e2e === '1' ? openLoop.countedAcked - openLoop.countedConsumed : 0;
      ctx.log(
        `L1 ${series.padEnd(11)} ${rateLabel(rate).padStart(7)} msg/s round ${round}${discarded ? ' (discarded)' : ''}: ` +
          `ack p50 ${ms(openLoop.ack.p50Us)} p99 ${ms(openLoop.ack.p99Us)} p99.9 ${ms(openLoop.ack.p999Us)} ` +
          `max ${ms(openLoop.ack.maxUs)} ms` +
          (openLoop.e2e === undefined
            ? ''
            : `; e2e p50 ${ms(openLoop.e2e.p50Us)} p99 ${ms(openLoop.e2e.p99Us)} max ${ms(openLoop.e2e.maxUs)} ms`) +
          `; ${m.result.msgPerS.toFixed(0)} msg/s acked, server CPU ${m.serverCpuPct.toFixed(0)}%, ` +
          `late sends ${openLoop.lateSends}, loadavg ${loadavg}` +
          (lost > 0 ? `, ${lost} not acked` : '') +
          (unread > 0 ? `, ${unread} not consumed` : ''),
      );
      return sample;
    };
    const rowOf = (rate: number, acks: '1' | 'all', tailing = false): WorkloadRow => {
      const key = `${rate}/${acks}/${tailing}`;
      let row = rows.get(key);
      if (row === undefined) {
        const note =
          acks === '1'
            ? `${rateLabel(rate)} msg/s, acks=1, page cache${tailing ? ', with a tailing consumer' : ''}`
            : `${rateLabel(rate)} msg/s, acks=all, broker --flush-mode sync, with a tailing consumer`;
        row = { workload: 'L1', note, target: 1, samples: [] };
        rows.set(key, row);
      }
      return row;
    };
    for (const rate of rates) {
      for (let round = 0; round < rounds; round++) {
        if (round < acks1Rounds) {
          rowOf(rate, '1').samples.push(await one('sink', rate, round, servers.sink as Server));
          rowOf(rate, '1').samples.push(await one('broker', rate, round, await fresh('broker', rate)));
          if (allRates.includes(rate)) {
            const server = await fresh('broker', rate);
            rowOf(rate, '1', true).samples.push(await one('broker-e2e', rate, round, server));
          }
        }
        if (allRates.includes(rate)) {
          const server = await fresh('broker-sync', rate);
          rowOf(rate, 'all').samples.push(await one('broker-sync', rate, round, server));
        }
      }
    }
    if (ctx.profileDir !== null) {
      await (servers.broker as Server).stop();
      const profiled = await startServer(
        'broker',
        pinned(SERVER_CPU, ctx.brokerCommand(asyncDir, PARTITIONS, ctx.profileDir)),
      );
      servers.broker = profiled;
      const s = await one('broker', LOW_RATE, 0, profiled);
      ctx.log(
        `L1 profiled broker run at 10 k msg/s, acks=1 (not counted): ack p99 ${ms(s.openLoop?.ack.p99Us)} ms`,
      );
    }
  } finally {
    for (const s of Object.values(servers)) await s.stop();
    rmSync(syncDir, { recursive: true, force: true });
    rmSync(asyncDir, { recursive: true, force: true });
  }
  ctx.log(`L1 took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return [...rows.values()];
}

function ms(us: number | undefined): string {
  if (us === undefined || Number.isNaN(us)) return 'n/a';
  const v = us / 1000;
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function fmtMs(values: readonly number[]): string {
  if (values.length === 0) return '';
  const s = spread(values);
  return values.length === 1 ? ms(s.median) : `${ms(s.median)} [${ms(s.min)}-${ms(s.max)}]`;
}

/**
 * The L1 section of the report: per series, the median over counted runs of each run's percentile
 * (never an average of percentiles) with min-max, and the 1 ms target at 10 k msg/s, acks=1.
 */
export function l1Section(rows: readonly WorkloadRow[], plotFile: string | null): string {
  const l1 = rows.filter((r) => r.workload === 'L1');
  if (l1.length === 0) return '';
  const out = [
    '## L1: latency at fixed open-loop rates',
    '',
    `Producer: bench/loadgen/latency.c \`open\`, ${L1_PRODUCER_SETTINGS}; 8 partitions round robin, 1 KiB values. ` +
      "Latency is measured from each message's scheduled send time (no coordinated omission). produce-to-ack = " +
      'delivery report - scheduled; end-to-end = a tailing consumer (same process, librdkafka, ' +
      'fetch.wait.max.ms=500) receiving it - scheduled. Each cell: median over the counted runs of that ' +
      "run's percentile, [min-max] over runs; histograms have 0.78 % buckets, figures are bucket upper bounds. " +
      'The sink stores nothing, so it has no end-to-end figure; the acks=1 broker rows without a consumer are ' +
      'the like-for-like comparison with it. "late sends" = counted messages sent more than ' +
      "1 ms after their scheduled time (median over runs): the load generator's own delay, or librdkafka's queue " +
      "full when a server falls far behind; at 10 k msg/s the former. Above 1 % of a run's " +
      'messages the run measures the machine more than the server.',
    '',
    '| series | server | runs | acked msg/s | ack p50 ms | ack p99 ms | ack p99.9 ms | ack max ms | e2e p50 ms | e2e p99 ms | e2e p99.9 ms | e2e max ms | server CPU% | late sends | other CPU% |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of l1) {
    for (const target of ['sink', 'broker'] as const) {
      const runs = row.samples.filter((s) => !s.discarded && s.target === target && s.openLoop !== undefined);
      if (runs.length === 0) continue;
      const ol = runs.map((s) => s.openLoop as OpenLoopLatency);
      const e2e = ol.filter((o) => o.e2e !== undefined).map((o) => o.e2e as LatencySummary);
      const cell = (xs: LatencySummary[], f: (x: LatencySummary) => number): string => fmtMs(xs.map(f));
      const acks = ol.map((o) => o.ack);
      const med = (xs: number[]): string => spread(xs).median.toFixed(0);
      out.push(
        `| ${row.note} | ${target} | ${runs.length} | ${med(runs.map((s) => s.msgPerS))} | ` +
          `${cell(acks, (x) => x.p50Us)} | ${cell(acks, (x) => x.p99Us)} | ${cell(acks, (x) => x.p999Us)} | ` +
          `${cell(acks, (x) => x.maxUs)} | ${cell(e2e, (x) => x.p50Us)} | ${cell(e2e, (x) => x.p99Us)} | ` +
          `${cell(e2e, (x) => x.p999Us)} | ${cell(e2e, (x) => x.maxUs)} | ${med(runs.map((s) => s.serverCpuPct))} | ` +
          `${med(ol.map((o) => o.lateSends))} | ${med(runs.map((s) => s.otherCpuPct))} |`,
      );
    }
  }
  const target = l1.find((r) => r.note === `${rateLabel(LOW_RATE)} msg/s, acks=1, page cache`);
  if (target !== undefined) {
    // Every counted pair is judged: both runs are measured from the same schedule, so a late load
    // generator delays both; the pairs where it sent over 1 % of its messages more than 1 ms late are counted.
    const late = (s: RunSample): boolean =>
      s.openLoop !== undefined && s.openLoop.lateSends > 0.01 * s.openLoop.countedSent;
    const diffs: number[] = [];
    let latePairs = 0;
    for (const b of target.samples) {
      if (b.discarded || b.target !== 'broker' || b.openLoop === undefined) continue;
      const s = target.samples.find((x) => x.target === 'sink' && x.pair === b.pair);
      if (s?.openLoop === undefined) continue;
      diffs.push(b.openLoop.ack.p99Us - s.openLoop.ack.p99Us);
      if (late(b) || late(s)) latePairs++;
    }
    if (diffs.length > 0) {
      const d = spread(diffs);
      out.push(
        '',
        "Target (L1 produce-to-ack p99 at 10 k msg/s, acks=1, within 1 ms of the sink's; both produce-only): " +
          `broker - sink per pair ${(d.median / 1000).toFixed(2)} ms [${(d.min / 1000).toFixed(2)} to ` +
          `${(d.max / 1000).toFixed(2)}] over ${diffs.length} pair(s): **${d.median <= 1000 ? 'met' : 'missed'}**` +
          (latePairs > 0
            ? ` (in ${latePairs} of them the load generator sent over 1 % of its messages more than 1 ms late).`
            : '.'),
      );
    }
  }
  if (plotFile !== null) {
    out.push(
      '',
      `Latency by percentile (histograms of the counted runs merged per series): [${plotFile}](${plotFile})`,
      '',
      `![L1 latency by percentile](${plotFile})`,
    );
  }
  return out.join('\n');
}
