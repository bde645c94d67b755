/**
 * The benchmark command (`npm run bench -- [--short] [--workloads T1,C1,...] [--profile]`; every workload by default): builds the
 * load generators, the protocol sink and the broker, runs each workload as interleaved sink/broker
 * pairs (see /work/shared/BENCHMARKS.md and docs/performance.md), and writes bench/results/<date>.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BROKER_NODE_FLAGS } from '../src/node-flags.js';
import { hotFunctions } from './cpu-profile-summary.js';
import { loadAverage } from './processes.js';
import {
  cpuPerMessageTable,
  latencyTable,
  resultsTable,
  runsTable,
  spread,
  type WorkloadRow,
} from './report.js';
import { latencyPlotSvg, latencySeries } from './latency-plot.js';
import { type L1Options, l1Section, runL1 } from './workload-l1.js';
import { runM1 } from './workload-m1.js';
import { runR1 } from './workload-r1.js';
import { runT2, runT3, runT4 } from './workloads-produce.js';
import { type BenchContext, runC1, runT1 } from './workloads.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const BUILD_DIR = join(BENCH_DIR, '.build');
/** The compiled sink lives under node_modules/.cache, which git, eslint and prettier all skip. */
const SINK_JS = join(ROOT, 'node_modules', '.cache', 'ferrymq-bench', 'js', 'bench', 'kafka-sink.js');
const REMOTING_SINK_JS = join(dirname(SINK_JS), 'remoting-sink.js');
const ROCKET_LOADGEN_JS = join(dirname(SINK_JS), 'rocket-loadgen.js');
/** L1's options from the command line (`--l1-max-rate`), set in main before any workload runs. */
const l1Options: L1Options = {};
/** Every workload, in the order a plain `npm run bench` runs them (T1 first: L1 takes its rates from it). */
const WORKLOADS: Record<string, (ctx: BenchContext) => Promise<WorkloadRow[]>> = {
  T1: runT1,
  T2: runT2,
  T3: runT3,
  T4: runT4,
  C1: runC1,
  M1: runM1,
  L1: (ctx) => runL1(ctx, l1Options),
  R1: runR1,
};
const PRODUCER_SETTINGS = 'linger.ms=5, batch.size=1000000, compression.type=none, acks=1';

