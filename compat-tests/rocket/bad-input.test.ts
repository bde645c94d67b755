/** Raw remoting frames: unknown codes keep the connection (code 3); malformed frames close it; oneway gets no reply. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, stopAllBrokers, type BrokerProcess } from '../harness/broker.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBroker({ label: 'rocket-bad-input' });
});

afterAll(async () => {
  await stopAllBrokers();
});

function frame(header: object, body = Buffer.alloc(0)): Buffer {
  const h = Buffer.from(JSON.stringify(header));
  const out = Buffer.alloc(8 + h.length + body.length);
  out.writeInt32BE(4 + h.length + body.length, 0);
  out.writeInt32BE(h.length, 4);
  h.copy(out, 8);
  body.copy(out, 8 + h.length);
  return out;
}

class RawConnection {
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  closed = false;
  constructor(readonly socket: net.Socket) {
    socket.on('data', (c: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, c]);
      this.waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }
  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }
  /** The next reply's JSON header, or null when the connection closed or nothing came within timeoutMs. */
  async next(timeoutMs = 3000): Promise<Record<string, unknown> | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.buffered.length < 4 || this.buffered.length < 4 + this.buffered.readInt32BE(0)) {
      if (this.closed || Date.now() > deadline) return null;
      await new Promise<void>((r) => {
        this.waiting = r;
        setTimeout(r, 50);
      });
    }
    const length = this.buffered.readInt32BE(0);
    const headerLength = this.buffered.readInt32BE(4) & 0xffffff;
    const header = JSON.parse(this.buffered.toString('utf8', 8, 8 + headerLength)) as Record<string, unknown>;
    this.buffered = this.buffered.subarray(4 + length);
    return header;
  }
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }
}

describe('remoting bad input', () => {
  it('answers an unknown code with REQUEST_CODE_NOT_SUPPORTED and keeps the connection', async () => {
    for (const port of [broker.remotingPort, broker.namesrvPort]) {
      const c = await RawConnection.open(port);
      c.socket.write(
        frame({ code: 9999, opaque: 41, flag: 0, language: 'JAVA', version: 121, extFields: {} }),
      );
      const reply = await c.next();
      expect(reply).toMatchObject({ code: 3, opaque: 41, flag: 1 });
      // Still usable: a oneway request gets no reply, the next request does.
      c.socket.write(
        frame({
          code: 15,
          opaque: 42,
          flag: 2,
          extFields: { consumerGroup: 'g', topic: 't', queueId: 0, commitOffset: 1 },
        }),
      );
      c.socket.write(frame({ code: 30, opaque: 43, flag: 0, extFields: { topic: 'none', queueId: 0 } }));
      const next = await c.next();
      // The oneway request was never answered (the NameServer port does not know code 15 either).
      expect(next).toMatchObject({ opaque: 43, code: port === broker.remotingPort ? 0 : 3 });
      c.socket.destroy();
    }
  });

  it('answers a missing required header field with SYSTEM_ERROR naming it', async () => {
    const c = await RawConnection.open(broker.remotingPort);
    c.socket.write(frame({ code: 14, opaque: 5, flag: 0, extFields: { topic: 't', queueId: 0 } }));
    const reply = await c.next();
    expect(reply?.['code']).toBe(1);
    expect(String(reply?.['remark'])).toContain('consumerGroup');
    c.socket.destroy();
  });

  it('closes the connection on garbage, a header length beyond the frame, or an oversized frame', async () => {
    const garbage = Buffer.from('00000008' + '0000000474657374', 'hex'); // header "test" is not JSON
    const beyond = Buffer.from('00000008' + '000000ff7b7d7b7d', 'hex');
    const huge = Buffer.from('7fffffff00000000', 'hex');
    for (const bytes of [garbage, beyond, huge]) {
      const c = await RawConnection.open(broker.remotingPort);
      c.socket.write(bytes);
      expect(await c.closedWithin(3000)).toBe(true);
    }
    // The broker is still serving.
    const c = await RawConnection.open(broker.namesrvPort);
    c.socket.write(frame({ code: 206, opaque: 1, flag: 0, extFields: {} }));
    expect((await c.next())?.['code']).toBe(0);
    c.socket.destroy();
  });
});
