import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RouteRegistry } from '../../coordinator/index.js';
import { createSilentLogger } from '../../logger.js';
import { LengthPrefixedFramer } from '../../net/index.js';
import { ClientRegistry } from './client-registry.js';
import {
  CommandFlag,
  SerializeType,
  decodeRemotingCommand,
  encodeRemotingCommand,
  isOneway,
  isResponse,
  type RemotingCommand,
} from './codec/remoting-command.js';
import { notifyConsumerIdsChanged } from './consumer-ids-notifier.js';
import { RocketDispatcher } from './dispatcher.js';
import { getConsumerListByGroupProcessor, heartBeatProcessor } from './processors/client-manage.js';
import { MAX_PENDING_SERVER_REQUESTS, ServerRequests } from './remoting-connection.js';
import { RequestCode } from './request-codes.js';
import { RocketListener } from './rocket-listener.js';
import type { RocketServices } from './services.js';

const response = (opaque: number): RemotingCommand => ({
  code: 0,
  language: 'JAVA',
  version: 0,
  opaque,
  flag: CommandFlag.response,
  remark: null,
  extFields: {},
  body: null,
  serializeType: SerializeType.JSON,
});

describe('ServerRequests', () => {
  it('numbers requests -1, -2, ... and wraps from -2^31 back to -1, skipping pending ones', async () => {
    const r = new ServerRequests();
    expect([r.nextOpaque(), r.nextOpaque(), r.nextOpaque()]).toEqual([-1, -2, -3]);
    const wrapping = new ServerRequests();
    (wrapping as unknown as { next: number }).next = -0x80000000;
    const pending = wrapping.expect(-1, 10_000);
    expect(wrapping.nextOpaque()).toBe(-0x80000000);
    expect(wrapping.nextOpaque()).toBe(-2); // -1 is still waiting for its response
    wrapping.closeAll();
    await expect(pending).resolves.toEqual({ status: 'closed' });
  });

  it('settles a response by opaque, ignores strays, times out, and bounds what is pending', async () => {
    const r = new ServerRequests();
    const a = r.expect(-1, 10_000);
    const b = r.expect(-2, 20);
    expect(r.settle(response(5))).toBe(false);
    expect(r.settle(response(-1))).toBe(true);
    await expect(a).resolves.toMatchObject({ status: 'ok', response: { opaque: -1 } });
    await expect(b).resolves.toEqual({ status: 'timeout' });
    expect(r.settle(response(-2))).toBe(false); // too late
    expect(r.pendingCount).toBe(0);
    const many = Array.from({ length: MAX_PENDING_SERVER_REQUESTS }, (_, i) => r.expect(-10 - i, 10_000));
    expect(many.every((p) => p !== undefined)).toBe(true);
    expect(r.expect(-1, 10_000)).toBeUndefined();
    r.closeAll();
    await Promise.all(many);
  });
});

