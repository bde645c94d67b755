import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LengthPrefixedFramer } from './length-prefixed-framer.js';
import { RequestFlowControl } from './request-flow-control.js';

const frames = (n: number): Buffer => {
  const out = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) {
    out.writeInt32BE(4, i * 8);
    out.writeInt32BE(i, i * 8 + 4);
  }
  return out;
};

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A loopback server whose requests complete only when the test says so. */
async function serve(maxInflightRequests: number): Promise<{
  client: net.Socket;
  taken: number[];
  answer: (n: number, reply?: Buffer) => void;
  flow: () => RequestFlowControl;
}> {
  const taken: number[] = [];
  const open: number[] = [];
  let flow: RequestFlowControl | undefined;
  let socket: net.Socket | undefined;
  const server = net.createServer((s) => {
    socket = s;
    const framer = new LengthPrefixedFramer(1024);
    flow = new RequestFlowControl(
      s,
      framer,
      (f) => {
        taken.push(f.readInt32BE(0));
        open.push(f.readInt32BE(0));
      },
      { maxInflightRequests, inFlight: () => open.length, onError: () => s.destroy() },
    );
    s.on('data', (c: Buffer) => flow?.onData(c));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', () => r()));
  await until(() => flow !== undefined);
  cleanups.push(() => {
    client.destroy();
    socket?.destroy();
    server.close();
  });
  return {
    client,
    taken,
    answer: (n, reply) => {
      open.splice(0, n);
      if (reply !== undefined) socket?.write(reply);
      flow?.update();
    },
    flow: () => flow as RequestFlowControl,
  };
}

describe('RequestFlowControl', () => {
  it('takes at most maxInflightRequests frames, even from one chunk, and the rest once answered', async () => {
    const s = await serve(16);
    s.client.write(frames(1000));
    await until(() => s.taken.length === 16);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.taken.length).toBe(16);
    expect(s.flow().isPaused).toBe(true);
    // Half answered is not enough to resume (hysteresis); all answered is.
    s.answer(7);
    expect(s.taken.length).toBe(16);
    s.answer(9);
    await until(() => s.taken.length === 32);
    for (let i = 0; i < 200 && s.taken.length < 1000; i++) {
      s.answer(16);
      await new Promise((r) => setImmediate(r));
    }
    await until(() => s.taken.length === 1000);
    expect(s.taken).toEqual([...Array(1000).keys()]);
  });

  it('stops reading while replies queue unread in the socket', async () => {
    const s = await serve(1_000_000);
    s.client.pause(); // a peer that never reads
    s.client.write(frames(10));
    await until(() => s.taken.length === 10);
    s.answer(10, Buffer.alloc(8 * 1024 * 1024)); // far above the socket's high-water mark
    expect(s.flow().isPaused).toBe(true);
    s.client.write(frames(10));
    await new Promise((r) => setTimeout(r, 200));
    expect(s.taken.length).toBe(10);
    s.client.resume(); // the peer reads: the socket drains and requests are taken again
    await until(() => s.taken.length === 20, 10_000);
    expect(s.flow().isPaused).toBe(false);
  });
});
