import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** CPU time of one process (user + system), in seconds. */
export function processCpuSeconds(pid: number, clockTicks: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is [0], utime [11], stime [12].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Busy and total CPU time of the whole machine, in clock ticks (first line of /proc/stat). */
export function machineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** `taskset -c CPU` in front of a command when a CPU is given. */
export function pinned(cpu: string | null, command: string[]): string[] {
  return cpu === null ? command : ['taskset', '-c', cpu, ...command];
}

/** A broker or sink process, started and ready (it printed its ready line, e.g. `kafka listening on HOST:PORT`). */
export interface Server {
  name: string;
  pid: number;
  address: string;
  stop(): Promise<void>;
}

/**
 * Starts a server and waits up to `timeoutMs` for its ready line (`kafka listening on HOST:PORT` unless
 * `ready` says otherwise; its first group is the address).
 */
export function startServer(
  name: string,
  command: string[],
  timeoutMs = 60_000,
  ready: RegExp = /kafka listening on (\S+)/,
): Promise<Server> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (c: Buffer) => {
    stderr.push(c.toString());
    if (stderr.length > 50) stderr.shift();
  });
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms: ${stderr.join('')}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening: ${stderr.join('')}`));
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const m = ready.exec(line);
      if (m === null || m[1] === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ name, pid: child.pid as number, address: m[1], stop: () => stopChild(child, name) });
    });
  });
}

/** SIGTERM, then SIGKILL after 30 s. */
function stopChild(child: ChildProcess, name: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      process.stderr.write(`bench: ${name} ignored SIGTERM for 30 s; killing it\n`);
      child.kill('SIGKILL');
    }, 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The JSON line a load generator prints, plus what the runner observed while it ran. */
export interface LoadResult {
  msgs: number;
  bytes: number;
  seconds: number;
  mbPerS: number;
  msgPerS: number;
  librdkafka: string;
  [key: string]: unknown;
}

/**
 * Runs a load generator to completion. `onMarker` is called for each line it writes on stderr
 * (`window open`, `first message`, ...), so the caller can sample CPU counters at those moments.
 */
export function runLoad(
  command: string[],
  onMarker: (marker: string, pid: number) => void,
  timeoutMs: number,
): Promise<LoadResult> {
  const [file, ...args] = command as [string, ...string[]];
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const errors: string[] = [];
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
    if (/^(window open|window close|first message|done)$/.test(line)) onMarker(line, child.pid as number);
    else errors.push(line);
  });
  return new Promise<LoadResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    // 'close' (not 'exit'): stdout has been read to the end.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`${command.join(' ')} failed (${signal ?? code}): ${errors.join('\n')}`));
        return;
      }
      resolve(JSON.parse(line) as LoadResult);
    });
  });
}