function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function run(file: string, args: string[]): void {
  try {
    execFileSync(file, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    const output = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim().split('\n').slice(-30);
    throw new Error(`${file} ${args.join(' ')} failed:\n${output.join('\n')}`);
  }
}

function newer(target: string, source: string): boolean {
  return existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs;
}

/** Compiles the C load generators (gcc + librdkafka-dev), the sink (tsc) and, unless told not to, the broker. */
function prepare(buildBroker: boolean, brokerMain: string): { producer: string; consumer: string } {
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(join(BUILD_DIR, '.gitignore'), '*\n');
  const out: Record<string, string> = {};
  for (const name of ['producer', 'consumer', 'latency']) {
    const source = join(BENCH_DIR, 'loadgen', `${name}.c`);
    const binary = join(BUILD_DIR, name);
    if (!newer(binary, source)) {
      log(`compiling ${relative(ROOT, source)}`);
      run('gcc', ['-O2', '-Wall', '-Wextra', '-o', binary, source, '-lrdkafka', '-lpthread']);
    }
    out[name] = binary;
  }
  log('compiling the sinks and the RocketMQ load generator (tsc -p bench/tsconfig.sink.json)');
  run('npx', ['tsc', '-p', join(BENCH_DIR, 'tsconfig.sink.json')]);
  if (buildBroker) {
    log('building the broker (npm run build)');
    run('npm', ['run', 'build']);
  }
  if (!existsSync(brokerMain)) throw new Error(`${brokerMain} not found; run npm run build`);
  return { producer: out.producer as string, consumer: out.consumer as string };
}

/** Waits (up to maxWaitS) for the 1-minute load average to drop below 1, as BENCHMARKS.md asks. */
async function waitForQuiet(maxWaitS: number): Promise<void> {
  const deadline = Date.now() + maxWaitS * 1000;
  for (;;) {
    const load = Number(loadAverage().split(' ')[0]);
    if (load < 1 || Date.now() >= deadline) {
      log(`loadavg ${loadAverage()}${load < 1 ? '' : ' (still busy; running anyway, see "other CPU%")'}`);
      return;
    }
    log(`loadavg ${loadAverage()}: waiting for a quieter machine`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return 'no commit';
  }
}

function profileSection(dirs: Record<string, string>): string {
  const parts: string[] = [];
  for (const [workload, dir] of Object.entries(dirs)) {
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
    for (const f of files) {
      const { functions, busyPct } = hotFunctions(join(dir, f));
      parts.push(
        `### ${workload} broker profile (${relative(ROOT, join(dir, f))}, busy ${busyPct.toFixed(0)}%)`,
        '',
      );
      parts.push('| self % of busy | function | location |', '|---|---|---|');
      for (const fn of functions) parts.push(`| ${fn.selfPct.toFixed(1)} | ${fn.name} | ${fn.location} |`);
      parts.push('');
    }
  }
  return parts.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      workloads: { type: 'string', default: Object.keys(WORKLOADS).join(',') },
      pairs: { type: 'string' },
      duration: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      broker: { type: 'string', default: join(ROOT, 'dist', 'main.js') },
      profile: { type: 'boolean', default: false },
      'wait-quiet': { type: 'string', default: '60' },
      'r1-concurrency': { type: 'string', default: '64' },
      'l1-max-rate': { type: 'string' },
    },
  });
  const workloads = values.workloads.split(',').map((w) => w.trim().toUpperCase());
  for (const w of workloads)
    if (!(w in WORKLOADS))
      throw new Error(`unknown workload ${w} (known: ${Object.keys(WORKLOADS).join(', ')})`);
  const short = values.short;
  // Pinned pairs including the discarded first one: 1 + 5 counted (1 + 3 in short mode).
  const pairs = Number(values.pairs ?? (short ? 4 : 6));
  const durationS = Number(values.duration ?? (short ? 3 : 5));
  const brokerMain = values.broker;
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '-');
  const resultsDir = join(BENCH_DIR, 'results');
  const rawDir = join(resultsDir, 'raw');
  mkdirSync(rawDir, { recursive: true });

  const tools = prepare(!values['no-build'], brokerMain);
  const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
  const profileDirs: Record<string, string> = {};
  const base: Omit<BenchContext, 'profileDir'> = {
    short,
    pairs,
    durationS,
    clockTicks,
    producer: tools.producer,
    consumer: tools.consumer,
    brokerCommand: (dataDir, partitions, profileDir) => [
      process.execPath,
      ...BROKER_NODE_FLAGS,
      ...(profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir]),
      brokerMain,
      'start',
      '--host',
      '127.0.0.1',
      '--kafka-port',
      '0',
      '--remoting-port',
      '0',
      '--namesrv-port',
      '0',
      '--data-dir',
      dataDir,
      '--flush-mode',
      'async',
      '--default-partitions',
      String(partitions),
      '--log-level',
      'warn',
    ],
    sinkCommand: (partitions, backlogRecords, recordsPerBatch) => [
      process.execPath,
      SINK_JS,
      '--partitions',
      String(partitions),
      '--backlog-records',
      String(backlogRecords),
      '--records-per-batch',
      String(recordsPerBatch),
    ],
    remotingSinkCommand: (queues) => [process.execPath, REMOTING_SINK_JS, '--queues', String(queues)],
    rocketLoadgen: [process.execPath, ROCKET_LOADGEN_JS],
    r1Concurrency: Number(values['r1-concurrency']),
    log,
  };

  if (values['l1-max-rate'] !== undefined) l1Options.maxRate = Number(values['l1-max-rate']);
  await waitForQuiet(Number(values['wait-quiet']));
  const loadBefore = loadAverage();
  const rows: WorkloadRow[] = [];
  for (const w of workloads) {
    const profileDir = values.profile ? join(rawDir, `profiles-${stamp}`, w) : null;
    if (profileDir !== null) profileDirs[w] = profileDir;
    const run = WORKLOADS[w] as (ctx: BenchContext) => Promise<WorkloadRow[]>;
    const produced = await run({ ...base, profileDir });
    rows.push(...produced);
    // L1's rates are shares of T1's maximum: take the broker's pinned T1 median when T1 ran first.
    if (w === 'T1' && l1Options.maxRate === undefined) {
      const t1 = produced.find((r) => r.note === 'pinned');
      const rates = t1?.samples.filter((s) => s.target === 'broker' && !s.discarded).map((s) => s.msgPerS);
      if (rates !== undefined && rates.length > 0) l1Options.maxRate = Math.round(spread(rates).median);
    }
  }
  const loadAfter = loadAverage();

  // L1 rows are fixed-rate latency runs: their own section and plot instead of the MB/s ratio tables.
  const ratioRows = rows.filter((r) => r.workload !== 'L1');
  const latencySvg = latencyPlotSvg(latencySeries(rows), `L1 latency by percentile, run ${stamp}`);
  const plotFile = latencySvg === '' ? null : `${stamp}-latency.svg`;
  if (plotFile !== null) writeFileSync(join(resultsDir, plotFile), latencySvg);
  const table = resultsTable(ratioRows);
  const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const report = [
    `# Benchmark run ${stamp}`,
    '',
    `- command: \`${command}\``,
    `- revision: ${gitRevision()} (working tree as built), broker: \`${relative(ROOT, brokerMain)}\` --flush-mode async`,
    `- machine: ${cpus().length} x ${cpu}, node ${process.version}, loadavg before ${loadBefore}, after ${loadAfter}`,
    `- pinning: server \`taskset -c 1\`, load generator \`taskset -c 0\` (except the unpinned row)`,
    `- pairs: ${pairs} pinned per workload, interleaved sink then broker, the first discarded; ` +
      `T1 runs ${durationS} s each after a 1 s warm-up`,
    ...(workloads.some((w) => w !== 'R1')
      ? [
          `- producer (librdkafka C, bench/loadgen/producer.c): ${PRODUCER_SETTINGS}; 1 KiB values, no key`,
          `- consumer (librdkafka C, bench/loadgen/consumer.c): assign partitions 0-7 from the beginning, no group, ` +
            `librdkafka defaults; rate from first to last message`,
        ]
      : []),
    `- MB/s = 10^6 payload bytes per second; CPU% 100 = one core (of 200); "other CPU%" = machine busy time ` +
      `not charged to the server or the load generator: other tenants, plus loopback softirq work`,
    ...(workloads.some((w) => w === 'T2' || w === 'T3' || w === 'T4')
      ? [
          `- T2/T3/T4: producers in signal mode (\`producer -S\`): the runner opens and closes one window for all ` +
            `producers with SIGUSR1 after every producer has an acknowledgement and a 1 s warm-up; figure = sum of ` +
            `the producers' rates; loadgen CPU% = both producers. T2/T3: 2 producers on core 0, 8 partitions, ` +
            `broker --flush-mode async. T4: 1 producer with acks=all, broker --flush-mode sync on the real disk, ` +
            `reference fio (in the "sink" columns) run right before each broker run on the same filesystem; ` +
            `fdatasync counts from an uncounted run under \`strace -f --seccomp-bpf\`; T4 runs at least 7 pairs (6 counted) ` +
            `in full mode. Short mode: 3 pairs, 2 s windows after a 0.5 s warm-up`,
        ]
      : []),
    ...(workloads.includes('M1')
      ? [
          `- M1 (bench/loadgen/latency.c \`mixed\`, one process on core 0): a closed-loop producer with the ` +
            `producer settings above (8 partitions round robin) and a consumer tailing partitions 0-7 from offset 0 ` +
            `(librdkafka defaults) at the same time, a fresh topic per run, servers kept up; both counted over one ` +
            `window (${short ? '2 s after 0.5 s' : `${durationS} s after 1 s`}); reference: the sink with ` +
            `--serve-produced (canned records up to each partition's produced count, held fetches woken by a produce). ` +
            `Server CPU% and CPU µs/msg of the M1 consume row cover both directions (one server process)`,
        ]
      : []),
    ...(workloads.includes('L1')
      ? [
          `- L1: see its section below (open-loop rates, latency percentiles, plot ${plotFile ?? 'not written'})`,
        ]
      : []),
    ...(workloads.includes('R1')
      ? [
          `- R1 (bench/rocket-loadgen.ts on the project's RocketMQ client, node, compiled by tsc; reference ` +
            `bench/remoting-sink.ts): send phase ` +
            `${values['r1-concurrency']} closed-loop \`Producer.send\` callers (sync send, retries off), 1 KiB bodies, ` +
            `8 queues round robin, ${durationS} s window after 1 s; latency = call to resolve, HDR histogram; ` +
            `consume phase: a new PushConsumer group (pull batch 32, CONSUME_FROM_FIRST_OFFSET) reads back ` +
            `everything the send phase stored; rate from first to last message. "CPU µs/msg" = server CPU ` +
            `time over the window / messages (steadier than msg/s on a shared machine)`,
        ]
      : []),
    '',
    table,
    '',
    latencyTable(rows),
    '',
    l1Section(rows, plotFile),
    '',
    cpuPerMessageTable(rows),
    '',
    '## Every run',
    '',
    runsTable(rows),
    '',
    profileSection(profileDirs),
  ].join('\n');
  const reportPath = join(resultsDir, `${stamp}.md`);
  writeFileSync(reportPath, report);
  writeFileSync(join(rawDir, `${stamp}.json`), JSON.stringify({ stamp, command, rows }, null, 2));
  process.stdout.write(`\n${table}\n\nwritten to ${relative(ROOT, reportPath)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
