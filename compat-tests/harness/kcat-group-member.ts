/**
 * One `kcat -G <group> <topic>` balanced consumer (librdkafka 2.0.2) running as a child process:
 * unbuffered output of `partition<TAB>offset<TAB>key` lines, collected as they arrive. Stop it with
 * SIGINT (kcat closes the consumer: final commit and LeaveGroup) or SIGKILL (nothing is sent).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { KCAT } from './clients/kcat.js';
import { tail } from './run-process.js';

export interface GroupRecord {
  partition: number;
  offset: number;
  key: string;
}

export interface KcatGroupOptions {
  bootstrap: string;
  groupId: string;
  topic: string;
  /** Extra `-X name=value` settings, after the defaults (earliest, auto-commit every 100 ms). */
  config?: Readonly<Record<string, string>>;
}

const EXIT_TIMEOUT_MS = 20_000;

export class KcatGroupMember {
  readonly records: GroupRecord[] = [];
  private stderr = '';
  private pending = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: string | null }>;

  constructor(options: KcatGroupOptions) {
    const config: Record<string, string> = {
      'auto.offset.reset': 'earliest',
      'enable.auto.commit': 'true',
      'auto.commit.interval.ms': '100',
      'session.timeout.ms': '6000',
      'heartbeat.interval.ms': '500',
      ...options.config,
    };
    const args = ['-b', options.bootstrap, '-G', options.groupId, '-u', '-q'];
    for (const [k, v] of Object.entries(config)) args.push('-X', `${k}=${v}`);
    args.push('-f', '%p\\t%o\\t%k\\n', options.topic);
    this.child = spawn(KCAT, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.onOutput(chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', (e) => reject(new Error(`cannot run ${KCAT}: ${e.message}`)));
      this.child.once('close', (code, signal) => resolve({ code, signal }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  keys(): string[] {
    return this.records.map((r) => r.key);
  }

  /** kcat's stderr so far, for error messages. */
  errors(lines = 20): string {
    return tail(this.stderr, lines);
  }

  /** Sends `signal` and waits for the process to end; returns its exit code or signal name. */
  async stop(signal: 'SIGINT' | 'SIGKILL' = 'SIGINT'): Promise<number | string | null> {
    if (this.running) this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), EXIT_TIMEOUT_MS);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === null) {
      this.child.kill('SIGKILL');
      throw new Error(`kcat -G did not exit within ${EXIT_TIMEOUT_MS} ms of ${signal}\n${this.errors()}`);
    }
    return result.code ?? result.signal;
  }

  private onOutput(text: string): void {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^(\d+)\t(\d+)\t(.*)$/.exec(line);
      if (!m) {
        this.stderr += `unexpected output line: ${JSON.stringify(line)}\n`;
        continue;
      }
      this.records.push({ partition: Number(m[1]), offset: Number(m[2]), key: m[3] ?? '' });
    }
  }
}
