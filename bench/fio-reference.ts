/**
 * The disk reference of BENCHMARKS.md: fio sequential writes of 16 KiB with an fdatasync every 1 MiB
 * (64 blocks), buffered, into a preallocated file on the filesystem the broker's durable run uses.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pinned } from './processes.js';

export interface FioResult {
  mbPerS: number;
  /** fdatasync latency percentiles (µs) as fio measured them. */
  syncP50Us: number;
  syncP99Us: number;
  syncs: number;
  /** fio's own CPU (usr + sys), 100 = one core. */
  cpuPct: number;
  seconds: number;
  command: string[];
}

/**
 * The fio command line for a run of `seconds` in `dir`. The file is large enough that a time-based run
 * never wraps around onto blocks it already wrote (up to 1.6 GB/s), so every write lands on fresh
 * preallocated blocks, as the broker's writes into new segments do.
 */
export function fioCommand(dir: string, seconds: number): string[] {
  const sizeGiB = Math.max(2, Math.ceil(seconds * 1.6));
  return [
    'fio',
    '--name=t4-disk-reference',
    `--directory=${dir}`,
    '--rw=write',
    '--bs=16k',
    '--fdatasync=64',
    '--ioengine=psync',
    '--fallocate=native',
    `--size=${sizeGiB}g`,
    '--time_based',
    `--runtime=${seconds}`,
    '--end_fsync=1',
    '--output-format=json',
  ];
}

/** Source device and filesystem type of the mount holding `dir` (findmnt). */
export function filesystemOf(dir: string): { source: string; fstype: string } {
  const out = execFileSync('findmnt', ['-n', '-o', 'SOURCE,FSTYPE', '--target', dir]).toString().trim();
  const [source = '?', fstype = '?'] = out.split(/\s+/);
  return { source, fstype };
}

interface FioJson {
  jobs: {
    elapsed?: number;
    usr_cpu: number;
    sys_cpu: number;
    job_runtime?: number;
    write: { bw_bytes: number; runtime: number };
    sync?: { total_ios?: number; lat_ns?: { percentile?: Record<string, number> } };
  }[];
}

/** Runs fio once in a fresh directory under `parent` (removed afterwards), pinned to `cpu`. */
export async function runFio(parent: string, seconds: number, cpu: string | null): Promise<FioResult> {
  const dir = join(parent, `fio-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const command = fioCommand(dir, seconds);
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const [file, ...args] = pinned(cpu, command) as [string, ...string[]];
      const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 120) * 1000);
      child.once('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`fio failed (${code}): ${err.trim().split('\n').slice(-5).join('\n')}`));
      });
    });
    // fio may print notices before the JSON document.
    const json = JSON.parse(stdout.slice(stdout.indexOf('{'))) as FioJson;
    const job = json.jobs[0];
    if (job === undefined) throw new Error('fio printed no job');
    const pct = job.sync?.lat_ns?.percentile ?? {};
    return {
      mbPerS: job.write.bw_bytes / 1e6,
      syncP50Us: (pct['50.000000'] ?? NaN) / 1000,
      syncP99Us: (pct['99.000000'] ?? NaN) / 1000,
      syncs: job.sync?.total_ios ?? NaN,
      cpuPct: job.usr_cpu + job.sys_cpu,
      seconds: job.write.runtime / 1000,
      command,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
