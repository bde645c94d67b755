import type { OpenLoopLatency } from './latency-histogram.js';

/** One measured run: a load generator against the reference (sink) or the broker. */
export interface RunSample {
  target: 'sink' | 'broker';
  pair: number;
  pinned: boolean;
  /** The first pair of a series, run to warm caches and not counted. */
  discarded: boolean;
  mbPerS: number;
  msgPerS: number;
  msgs: number;
  seconds: number;
  /** CPU% of the server process over the measured window (100 = one core). */
  serverCpuPct: number;
  /** CPU% of the load generator over the same window. */
  loadCpuPct: number;
  /** Machine busy CPU% not explained by the server and the load generator (other tenants). */
  otherCpuPct: number;
  loadavg: string;
  /** Send latency percentiles in µs, for workloads that measure them (R1). */
  p50Us?: number;
  p99Us?: number;
  p999Us?: number;
  /** L1 (bench/workload-l1.ts): the open-loop run's latency histograms and schedule figures. */
  openLoop?: OpenLoopLatency;
  /** M1: records the tailing consumer was behind the producer when the window closed. */
  consumerLag?: number;
}

/** One row of the results table; `samples` holds every run of the row, discarded ones included. */
export interface WorkloadRow {
  workload: string;
  note: string;
  /** The ratio issue 7 asks for, or null where it sets none. */
  target: number | null;
  samples: RunSample[];
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = Math.floor(n / 2);
  const median =
    n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[n - 1] as number };
}

function fmt(s: Spread, digits = 0): string {
  if (Number.isNaN(s.median)) return 'n/a';
  return `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}-${s.max.toFixed(digits)}]`;
}

/** Per-pair broker/sink ratios. */
export function pairRatios(samples: readonly RunSample[]): number[] {
  const ratios: number[] = [];
  for (const b of samples) {
    if (b.target !== 'broker') continue;
    const s = samples.find((x) => x.target === 'sink' && x.pair === b.pair && x.pinned === b.pinned);
    if (s !== undefined && s.mbPerS > 0) ratios.push(b.mbPerS / s.mbPerS);
  }
  return ratios;
}

/** The results table (markdown). */
export function resultsTable(rows: readonly WorkloadRow[]): string {
  const out = [
    '| workload | pairs | sink MB/s median [min-max] | broker MB/s median [min-max] | ratio median [min-max] | target | broker msg/s median | broker CPU% | sink CPU% | other CPU% | loadavg |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const counted = row.samples.filter((s) => !s.discarded);
    const sink = counted.filter((s) => s.target === 'sink');
    const broker = counted.filter((s) => s.target === 'broker');
    const ratio = spread(pairRatios(counted));
    const met =
      row.target === null || Number.isNaN(ratio.median)
        ? ''
        : ratio.median >= row.target
          ? ' met'
          : ' **missed**';
    const loads = counted.map((s) => s.loadavg.split(' ')[0] ?? '');
    out.push(
      `| ${row.workload} (${row.note}) | ${broker.length} | ${fmt(spread(sink.map((s) => s.mbPerS)))} | ` +
        `${fmt(spread(broker.map((s) => s.mbPerS)))} | ${fmt(ratio, 2)} | ${row.target === null ? 'none set' : `>= ${row.target}`}${met} | ` +
        `${fmt(spread(broker.map((s) => s.msgPerS)))} | ${fmt(spread(broker.map((s) => s.serverCpuPct)))} | ` +
        `${fmt(spread(sink.map((s) => s.serverCpuPct)))} | ${fmt(spread(counted.map((s) => s.otherCpuPct)))} | ` +
        `${loads.length > 0 ? `${loads[0]}..${loads[loads.length - 1]}` : ''} |`,
    );
  }
  return out.join('\n');
}

/** Every run, in the order it ran (kept in the report so a reader can see the interleaving). */
export function runsTable(rows: readonly WorkloadRow[]): string {
  const out = [
    '| workload | pair | pinned | counted | target | MB/s | msg/s | seconds | server CPU% | loadgen CPU% | other CPU% | loadavg | p99 ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    for (const s of row.samples) {
      out.push(
        `| ${row.workload} | ${s.pair} | ${s.pinned ? 'yes' : 'no'} | ${s.discarded ? 'no' : 'yes'} | ${s.target} | ${s.mbPerS.toFixed(0)} | ` +
          `${s.msgPerS.toFixed(0)} | ${s.seconds.toFixed(2)} | ${s.serverCpuPct.toFixed(0)} | ` +
          `${s.loadCpuPct.toFixed(0)} | ${s.otherCpuPct.toFixed(0)} | ${s.loadavg} | ` +
          `${s.p99Us === undefined ? '' : (s.p99Us / 1000).toFixed(1)} |`,
      );
    }
  }
  return out.join('\n');
}

/** Send latency of the rows that measured it (R1), or '' when none did. */
export function latencyTable(rows: readonly WorkloadRow[]): string {
  const out = [
    '| workload | pairs | sink p99 ms median [min-max] | broker p99 ms median [min-max] | sink p50 ms | broker p50 ms | broker p99.9 ms |',
    '|---|---|---|---|---|---|---|',
  ];
  let any = false;
  for (const row of rows) {
    const counted = row.samples.filter((s) => !s.discarded && s.p99Us !== undefined);
    if (counted.length === 0) continue;
    any = true;
    const sink = counted.filter((s) => s.target === 'sink');
    const broker = counted.filter((s) => s.target === 'broker');
    const ms = (xs: RunSample[], f: (s: RunSample) => number | undefined): string =>
      fmt(spread(xs.map((s) => (f(s) ?? NaN) / 1000)), 1);
    out.push(
      `| ${row.workload} (${row.note}) | ${broker.length} | ${ms(sink, (s) => s.p99Us)} | ${ms(broker, (s) => s.p99Us)} | ` +
        `${ms(sink, (s) => s.p50Us)} | ${ms(broker, (s) => s.p50Us)} | ${ms(broker, (s) => s.p999Us)} |`,
    );
  }
  return any ? out.join('\n') : '';
}

/**
 * Server CPU time per message (µs; server CPU% x window / messages) and load-generator CPU%, per row: a
 * figure that other tenants disturb less than msg/s does, since it does not depend on how much CPU the
 * server was given.
 */
export function cpuPerMessageTable(rows: readonly WorkloadRow[]): string {
  const out = [
    '| workload | sink CPU µs/msg median [min-max] | broker CPU µs/msg median [min-max] | loadgen CPU% with sink | loadgen CPU% with broker |',
    '|---|---|---|---|---|',
  ];
  const perMsg = (s: RunSample): number => (s.msgPerS > 0 ? (s.serverCpuPct * 1e4) / s.msgPerS : NaN);
  for (const row of rows) {
    const counted = row.samples.filter((s) => !s.discarded);
    const sink = counted.filter((s) => s.target === 'sink');
    const broker = counted.filter((s) => s.target === 'broker');
    out.push(
      `| ${row.workload} (${row.note}) | ${fmt(spread(sink.map(perMsg)), 1)} | ${fmt(spread(broker.map(perMsg)), 1)} | ` +
        `${fmt(spread(sink.map((s) => s.loadCpuPct)))} | ${fmt(spread(broker.map((s) => s.loadCpuPct)))} |`,
    );
  }
  return out.join('\n');
}
