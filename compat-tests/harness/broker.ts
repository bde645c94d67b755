/**
 * Starts the real broker (`node dist/main.js start`) as a child process on an OS-picked loopback
 * port with a fresh data directory, and stops, kills or restarts it. The broker's stdout and stderr
 * go to a log file under .tmp/compat-logs/ for diagnosing failed tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BROKER_NODE_FLAGS } from '../../src/node-flags.js';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const COMPAT_LOG_DIR = join(REPO_ROOT, '.tmp', 'compat-logs');
/** The broker entry point; FERRYMQ_COMPAT_MAIN points the suite at another build. */
const MAIN_JS = resolve(REPO_ROOT, process.env['FERRYMQ_COMPAT_MAIN'] ?? join('dist', 'main.js'));
const LISTENING_LINE = /kafka listening on (\[[0-9a-fA-F:.]+\]|[0-9.]+|[A-Za-z0-9.-]+):(\d+)/;
const ROCKET_BROKER_LINE = /rocketmq broker listening on (\[[0-9a-fA-F:.]+\]|[0-9.]+|[A-Za-z0-9.-]+):(\d+)/;
const NAMESRV_LINE = /namesrv listening on (\[[0-9a-fA-F:.]+\]|[0-9.]+|[A-Za-z0-9.-]+):(\d+)/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface BrokerOptions {
  /** `--flush-mode`; the broker's default when absent. */
  flushMode?: 'sync' | 'async';
  autoCreateTopics?: boolean;
  defaultPartitions?: number;
  segmentBytes?: number;
  logLevel?: string;
  /** Any further command-line flags. */
  extraArgs?: readonly string[];
  /** A name used in the log file name. */
  label?: string;
}

const running = new Set<BrokerProcess>();
const dataDirs = new Set<string>();
let logCounter = 0;

export class BrokerProcess {
  host = '';
  port = 0;
  /** RocketMQ broker port (OS-picked, so no VIP channel) and NameServer port; 0 until started. */
  remotingPort = 0;
  namesrvPort = 0;
  /** Exit code of the last run, or the signal name; null while running. */
  lastExit: number | string | null = null;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private log: WriteStream | null = null;

  constructor(
    readonly dataDir: string,
    readonly options: BrokerOptions,
    readonly logFile: string,
  ) {}

  get bootstrap(): string {
    return `${this.host}:${this.port}`;
  }

