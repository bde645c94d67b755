/** Runs sdk-child.ts in a child process, collects its stdout lines, and SIGKILLs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './sdk-helpers.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'sdk-child.ts');
const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export interface SdkChild {
  /** Every complete stdout line so far. */
  lines: string[];
  /** Waits until `count` lines satisfy `match` (or throws with the child's output). */
  waitFor(match: (line: string) => boolean, count?: number, timeoutMs?: number): Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

export function startSdkChild(mode: 'tx-unknown' | 'orderly', args: object): SdkChild {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return {
    lines,
    async waitFor(match, count = 1, timeoutMs = 30_000) {
      await waitUntil(
        () => {
          if (lines.some((l) => l.startsWith('ERROR'))) throw new Error(`child failed: ${lines.join('\n')}`);
          return lines.filter(match).length >= count;
        },
        timeoutMs,
        () => `child output: ${lines.slice(-5).join(' | ')} stderr: ${stderr}`,
      );
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
