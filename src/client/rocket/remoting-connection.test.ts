import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CommandFlag,
  SerializeType,
  decodeRemotingCommand,
  encodeRemotingCommand,
  type RemotingCommand,
} from '../../protocol/rocket/codec/remoting-command.js';
import { RocketClientError } from './client-error.js';
import { ConnectionPool } from './connection-pool.js';
import { silentLogger } from './client-logger.js';
import { RemotingConnection } from './remoting-connection.js';

/** A scripted peer: decodes frames the client sends and lets the test answer or send requests. */
class Peer {
  readonly received: RemotingCommand[] = [];
  sockets: Socket[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly server: Server) {
    server.on('connection', (s) => {
      this.sockets.push(s);
      let buf = Buffer.alloc(0);
      s.on('data', (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
          const len = buf.readInt32BE(0);
          this.received.push(decodeRemotingCommand(buf.subarray(4, 4 + len)));
          buf = buf.subarray(4 + len);
          for (const w of this.waiters.splice(0)) w();
        }
      });
      s.on('error', () => undefined);
    });
  }
  get address(): string {
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('not listening');
    return `127.0.0.1:${a.port}`;
  }
  async waitFor(n: number): Promise<void> {
    while (this.received.length < n) await new Promise<void>((r) => this.waiters.push(r));
  }
  send(cmd: Partial<RemotingCommand> & { code: number; opaque: number; flag: number }, socket = 0): void {
    const frame = encodeRemotingCommand({
      language: 'JAVA',
      version: 0,
      remark: null,
      extFields: {},
      body: null,
      serializeType: SerializeType.JSON,
      ...cmd,
    });
    this.sockets[socket]?.write(Buffer.concat(frame));
  }
}

const peers: Peer[] = [];
async function peer(): Promise<Peer> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const p = new Peer(server);
  peers.push(p);
  return p;
}

afterEach(async () => {
  for (const p of peers.splice(0)) {
    for (const s of p.sockets) s.destroy();
    await new Promise((r) => p.server.close(r));
  }
});