  /** The NameServer address for RocketMQ clients (`nameSrv`). */
  get nameSrv(): string {
    return `${this.host}:${this.namesrvPort}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** The broker process id while it runs (for /proc figures and prlimit). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The command-line flags this broker is started with. */
  args(): string[] {
    const o = this.options;
    const args = [
      'start',
      '--kafka-port',
      '0',
      '--remoting-port',
      '0',
      '--namesrv-port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      this.dataDir,
    ];
    if (o.flushMode !== undefined) args.push('--flush-mode', o.flushMode);
    if (o.autoCreateTopics !== undefined) args.push('--auto-create-topics', String(o.autoCreateTopics));
    if (o.defaultPartitions !== undefined) args.push('--default-partitions', String(o.defaultPartitions));
    if (o.segmentBytes !== undefined) args.push('--segment-bytes', String(o.segmentBytes));
    args.push('--log-level', o.logLevel ?? 'info');
    args.push(...(o.extraArgs ?? []));
    return args;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('broker already running');
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.log = log;
    log.write(`\n===== start ${new Date().toISOString()} node ${MAIN_JS} ${this.args().join(' ')}\n`);
    const child = spawn(process.execPath, [...BROKER_NODE_FLAGS, MAIN_JS, ...this.args()], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: withoutBrokerEnv(process.env),
    });
    this.child = child;
    this.lastExit = null;
    running.add(this);
    this.exited = new Promise((resolveExit) => {
      child.once('exit', (code, signal) => {
        this.lastExit = code ?? signal ?? null;
        log.write(`===== exit code=${String(code)} signal=${String(signal)}\n`);
        this.child = null;
        running.delete(this);
        resolveExit();
      });
    });
    child.stderr?.pipe(log, { end: false });
    await new Promise<void>((resolveStart, rejectStart) => {
      let pending = '';
      const fail = (why: string): void => {
        cleanup();
        rejectStart(new Error(`broker did not start: ${why}\n${this.logTail()}`));
      };
      const onData = (chunk: Buffer): void => {
        log.write(chunk);
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          const rocket = ROCKET_BROKER_LINE.exec(line);
          if (rocket?.[2] !== undefined) this.remotingPort = Number(rocket[2]);
          const namesrv = NAMESRV_LINE.exec(line);
          if (namesrv?.[2] !== undefined) this.namesrvPort = Number(namesrv[2]);
          const m = LISTENING_LINE.exec(line);
          if (m?.[1] !== undefined && m[2] !== undefined) {
            this.host = m[1].replace(/^\[|\]$/g, '');
            this.port = Number(m[2]);
          }
          // The start-up lines end with the data directory; by then every listener is up.
          if (this.port !== 0 && line.startsWith('data directory ')) {
            cleanup();
            child.stdout?.on('data', (c: Buffer) => log.write(c));
            resolveStart();
            return;
          }
        }
      };
      const onExit = (code: number | null, signal: string | null): void =>
        fail(`exited early (code ${String(code)}, signal ${String(signal)})`);
      const timer = setTimeout(
        () => fail(`no "kafka listening on" line within ${START_TIMEOUT_MS} ms`),
        START_TIMEOUT_MS,
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
    }).catch(async (err: unknown) => {
      await this.kill();
      throw err;
    });
  }

  /** SIGTERM, then waits for the exit; returns the exit code (0 on a clean shutdown). */
  async stop(): Promise<number | string | null> {
    const child = this.child;
    if (!child) return this.lastExit;
    child.kill('SIGTERM');
    const timedOut = await waitOrTimeout(this.exited, STOP_TIMEOUT_MS);
    if (timedOut) {
      await this.kill();
      throw new Error(`broker did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n${this.logTail()}`);
    }
    return this.lastExit;
  }

  /** SIGKILL (kill -9) and wait for the exit. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGKILL without waiting (for process exit handlers). */
  killNow(): void {
    this.child?.kill('SIGKILL');
  }

  /** Stops (SIGTERM) if running and starts again on the same data directory; the port may change. */
  async restart(): Promise<void> {
    if (this.child) {
      const code = await this.stop();
      if (code !== 0) throw new Error(`broker exited with ${String(code)} on SIGTERM\n${this.logTail()}`);
    }
    await this.start();
  }

  /** The last lines the broker printed, for error messages. */
  logTail(lines = 40): string {
    try {
      const all = readFileSync(this.logFile, 'utf8').trimEnd().split('\n');
      return `--- last ${lines} lines of ${this.logFile} ---\n${all.slice(-lines).join('\n')}`;
    } catch {
      return `(no log at ${this.logFile})`;
    }
  }
}

/** Starts a broker on a fresh temporary data directory. */
export async function startBroker(options: BrokerOptions = {}): Promise<BrokerProcess> {
  mkdirSync(COMPAT_LOG_DIR, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'ferrymq-compat-'));
  dataDirs.add(dataDir);
  logCounter += 1;
  const label = (options.label ?? 'broker').replace(/[^A-Za-z0-9_-]+/g, '-');
  const logFile = join(COMPAT_LOG_DIR, `${label}-${process.pid}-${logCounter}.log`);
  const broker = new BrokerProcess(dataDir, options, logFile);
  await broker.start();
  return broker;
}

/**
 * Kills every broker this process started and removes their data directories (kept when
 * FERRYMQ_COMPAT_KEEP_DATA=1). Call it from afterAll in every test file.
 */
export async function stopAllBrokers(): Promise<void> {
  await Promise.all([...running].map((b) => b.kill()));
  if (process.env['FERRYMQ_COMPAT_KEEP_DATA'] !== '1') {
    await Promise.all([...dataDirs].map((d) => rm(d, { recursive: true, force: true })));
    dataDirs.clear();
  }
}

// A broker left behind by a crashed test run must not outlive the test process.
process.once('exit', () => {
  for (const b of running) b.killNow();
});

function withoutBrokerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('FERRYMQ_')) copy[k] = v; // flags only
  return copy;
}

async function waitOrTimeout(p: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(true), ms);
  });
  const result = await Promise.race([p.then(() => false), timeout]);
  clearTimeout(timer);
  return result;
}
