/** Runs an external client program (kcat, python) with input on stdin and a hard time limit. */
import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ProcessResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        reject(
          new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\nstderr: ${tail(stderr)}`),
        );
        return;
      }
      resolve({ code, signal, stdout: Buffer.concat(out), stderr });
    });
    child.stdin.on('error', () => undefined); // the program may exit before reading all input
    child.stdin.end(options.input ?? '');
  });
}

/** The last `n` lines of a text, for error messages. */
export function tail(text: string, n = 30): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}