/** A raw remoting client: sends requests, collects every frame the broker sends. */
class RawPeer {
  readonly frames: RemotingCommand[] = [];
  private readonly framer = new LengthPrefixedFramer(16 * 1024 * 1024);
  private nextOpaque = 1;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) =>
      this.framer.push(chunk, (frame) => this.frames.push(decodeRemotingCommand(frame))),
    );
  }

  static async connect(port: number): Promise<RawPeer> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawPeer(socket);
  }

  send(cmd: Partial<RemotingCommand> & { code: number }): number {
    const opaque = cmd.opaque ?? this.nextOpaque++;
    for (const c of encodeRemotingCommand({
      language: 'JAVA',
      version: 409,
      flag: 0,
      remark: null,
      extFields: {},
      serializeType: SerializeType.JSON,
      ...cmd,
      opaque,
      body: cmd.body ?? null,
    }))
      this.socket.write(c);
    return opaque;
  }

  heartbeat(clientID: string, group: string): number {
    const body = {
      clientID,
      producerDataSet: [],
      consumerDataSet: [
        {
          groupName: group,
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
          subscriptionDataSet: [{ topic: 't', subString: '*', tagsSet: [], codeSet: [], subVersion: 1 }],
        },
      ],
    };
    return this.send({ code: RequestCode.HEART_BEAT, body: Buffer.from(JSON.stringify(body)) });
  }

  async waitFor(test: (c: RemotingCommand) => boolean, timeoutMs = 3000): Promise<RemotingCommand> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.frames.find(test);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('server-initiated requests on a live listener', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function start(): Promise<{ clients: ClientRegistry; port: number }> {
    const log = createSilentLogger();
    const clients: ClientRegistry = new ClientRegistry({
      onConsumerIdsChanged: (group, ids) => notifyConsumerIdsChanged(clients.connections, group, ids, log),
    });
    const services = {
      clients,
      routes: new RouteRegistry(),
      refreshLocalRoutes: () => undefined,
      nowMs: Date.now,
    } as Partial<RocketServices> as RocketServices;
    const listener = new RocketListener(
      { host: '127.0.0.1', port: 0, maxConnections: 10, role: 'broker', name: 'broker' },
      services,
      new RocketDispatcher([heartBeatProcessor, getConsumerListByGroupProcessor], 'broker'),
      log,
    );
    const { port } = await listener.start();
    cleanup.push(() => listener.stop());
    return { clients, port };
  }

  it('a second member of a group makes the broker send NOTIFY_CONSUMER_IDS_CHANGED (oneway) to both', async () => {
    const { port } = await start();
    const a = await RawPeer.connect(port);
    const b = await RawPeer.connect(port);
    cleanup.push(
      () => void a.socket.destroy(),
      () => void b.socket.destroy(),
    );
    const hbA = a.heartbeat('client-a', 'g1');
    await a.waitFor((c) => isResponse(c) && c.opaque === hbA);
    // The first member is told too (RocketMQ notifies every channel of the group).
    await a.waitFor((c) => c.code === RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
    a.frames.length = 0;
    const hbB = b.heartbeat('client-b', 'g1');
    await b.waitFor((c) => isResponse(c) && c.opaque === hbB);
    for (const peer of [a, b]) {
      const n = await peer.waitFor((c) => !isResponse(c));
      expect(n.code).toBe(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED);
      expect(isOneway(n)).toBe(true);
      expect(n.opaque).toBeLessThan(0);
      expect(n.extFields).toEqual({ consumerGroup: 'g1' });
      expect(n.serializeType).toBe(SerializeType.JSON);
    }
    // A repeated heartbeat changes nothing: no new notification.
    a.frames.length = 0;
    const again = a.heartbeat('client-a', 'g1');
    await a.waitFor((c) => isResponse(c) && c.opaque === again);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.frames.filter((c) => !isResponse(c))).toEqual([]);
    // b leaves (connection closed): a is told.
    b.socket.destroy();
    const left = await a.waitFor((c) => !isResponse(c));
    expect(left.extFields['consumerGroup']).toBe('g1');
  });

  it('a non-oneway request resolves with the client’s response frame; a close ends it as closed', async () => {
    const { clients, port } = await start();
    const peer = await RawPeer.connect(port);
    cleanup.push(() => void peer.socket.destroy());
    const hb = peer.heartbeat('client-x', 'g2');
    await peer.waitFor((c) => isResponse(c) && c.opaque === hb);
    const [conn] = clients.consumerConnections('g2');
    if (conn === undefined) throw new Error('no connection for g2');
    const outcome = conn.sendRequest(39, { k: 'v' }, Buffer.from('body'), { timeoutMs: 2000 });
    const req = await peer.waitFor((c) => c.code === 39);
    expect(isOneway(req)).toBe(false);
    expect(isResponse(req)).toBe(false);
    expect(req.body?.toString()).toBe('body');
    // A client request with the same opaque number is a different thing: it gets its own reply.
    peer.send({
      code: RequestCode.GET_CONSUMER_LIST_BY_GROUP,
      opaque: req.opaque,
      extFields: { consumerGroup: 'g2' },
    });
    peer.send({ code: 0, opaque: req.opaque, flag: CommandFlag.response, remark: 'answered' });
    const result = await outcome;
    expect(result.status).toBe('ok');
    if (result.status === 'ok') expect(result.response.remark).toBe('answered');
    const list = await peer.waitFor((c) => isResponse(c) && c.opaque === req.opaque);
    expect(JSON.parse(list.body?.toString() ?? '')).toEqual({ consumerIdList: ['client-x'] });

    const timedOut = await conn.sendRequest(39, {}, null, { timeoutMs: 50 });
    expect(timedOut).toEqual({ status: 'timeout' });
    const pending = conn.sendRequest(39, {}, null, { timeoutMs: 5000 });
    await peer.waitFor((c) => c.code === 39 && c.opaque !== req.opaque && c.opaque < -2);
    peer.socket.destroy();
    await expect(pending).resolves.toEqual({ status: 'closed' });
    await new Promise((r) => setTimeout(r, 50));
    expect(conn.isClosed).toBe(true);
    expect(conn.sendRequest(40, {}, null, { oneway: true })).toBe(false);
    await expect(conn.sendRequest(39, {}, null)).resolves.toEqual({ status: 'closed' });
    expect(clients.consumerIds('g2')).toEqual([]);
  });
});