describe('RemotingConnection', () => {
  it('matches responses to requests by opaque, whatever their order', async () => {
    const p = await peer();
    const c = await RemotingConnection.open(p.address);
    const a = c.invoke({ code: 11, extFields: { n: '1' } }, 2000);
    const b = c.invoke({ code: 11, extFields: { n: '2' } }, 2000);
    await p.waitFor(2);
    const [ra, rb] = p.received;
    expect(ra?.flag).toBe(0);
    expect(ra?.opaque).not.toBe(rb?.opaque);
    p.send({ code: 0, opaque: rb?.opaque ?? -1, flag: CommandFlag.response, extFields: { who: 'b' } });
    p.send({ code: 19, opaque: ra?.opaque ?? -1, flag: CommandFlag.response, extFields: { who: 'a' } });
    expect((await a).extFields).toEqual({ who: 'a' });
    expect((await a).code).toBe(19);
    expect((await b).extFields).toEqual({ who: 'b' });
    c.close();
  });

  it('times a request out, and a late response is ignored', async () => {
    const p = await peer();
    const c = await RemotingConnection.open(p.address);
    const started = Date.now();
    await expect(c.invoke({ code: 14 }, 150)).rejects.toMatchObject({ code: 'RMQ_CLIENT_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    p.send({ code: 0, opaque: p.received[0]?.opaque ?? -1, flag: CommandFlag.response });
    const next = c.invoke({ code: 14 }, 2000);
    await p.waitFor(2);
    p.send({ code: 0, opaque: p.received[1]?.opaque ?? -1, flag: CommandFlag.response, remark: 'ok' });
    expect((await next).remark).toBe('ok');
    c.close();
  });

  it('flags oneway requests (bit 1) and throws a RESPONSE error from invokeOk', async () => {
    const p = await peer();
    const c = await RemotingConnection.open(p.address);
    c.invokeOneway({ code: 15, extFields: { commitOffset: '3' } });
    await p.waitFor(1);
    expect(p.received[0]).toMatchObject({
      code: 15,
      flag: CommandFlag.oneway,
      extFields: { commitOffset: '3' },
    });
    const ok = c.invokeOk({ code: 38 }, 2000);
    await p.waitFor(2);
    p.send({
      code: 1,
      opaque: p.received[1]?.opaque ?? -1,
      flag: CommandFlag.response,
      remark: 'no consumer',
    });
    await expect(ok).rejects.toMatchObject({
      code: 'RMQ_CLIENT_RESPONSE',
      responseCode: 1,
      remark: 'no consumer',
    });
    c.close();
  });

  it('dispatches requests from the peer to handlers and answers non-oneway ones', async () => {
    const p = await peer();
    const seen: RemotingCommand[] = [];
    const c = await RemotingConnection.open(p.address, {
      handlerFor: (code) =>
        code === 40
          ? (cmd) => {
              seen.push(cmd);
            }
          : code === 307
            ? () => ({ code: 0, body: Buffer.from('info') })
            : undefined,
    });
    p.send({ code: 40, opaque: 900, flag: CommandFlag.oneway, extFields: { consumerGroup: 'g' } });
    p.send({ code: 307, opaque: 901, flag: 0 });
    p.send({ code: 999, opaque: 902, flag: 0 });
    await p.waitFor(2);
    expect(seen.map((s) => s.extFields['consumerGroup'])).toEqual(['g']);
    const replies = p.received
      .map((r) => [r.opaque, r.flag, r.code, r.body?.toString() ?? null])
      .sort((x, y) => Number(x[0]) - Number(y[0]));
    expect(replies).toEqual([
      [901, CommandFlag.response, 0, 'info'],
      [902, CommandFlag.response, 3, null],
    ]);
    c.close();
  });

  it('fails pending requests when the peer closes, and refuses new ones', async () => {
    const p = await peer();
    const c = await RemotingConnection.open(p.address);
    const pending = c.invoke({ code: 11 }, 5000);
    await p.waitFor(1);
    p.sockets[0]?.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'RMQ_CLIENT_CONNECTION' });
    expect(c.closed).toBe(true);
    await expect(c.invoke({ code: 11 }, 100)).rejects.toBeInstanceOf(RocketClientError);
  });

  it('closes on a frame length past 16 MiB', async () => {
    const p = await peer();
    const c = await RemotingConnection.open(p.address);
    const pending = c.invoke({ code: 11 }, 5000);
    await p.waitFor(1);
    const bad = Buffer.alloc(8);
    bad.writeInt32BE(17 * 1024 * 1024, 0);
    p.sockets[0]?.write(bad);
    await expect(pending).rejects.toMatchObject({ code: 'RMQ_CLIENT_CONNECTION' });
  });

  it('reassembles frames split across TCP chunks', async () => {
    const p = await peer();
    const c = await RemotingConnection.open(p.address);
    const r = c.invoke({ code: 11 }, 2000);
    await p.waitFor(1);
    const frame = Buffer.concat(
      encodeRemotingCommand({
        code: 0,
        language: 'JAVA',
        version: 0,
        opaque: p.received[0]?.opaque ?? -1,
        flag: 1,
        remark: null,
        extFields: {},
        body: Buffer.alloc(3000, 5),
        serializeType: SerializeType.JSON,
      }),
    );
    for (let i = 0; i < frame.length; i += 7) {
      p.sockets[0]?.write(frame.subarray(i, i + 7));
      if (i % 700 === 0) await new Promise((res) => setTimeout(res, 1));
    }
    expect((await r).body?.length).toBe(3000);
    c.close();
  });
});

describe('ConnectionPool', () => {
  it('opens a fresh connection after the previous one closed (reconnect)', async () => {
    const p = await peer();
    const pool = new ConnectionPool(silentLogger);
    const first = await pool.get(p.address);
    expect(await pool.get(p.address)).toBe(first);
    p.sockets[0]?.destroy();
    await new Promise<void>((r) => first.onClose(() => r()));
    const second = await pool.get(p.address);
    expect(second).not.toBe(first);
    expect(second.closed).toBe(false);
    expect(p.sockets).toHaveLength(2);
    await pool.close();
  });

  it('fails with RMQ_CLIENT_CONNECTION when nothing listens', async () => {
    const p = await peer();
    const address = p.address;
    await new Promise((r) => p.server.close(r));
    peers.length = 0;
    const pool = new ConnectionPool(silentLogger, 500);
    await expect(pool.get(address)).rejects.toMatchObject({ code: 'RMQ_CLIENT_CONNECTION' });
  });
});
