import { createServer, type Server, type Socket } from 'node:net';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRocketMessage } from '../../model/index.js';
import {
  CommandFlag,
  SerializeType,
  decodeRemotingCommand,
  encodeRemotingCommand,
  type RemotingCommand,
} from '../../protocol/rocket/codec/remoting-command.js';
import { ClientInstance } from './client-instance.js';
import { RequestCode } from './codes.js';
import { Producer } from './producer.js';

type Answer = (
  cmd: RemotingCommand,
) => { code: number; extFields?: Record<string, string>; body?: Buffer } | null;

/** A scripted NameServer or broker: records requests, answers with `answer` (null = no reply). */
class FakePeer {
  readonly requests: RemotingCommand[] = [];
  readonly sockets: Socket[] = [];
  constructor(
    readonly server: Server,
    public answer: Answer,
  ) {
    server.on('connection', (s) => {
      this.sockets.push(s);
      s.on('error', () => undefined);
      let buf = Buffer.alloc(0);
      s.on('data', (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
          const cmd = decodeRemotingCommand(buf.subarray(4, 4 + buf.readInt32BE(0)));
          buf = buf.subarray(4 + buf.readInt32BE(0));
          if ((cmd.flag & CommandFlag.response) !== 0) continue;
          this.requests.push(cmd);
          const a = this.answer(cmd);
          if (a !== null && (cmd.flag & CommandFlag.oneway) === 0)
            this.write(s, { ...a, opaque: cmd.opaque, flag: 1 });
        }
      });
    });
  }
  get address(): string {
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('not listening');
    return `127.0.0.1:${a.port}`;
  }
  codes(): number[] {
    return this.requests.map((r) => r.code);
  }
  write(
    s: Socket,
    c: { code: number; opaque: number; flag: number; extFields?: Record<string, string>; body?: Buffer },
  ): void {
    s.write(
      Buffer.concat(
        encodeRemotingCommand({
          code: c.code,
          language: 'JAVA',
          version: 0,
          opaque: c.opaque,
          flag: c.flag,
          remark: null,
          extFields: c.extFields ?? {},
          body: c.body ?? null,
          serializeType: SerializeType.JSON,
        }),
      ),
    );
  }
}

const peers: FakePeer[] = [];
const clients: { shutdown(force?: boolean): Promise<void> }[] = [];
async function fake(answer: Answer): Promise<FakePeer> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const p = new FakePeer(server, answer);
  peers.push(p);
  return p;
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.shutdown(true);
  for (const p of peers.splice(0)) {
    for (const s of p.sockets) s.destroy();
    await new Promise((r) => p.server.close(r));
  }
});

const routeOf = (brokers: [string, string][]): Buffer =>
  Buffer.from(
    JSON.stringify({
      queueDatas: brokers.map(([name]) => ({
        brokerName: name,
        readQueueNums: 1,
        writeQueueNums: 1,
        perm: 6,
      })),
      brokerDatas: brokers.map(([name, addr]) => ({
        cluster: 'C',
        brokerName: name,
        brokerAddrs: { 0: addr },
      })),
    }),
  );

