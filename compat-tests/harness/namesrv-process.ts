/**
 * `ferrymq namesrv` as a child process on an OS-picked loopback port. Output is kept for error messages;
 * call `stopAllNamesrvs()` from afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { BROKER_NODE_FLAGS } from '../../src/node-flags.js';
import { REPO_ROOT } from './broker.js';

const MAIN_JS = resolve(REPO_ROOT, process.env['FERRYMQ_COMPAT_MAIN'] ?? 'dist/main.js');
const START_TIMEOUT_MS = 20_000;
const running = new Set<ChildProcess>();

export interface NamesrvProcess {
  /** "host:port" for clients and brokers. */
  addr: string;
  child: ChildProcess;
  /** SIGTERM, then the exit code (0 on a clean shutdown). */
  stop(): Promise<number | null>;
}

/** Starts `ferrymq namesrv` with extra flags; rejects with its output if it exits or does not start. */
export function startNamesrv(args: readonly string[] = []): Promise<NamesrvProcess> {
  const child = spawn(
    process.execPath,
    [...BROKER_NODE_FLAGS, MAIN_JS, 'namesrv', '--namesrv-port', '0', '--host', '127.0.0.1', ...args],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  };
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`namesrv did not start within ${START_TIMEOUT_MS} ms: ${out}`));
    }, START_TIMEOUT_MS);
    const onOut = (c: Buffer): void => {
      out += c.toString();
      const m = /namesrv listening on ([0-9.]+):(\d+)/.exec(out);
      // The start-up lines end with the data directory.
      if (m !== null && out.includes('data directory ')) {
        clearTimeout(timer);
        ok({ addr: `${m[1]}:${m[2]}`, child, stop });
      }
    };
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onOut);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`namesrv exited (${String(code)}): ${out}`));
    });
  });
}

/** Kills every NameServer this process started. */
export function stopAllNamesrvs(): void {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
}
