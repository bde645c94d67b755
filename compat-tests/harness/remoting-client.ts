/**
 * A small RocketMQ remoting client for tests: JSON-header requests over one TCP connection, several in
 * flight, replies matched by opaque; server-initiated requests are ignored. Independent of src/ (it
 * frames bytes itself), so it checks the broker from the outside.
 * Frame: int32 length | int32 (serialize type << 24 | header length) | JSON header | body.
 * (`raw-remoting.ts` is the byte-level helper of the hostile-input tests.)
 */
import net from 'node:net';

export interface RemotingClientReply {
  code: number;
  remark: string | null;
  extFields: Record<string, string>;
  /** Empty when the reply has no body. */
  body: Buffer;
  opaque: number;
  flag: number;
  /** The whole JSON header as sent by the server. */
  header: Record<string, unknown>;
}

export interface RemotingRequestOptions {
  /** Defaults to 5000 ms. */
  timeoutMs?: number;
  /** Remoting protocol version; 401 (4.9.x) unless given. */
  version?: number;
  language?: string;
}

const RESPONSE_FLAG = 1;
const ONEWAY_FLAG = 2;

/** One request frame with a JSON header. extFields values may be any JSON (the server reads strings). */
export function encodeRemotingRequest(
  code: number,
  opaque: number,
  extFields: Record<string, unknown>,
  body: Buffer | null = null,
  options: RemotingRequestOptions & { oneway?: boolean } = {},
): Buffer {
  const header = Buffer.from(
    JSON.stringify({
      code,
      language: options.language ?? 'JAVA',
      version: options.version ?? 401,
      opaque,
      flag: options.oneway === true ? ONEWAY_FLAG : 0,
      extFields,
    }),
    'utf8',
  );
  const bodyBytes = body ?? Buffer.alloc(0);
  const frame = Buffer.alloc(8 + header.length + bodyBytes.length);
  frame.writeInt32BE(4 + header.length + bodyBytes.length, 0);
  frame.writeInt32BE(header.length, 4);
  header.copy(frame, 8);
  bodyBytes.copy(frame, 8 + header.length);
  return frame;
}

interface Pending {
  resolve: (r: RemotingClientReply) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class RemotingClient {
  private buffered = Buffer.alloc(0);
  private nextOpaque = 1;
  private readonly pending = new Map<number, Pending>();
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      for (const [opaque, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`connection closed before the reply to opaque ${opaque}`));
      }
      this.pending.clear();
    });
    socket.on('error', () => undefined);
  }

  /** Connects to "host:port". */
  static connect(addr: string): Promise<RemotingClient> {
    const i = addr.lastIndexOf(':');
    const host = addr.slice(0, i).replace(/^\[|\]$/g, '');
    const port = Number(addr.slice(i + 1));
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port }, () => {
        s.off('error', reject);
        resolve(new RemotingClient(s));
      });
      s.once('error', reject);
    });
  }

  /** Sends a request and waits for its reply (rejects on timeout or when the connection closes). */
  request(
    code: number,
    extFields: Record<string, unknown> = {},
    body: Buffer | null = null,
    options: RemotingRequestOptions = {},
  ): Promise<RemotingClientReply> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    const opaque = this.nextOpaque++;
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(opaque);
        reject(new Error(`no reply to code ${code} (opaque ${opaque}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(opaque, { resolve, reject, timer });
      this.socket.write(encodeRemotingRequest(code, opaque, extFields, body, options));
    });
  }

  /** Sends a oneway request (no reply expected). */
  oneway(code: number, extFields: Record<string, unknown> = {}, body: Buffer | null = null): void {
    this.socket.write(encodeRemotingRequest(code, this.nextOpaque++, extFields, body, { oneway: true }));
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const length = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + length) return;
      const frame = this.buffered.subarray(4, 4 + length);
      this.buffered = this.buffered.subarray(4 + length);
      const headerLength = frame.readInt32BE(0) & 0xffffff;
      const header = JSON.parse(frame.toString('utf8', 4, 4 + headerLength)) as Record<string, unknown>;
      const flag = Number(header['flag'] ?? 0);
      if ((flag & RESPONSE_FLAG) === 0) continue; // a server-initiated request: not for this client
      const opaque = Number(header['opaque']);
      const p = this.pending.get(opaque);
      if (p === undefined) continue;
      this.pending.delete(opaque);
      clearTimeout(p.timer);
      const ext = (header['extFields'] ?? {}) as Record<string, unknown>;
      p.resolve({
        code: Number(header['code']),
        remark: typeof header['remark'] === 'string' ? header['remark'] : null,
        extFields: Object.fromEntries(Object.entries(ext).map(([k, v]) => [k, String(v)])),
        body: Buffer.from(frame.subarray(4 + headerLength)),
        opaque,
        flag,
        header,
      });
    }
  }
}

/** Connects, sends one request, closes. */
export async function remotingRequest(
  addr: string,
  code: number,
  extFields: Record<string, unknown> = {},
  body: Buffer | null = null,
  options: RemotingRequestOptions = {},
): Promise<RemotingClientReply> {
  const c = await RemotingClient.connect(addr);
  try {
    return await c.request(code, extFields, body, options);
  } finally {
    c.close();
  }
}
