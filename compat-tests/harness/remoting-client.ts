/**
 * The compat tests' raw RocketMQ remoting client. It frames bytes itself (nothing from src/), so it
 * checks the broker and NameServer from the outside. On one TCP connection:
 * - request(): JSON-header requests, several in flight, replies matched by opaque, rejected on timeout
 *   or when the connection closes;
 * - oneway(), and write() for arbitrary bytes (hostile-input tests); next() reads the replies no
 *   request() waits for, closedWithin() tells whether the peer closes the connection;
 * - requests the server initiates (CHECK_TRANSACTION_STATE, NOTIFY_CONSUMER_IDS_CHANGED) are kept in
 *   serverRequests and handed to the onRequest handler.
 * Frame: int32 length | int32 (serialize type << 24 | header length) | header | body. Replies come in
 * the request's serialize type, so JSON and binary (ROCKETMQ) headers are both decoded.
 */
import net from 'node:net';

/** A decoded frame: a reply, or a request the server sent. */
export interface RemotingFrame {
  code: number;
  opaque: number;
  flag: number;
  remark: string | null;
  extFields: Record<string, string>;
  /** Empty when the frame has no body. */
  body: Buffer;
}

/** Header fields of a request: JSON values (the server reads them as strings). */
export type ExtFields = Record<string, unknown>;

export interface RemotingRequestOptions {
  /** Defaults to 5000 ms. */
  timeoutMs?: number;
  /** Remoting protocol version; 409 unless given. */
  version?: number;
  language?: string;
}

/** The flag bits: a response, a oneway request. */
export const RESPONSE_FLAG = 1;
export const ONEWAY_FLAG = 2;

const JSON_HEADER = 0;
const ROCKETMQ_HEADER = 1;
/** Opaques of request() start here, away from the small ones tests write by hand. */
const FIRST_OPAQUE = 1_000_000;

/** A frame with the given JSON header (any fields, for malformed-header tests), length prefix included. */
export function frameWithHeader(header: Record<string, unknown>, body: Buffer | null = null): Buffer {
  const h = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyLength = body?.length ?? 0;
  const out = Buffer.alloc(8 + h.length + bodyLength);
  out.writeInt32BE(4 + h.length + bodyLength, 0);
  out.writeInt32BE(h.length, 4);
  h.copy(out, 8);
  body?.copy(out, 8 + h.length);
  return out;
}

