/**
 * RocketMQ remoting frames written and read by hand on a plain socket, for hostile-input and limit
 * tests. Frames: int32 length | int32 (serialize type << 24 | header length) | header | body.
 * Independent of src/ except where a test wants the broker's own encoder.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

export interface RemotingReply {
  code: number;
  opaque: number;
  flag: number;
  remark: string | null;
  extFields: Record<string, string>;
  body: Buffer | null;
}

/** A JSON-header request frame, length prefix included. */
export function jsonFrame(
  code: number,
  opaque: number,
  extFields: Record<string, string> = {},
  body: Buffer | null = null,
  flag = 0,
): Buffer {
  const header = Buffer.from(
    JSON.stringify({ code, language: 'JAVA', version: 409, opaque, flag, extFields }),
    'utf8',
  );
  const bodyLength = body?.length ?? 0;
  const out = Buffer.alloc(8 + header.length + bodyLength);
  out.writeInt32BE(4 + header.length + bodyLength, 0);
  out.writeInt32BE(header.length, 4);
  header.copy(out, 8);
  body?.copy(out, 8 + header.length);
  return out;
}

/** A plain connection collecting replies (JSON headers only, as ferrymq answers JSON requests). */
export class RemotingConnection {
  private received: Buffer = Buffer.alloc(0);
  private closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(host: string, port: number): Promise<RemotingConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('connect', () => resolve(new RemotingConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }

  /** The next reply frame, or null when the connection closed or nothing came in time. */
  async next(timeoutMs = 5000): Promise<RemotingReply | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.received.length >= 4) {
        const length = this.received.readInt32BE(0);
        if (this.received.length >= 4 + length) {
          const frame = this.received.subarray(4, 4 + length);
          this.received = this.received.subarray(4 + length);
          const headerLength = frame.readUInt32BE(0) & 0xffffff;
          const h = JSON.parse(frame.toString('utf8', 4, 4 + headerLength)) as Record<string, unknown>;
          return {
            code: Number(h['code']),
            opaque: Number(h['opaque']),
            flag: Number(h['flag']),
            remark: typeof h['remark'] === 'string' ? h['remark'] : null,
            extFields: (h['extFields'] ?? {}) as Record<string, string>,
            body: frame.length > 4 + headerLength ? Buffer.from(frame.subarray(4 + headerLength)) : null,
          };
        }
      }
      const left = deadline - Date.now();
      if (this.closed || left <= 0) return null;
      await this.waitForActivity(left);
    }
  }

  /** Sends one JSON request and waits for its reply. */
  async request(
    code: number,
    extFields: Record<string, string> = {},
    body: Buffer | null = null,
    timeoutMs = 5000,
  ): Promise<RemotingReply | null> {
    const opaque = Math.floor(Math.random() * 0x7fffffff);
    this.write(jsonFrame(code, opaque, extFields, body));
    for (;;) {
      const reply = await this.next(timeoutMs);
      if (reply === null || reply.opaque === opaque) return reply;
    }
  }

  /** True when the peer closes the connection within the time. */
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.waitForActivity(left);
    }
    return true;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private waitForActivity(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Reads VmRSS of a process from /proc, in bytes. */
export function rssBytes(pid: number): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(text);
  if (m?.[1] === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