const until = async (check: () => boolean): Promise<void> => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('ClientInstance against scripted peers', () => {
  it('falls over to the next NameServer, heartbeats periodically, unregisters on shutdown', async () => {
    const broker = await fake(() => ({ code: 0 }));
    const namesrv = await fake((cmd) =>
      cmd.code === RequestCode.GET_ROUTEINFO_BY_TOPIC
        ? { code: 0, body: routeOf([['b', broker.address]]) }
        : { code: 3 },
    );
    const dead = await fake(() => null);
    const deadAddress = dead.address;
    await new Promise((r) => dead.server.close(r));
    peers.splice(peers.indexOf(dead), 1);
    const client = new ClientInstance({
      nameServers: `${deadAddress};${namesrv.address}`,
      instanceName: 'unit',
      heartbeatIntervalMs: 100,
      routeRefreshIntervalMs: 100,
    });
    clients.push(client);
    client.registerProducer('pg', {});
    for (let i = 0; i < 4; i++) await client.route('T', true); // whichever NameServer is tried first
    client.start();
    await until(() => broker.codes().filter((c) => c === RequestCode.HEART_BEAT).length >= 3);
    await until(() => namesrv.codes().length >= 6); // periodic route refresh
    const hb = JSON.parse(broker.requests[0]?.body?.toString() ?? '{}') as Record<string, unknown>;
    expect(hb).toEqual({
      clientID: client.clientId,
      producerDataSet: [{ groupName: 'pg' }],
      consumerDataSet: [],
    });
    expect(client.clientId).toMatch(/@unit$/);
    await client.unregisterProducer('pg');
    const unregister = broker.requests.find((r) => r.code === RequestCode.UNREGISTER_CLIENT);
    expect(unregister?.extFields).toEqual({ clientID: client.clientId, producerGroup: 'pg' });
    await client.shutdown();
  });

  it('heartbeats again as soon as a broker connection is reopened (the broker may have restarted)', async () => {
    const broker = await fake(() => ({ code: 0 }));
    const namesrv = await fake(() => ({ code: 0, body: routeOf([['b', broker.address]]) }));
    const client = new ClientInstance({ nameServers: namesrv.address });
    clients.push(client);
    client.registerProducer('pg', {});
    await client.route('T');
    client.start();
    await client.sendHeartbeatToAllBrokers();
    const heartbeats = (): number => broker.codes().filter((c) => c === RequestCode.HEART_BEAT).length;
    expect(heartbeats()).toBe(1);
    broker.sockets[0]?.destroy();
    const first = await client.pool.get(broker.address);
    await new Promise<void>((r) => first.onClose(() => r()));
    await client.pool.invokeOk(broker.address, { code: RequestCode.GET_MAX_OFFSET }, 2000);
    await until(() => heartbeats() === 2);
    expect(broker.sockets).toHaveLength(2);
  });

  it('dispatches CHECK_TRANSACTION_STATE (39) to the PGROUP producer and code 40 to the consumer', async () => {
    const broker = await fake(() => ({ code: 0 }));
    const namesrv = await fake(() => ({ code: 0, body: routeOf([['b', broker.address]]) }));
    const client = new ClientInstance({ nameServers: namesrv.address });
    clients.push(client);
    const checks: string[] = [];
    let rebalances = 0;
    client.registerProducer('other', { checkTransactionState: () => void checks.push('other') });
    client.registerProducer('pg-tx', {
      checkTransactionState: (cmd) => void checks.push(`pg-tx:${cmd.extFields['tranStateTableOffset']}`),
    });
    client.registerConsumer('cg', {
      consumerData: () => ({
        groupName: 'cg',
        consumeType: 'CONSUME_PASSIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        unitMode: false,
        subscriptionDataSet: [],
      }),
      onConsumerIdsChanged: () => void (rebalances += 1),
    });
    await client.route('T');
    await client.sendHeartbeatToAllBrokers();
    const socket = broker.sockets[0];
    if (socket === undefined) throw new Error('no connection');
    const half = encodeRocketMessage(
      {
        queueId: 0,
        flag: 0,
        queueOffset: 0n,
        physicalOffset: 100n,
        sysFlag: 4,
        bornTimestampMs: 0,
        bornHost: { address: Buffer.from([127, 0, 0, 1]), port: 1 },
        storeTimestampMs: 0,
        storeHost: { address: Buffer.from([127, 0, 0, 1]), port: 1 },
        reconsumeTimes: 0,
        preparedTransactionOffset: 0n,
        body: Buffer.from('half'),
        topic: 'T',
        properties: 'TRAN_MSG\x01true\x02PGROUP\x01pg-tx',
      },
      (b) => crc32(b) & 0x7fffffff,
    );
    broker.write(socket, {
      code: RequestCode.CHECK_TRANSACTION_STATE,
      opaque: 7001,
      flag: CommandFlag.oneway,
      extFields: { tranStateTableOffset: '5', commitLogOffset: '100' },
      body: half,
    });
    broker.write(socket, {
      code: RequestCode.NOTIFY_CONSUMER_IDS_CHANGED,
      opaque: 7002,
      flag: CommandFlag.oneway,
      extFields: { consumerGroup: 'cg' },
    });
    await until(() => checks.length === 1 && rebalances === 1);
    expect(checks).toEqual(['pg-tx:5']);
  });
});

describe('Producer against scripted brokers', () => {
  it('retries a failed sync send on another broker', async () => {
    const busy = await fake((cmd) => (cmd.code === RequestCode.SEND_MESSAGE_V2 ? { code: 2 } : { code: 0 }));
    const ok = await fake((cmd) =>
      cmd.code === RequestCode.SEND_MESSAGE_V2
        ? { code: 0, extFields: { msgId: 'OFFSETID', queueId: '0', queueOffset: '41' } }
        : { code: 0 },
    );
    const namesrv = await fake(() => ({
      code: 0,
      body: routeOf([
        ['a-busy', busy.address],
        ['b-ok', ok.address],
      ]),
    }));
    const producer = new Producer({ nameServers: namesrv.address, producerGroup: 'pg' });
    clients.push({ shutdown: () => producer.shutdown() });
    await producer.start();
    for (let i = 0; i < 4; i++) {
      const r = await producer.send({ topic: 'T', body: `m${i}` });
      expect(r).toMatchObject({ status: 'SEND_OK', offsetMsgId: 'OFFSETID', queueOffset: 41 });
      expect(r.messageQueue.brokerName).toBe('b-ok');
    }
    expect(busy.codes().filter((c) => c === RequestCode.SEND_MESSAGE_V2).length).toBeGreaterThan(0);
    // A non-retriable refusal (MESSAGE_ILLEGAL 13) is thrown at once.
    ok.answer = (cmd) => (cmd.code === RequestCode.SEND_MESSAGE_V2 ? { code: 13 } : { code: 0 });
    busy.answer = ok.answer;
    const before = ok.requests.length + busy.requests.length;
    await expect(producer.send({ topic: 'T', body: 'x' })).rejects.toMatchObject({
      code: 'RMQ_CLIENT_RESPONSE',
      responseCode: 13,
    });
    expect(ok.requests.length + busy.requests.length - before).toBe(1);
  });
});