/** A request frame with a JSON header, length prefix included. */
export function jsonFrame(
  code: number,
  opaque: number,
  extFields: ExtFields = {},
  body: Buffer | null = null,
  options: RemotingRequestOptions & { flag?: number } = {},
): Buffer {
  return frameWithHeader(
    {
      code,
      language: options.language ?? 'JAVA',
      version: options.version ?? 409,
      opaque,
      flag: options.flag ?? 0,
      extFields,
    },
    body,
  );
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function decodeJsonHeader(header: Buffer): Omit<RemotingFrame, 'body'> {
  const h = JSON.parse(header.toString('utf8')) as Record<string, unknown>;
  const ext = (h['extFields'] ?? {}) as Record<string, unknown>;
  return {
    code: Number(h['code']),
    opaque: Number(h['opaque']),
    flag: Number(h['flag'] ?? 0),
    remark: typeof h['remark'] === 'string' ? h['remark'] : null,
    extFields: Object.fromEntries(Object.entries(ext).map(([k, v]) => [k, str(v)])),
  };
}

/** code int16 | language int8 | version int16 | opaque int32 | flag int32 | remark | extFields. */
function decodeBinaryHeader(h: Buffer): Omit<RemotingFrame, 'body'> {
  let at = 13;
  const text = (length: number): string => {
    if (length < 0 || at + length > h.length) throw new Error(`length ${length} at ${at} beyond the header`);
    at += length;
    return h.toString('utf8', at - length, at);
  };
  const remarkLength = h.readInt32BE(at);
  at += 4;
  const remark = remarkLength === 0 ? null : text(remarkLength);
  const extEnd = at + 4 + h.readInt32BE(at);
  at += 4;
  const extFields: Record<string, string> = {};
  while (at < extEnd) {
    const keyLength = h.readInt16BE(at);
    at += 2;
    const key = text(keyLength);
    const valueLength = h.readInt32BE(at);
    at += 4;
    extFields[key] = text(valueLength);
  }
  return { code: h.readInt16BE(0), opaque: h.readInt32BE(5), flag: h.readInt32BE(9), remark, extFields };
}

/** Decodes one frame (without its length prefix). Throws on a frame it cannot read. */
export function decodeFrame(frame: Buffer): RemotingFrame {
  const word = frame.readUInt32BE(0);
  const headerLength = word & 0xffffff;
  if (4 + headerLength > frame.length) throw new Error(`header length ${headerLength} beyond the frame`);
  const header = frame.subarray(4, 4 + headerLength);
  const type = word >>> 24;
  if (type !== JSON_HEADER && type !== ROCKETMQ_HEADER) throw new Error(`serialize type ${type}`);
  const fields = type === JSON_HEADER ? decodeJsonHeader(header) : decodeBinaryHeader(header);
  return { ...fields, body: Buffer.from(frame.subarray(4 + headerLength)) };
}

interface Pending {
  resolve: (frame: RemotingFrame) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class RemotingClient {
  /** Every request the server sent on this connection, in order. */
  readonly serverRequests: RemotingFrame[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private nextOpaque = FIRST_OPAQUE;
  private readonly pending = new Map<number, Pending>();
  /** Replies no request() waits for, until next() takes them. */
  private readonly unclaimed: RemotingFrame[] = [];
  private waiters: (() => void)[] = [];
  private requestHandler: ((request: RemotingFrame) => void) | null = null;
  private isClosed = false;
  /** Set when the server sent a frame this client cannot decode. */
  private failure: Error | null = null;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.isClosed = true;
      const why = this.failure ?? new Error('connection closed');
      for (const [opaque, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`no reply to opaque ${opaque}: ${why.message}`));
      }
      this.pending.clear();
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** Connects to host and port. */
  static open(host: string, port: number): Promise<RemotingClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port }, () => {
        s.off('error', reject);
        resolve(new RemotingClient(s));
      });
      s.once('error', reject);
    });
  }

  /** Connects to "host:port" (an IPv6 host may be bracketed). */
  static connect(addr: string): Promise<RemotingClient> {
    const i = addr.lastIndexOf(':');
    return RemotingClient.open(addr.slice(0, i).replace(/^\[|\]$/g, ''), Number(addr.slice(i + 1)));
  }

  /** True once the connection is closed, by either side. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Handles requests the server sends from now on (they are kept in serverRequests as well). */
  onRequest(handler: (request: RemotingFrame) => void): void {
    this.requestHandler = handler;
  }

  /** Sends a request and waits for its reply (rejects on timeout or when the connection closes). */
  request(
    code: number,
    extFields: ExtFields = {},
    body: Buffer | null = null,
    options: RemotingRequestOptions = {},
  ): Promise<RemotingFrame> {
    if (this.isClosed) return Promise.reject(new Error(`connection closed before code ${code} was sent`));
    const opaque = this.nextOpaque++;
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(opaque);
        reject(new Error(`no reply to code ${code} (opaque ${opaque}) within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(opaque, { resolve, reject, timer });
      this.socket.write(jsonFrame(code, opaque, extFields, body, options));
    });
  }

  /** Sends a oneway request (no reply expected). */
  oneway(code: number, extFields: ExtFields = {}, body: Buffer | null = null): void {
    this.write(jsonFrame(code, this.nextOpaque++, extFields, body, { flag: ONEWAY_FLAG }));
  }

  /** Sends bytes as they are (ignored once the connection is closed). */
  write(bytes: Buffer): void {
    if (!this.isClosed) this.socket.write(bytes);
  }

  /**
   * The next reply no request() waits for (the answers to frames sent with write()), or null when the
   * connection closed or nothing came in time. Throws when the server sent a frame it cannot decode.
   */
  async next(timeoutMs = 5000): Promise<RemotingFrame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.unclaimed.shift();
      if (frame !== undefined) return frame;
      if (this.failure !== null) throw this.failure;
      const left = deadline - Date.now();
      if (this.isClosed || left <= 0) return null;
      await this.activity(left);
    }
  }

  /** True when the connection closes within the time. Throws when it closed on an undecodable frame. */
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.isClosed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.activity(left);
    }
    if (this.failure !== null) throw this.failure;
    return true;
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
      const length = this.buffered.readInt32BE(0);
      const bytes = this.buffered.subarray(4, 4 + length);
      this.buffered = this.buffered.subarray(4 + length);
      let frame: RemotingFrame;
      try {
        if (length < 4) throw new Error(`frame length ${length}`);
        frame = decodeFrame(bytes);
      } catch (e) {
        this.failure = new Error(`undecodable frame from the server: ${(e as Error).message}`);
        this.socket.destroy();
        return;
      }
      this.dispatch(frame);
    }
  }

  private dispatch(frame: RemotingFrame): void {
    if ((frame.flag & RESPONSE_FLAG) === 0) {
      this.serverRequests.push(frame);
      this.requestHandler?.(frame);
      return;
    }
    const p = this.pending.get(frame.opaque);
    if (p === undefined) {
      this.unclaimed.push(frame);
      this.wake();
      return;
    }
    this.pending.delete(frame.opaque);
    clearTimeout(p.timer);
    p.resolve(frame);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private activity(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Connects to "host:port", sends one request, closes. */
export async function remotingRequest(
  addr: string,
  code: number,
  extFields: ExtFields = {},
  body: Buffer | null = null,
  options: RemotingRequestOptions = {},
): Promise<RemotingFrame> {
  const c = await RemotingClient.connect(addr);
  try {
    return await c.request(code, extFields, body, options);
  } finally {
    c.close();
  }
}
