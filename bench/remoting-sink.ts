/**
 * A do-nothing RocketMQ NameServer + broker for benchmarks (the remoting sink): the ceiling the project's
 * RocketMQ client, loopback and these cores allow. It frames, decodes and encodes exactly as the broker
 * does (src/net, codec/remoting-command.ts) and answers, on one port, just what a producer and a push
 * consumer need: GET_ROUTEINFO_BY_TOPIC (every topic has N queues on this server), HEART_BEAT,
 * UNREGISTER_CLIENT, UPDATE_AND_CREATE_TOPIC, SEND_MESSAGE(_V2) (SEND_OK with a msgId and counted queue
 * offsets, nothing stored), PULL_MESSAGE (canned stored-format messages up to the count sent to the queue,
 * long polls held until a send or the suspend timeout), QUERY/UPDATE_CONSUMER_OFFSET,
 * GET_CONSUMER_LIST_BY_GROUP, GET_MAX_OFFSET and GET_MIN_OFFSET. Compiled with
 * `tsc -p bench/tsconfig.sink.json` and run as its own process:
 *
 *   node node_modules/.cache/ferrymq-bench/js/bench/remoting-sink.js [--port 0] [--queues 8] [--record-bytes 1024]
 *
 * It prints `namesrv listening on HOST:PORT` and stops on SIGTERM.
 */
import type net from 'node:net';
import { parseArgs } from 'node:util';
import { createRootLogger, type Logger } from '../src/logger.js';
import { encodeRocketMessage, RocketMessageField } from '../src/model/index.js';
import {
  LengthPrefixedFramer,
  RequestFlowControl,
  TcpListener,
  type ConnectionHandler,
} from '../src/net/index.js';
import { bodyCrc, hostPortOf } from '../src/protocol/rocket/codec/message-codec.js';
import {
  CommandFlag,
  MAX_FRAME_BYTES,
  type RemotingCommand,
  decodeRemotingCommand,
  encodeRemotingCommand,
  isOneway,
  isResponse,
} from '../src/protocol/rocket/codec/remoting-command.js';

const SERVER_VERSION = 409;
const MAX_INFLIGHT = 256;
/** At most this many messages per pull, as the broker (pull-message.ts MAX_MESSAGES). */
const MAX_PULL_MESSAGES = 32;
/** Long polls are held at most this long, whatever the client asks. */
const MAX_SUSPEND_MS = 15_000;
const BROKER_NAME = 'remoting-sink';
const Code = {
  SUCCESS: 0,
  SYSTEM_ERROR: 1,
  NOT_SUPPORTED: 3,
  PULL_NOT_FOUND: 19,
} as const;

interface Reply {
  code: number;
  remark?: string;
  extFields?: Record<string, string>;
  body?: Buffer | null;
}

interface SinkOptions {
  host: string;
  port: number;
  queues: number;
  recordBytes: number;
}

/** One queue of one topic: the count of messages "sent" to it and the long polls waiting for more. */
interface SinkQueue {
  next: number;
  waiters: (() => void)[];
}

/** What the sink remembers: queue offsets handed out, committed consumer offsets, consumer ids per group. */
class SinkState {
  private readonly queues = new Map<string, SinkQueue>();
  private readonly committed = new Map<string, number>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly templates = new Map<string, Buffer>();
  private readonly body: Buffer;
  private msgIdPrefix = '';
  address = '';

  constructor(private readonly options: SinkOptions) {
    this.body = Buffer.alloc(options.recordBytes, 'x');
  }

  setAddress(host: string, port: number): void {
    this.address = `${host}:${port}`;
    const h = hostPortOf(host, port);
    const b = Buffer.alloc(8);
    h.address.copy(b, 0);
    b.writeInt32BE(port, 4);
    this.msgIdPrefix = b.toString('hex').toUpperCase();
  }

  private queue(topic: string, queueId: number): SinkQueue {
    const key = `${topic}@${queueId}`;
    let q = this.queues.get(key);
    if (q === undefined) {
      q = { next: 0, waiters: [] };
      this.queues.set(key, q);
    }
    return q;
  }

  /** Every topic has `queues` read/write queues on this server (perm 6 = read + write). */
  route(): Reply {
    const n = this.options.queues;
    const body = {
      queueDatas: [
        { brokerName: BROKER_NAME, readQueueNums: n, writeQueueNums: n, perm: 6, topicSysFlag: 0 },
      ],
      brokerDatas: [
        { cluster: 'DefaultCluster', brokerName: BROKER_NAME, brokerAddrs: { '0': this.address } },
      ],
      filterServerTable: {},
    };
    return { code: Code.SUCCESS, body: Buffer.from(JSON.stringify(body)) };
  }

  heartbeat(cmd: RemotingCommand): Reply {
    if (cmd.body === null) return { code: Code.SUCCESS };
    const data = JSON.parse(cmd.body.toString('utf8')) as {
      clientID?: string;
      consumerDataSet?: { groupName?: string }[];
    };
    const id = data.clientID ?? '';
    for (const c of data.consumerDataSet ?? []) {
      if (c.groupName === undefined) continue;
      let set = this.groups.get(c.groupName);
      if (set === undefined) this.groups.set(c.groupName, (set = new Set()));
      set.add(id);
    }
    return { code: Code.SUCCESS };
  }

  unregister(cmd: RemotingCommand): Reply {
    const group = cmd.extFields['consumerGroup'];
    const id = cmd.extFields['clientID'] ?? '';
    if (group !== undefined) this.groups.get(group)?.delete(id);
    return { code: Code.SUCCESS };
  }

  consumerList(cmd: RemotingCommand): Reply {
    const ids = [...(this.groups.get(cmd.extFields['consumerGroup'] ?? '') ?? [])];
    return { code: Code.SUCCESS, body: Buffer.from(JSON.stringify({ consumerIdList: ids })) };
  }

  send(cmd: RemotingCommand, v2: boolean): Reply {
    const topic = cmd.extFields[v2 ? 'b' : 'topic'] ?? '';
    const queueId = Number(cmd.extFields[v2 ? 'e' : 'queueId'] ?? 0);
    const q = this.queue(topic, queueId);
    const offset = q.next++;
    if (q.waiters.length > 0) {
      const waiters = q.waiters;
      q.waiters = [];
      for (const w of waiters) w();
    }
    const physical = offset * 1_000_003 + queueId;
    return {
      code: Code.SUCCESS,
      extFields: {
        msgId: this.msgIdPrefix + physical.toString(16).toUpperCase().padStart(16, '0'),
        queueId: String(queueId),
        queueOffset: String(offset),
        MSG_REGION: 'DefaultRegion',
        TRACE_ON: 'true',
      },
    };
  }

  private template(topic: string): Buffer {
    let t = this.templates.get(topic);
    if (t === undefined) {
      const host = hostPortOf('127.0.0.1', 10911);
      t = encodeRocketMessage(
        {
          queueId: 0,
          flag: 0,
          queueOffset: 0n,
          physicalOffset: 0n,
          sysFlag: 0,
          bornTimestampMs: Date.now(),
          bornHost: host,
          storeTimestampMs: Date.now(),
          storeHost: host,
          reconsumeTimes: 0,
          preparedTransactionOffset: 0n,
          body: this.body,
          topic,
          properties: `UNIQ_KEY\u0001AC11000100002A9F0000000000000000\u0002`,
        },
        bodyCrc,
      );
      this.templates.set(topic, t);
    }
    return t;
  }

  /** Canned messages from `offset` up to what was sent to the queue; otherwise a held long poll. */
  pull(cmd: RemotingCommand, signal: AbortSignal): Reply | Promise<Reply> {
    const f = cmd.extFields;
    const topic = f['topic'] ?? '';
    const queueId = Number(f['queueId'] ?? 0);
    const offset = Number(f['queueOffset'] ?? 0);
    const maxNums = Math.max(1, Math.min(Number(f['maxMsgNums'] ?? 32), MAX_PULL_MESSAGES));
    const sysFlag = Number(f['sysFlag'] ?? 0);
    if ((sysFlag & 0x1) !== 0)
      this.commit(f['consumerGroup'] ?? '', topic, queueId, Number(f['commitOffset']));
    const q = this.queue(topic, queueId);
    if (offset < q.next)
      return this.found(topic, queueId, offset, Math.min(maxNums, q.next - offset), q.next);
    const notFound = (): Reply => ({
      code: Code.PULL_NOT_FOUND,
      extFields: {
        nextBeginOffset: String(Math.min(offset, q.next)),
        minOffset: '0',
        maxOffset: String(q.next),
        suggestWhichBrokerId: '0',
      },
    });
    const suspend = Math.min(Number(f['suspendTimeoutMillis'] ?? 0), MAX_SUSPEND_MS);
    if ((sysFlag & 0x2) === 0 || !(suspend > 0)) return notFound();
    return new Promise<Reply>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', wake);
        resolve(
          offset < q.next
            ? this.found(topic, queueId, offset, Math.min(maxNums, q.next - offset), q.next)
            : notFound(),
        );
      };
      const timer = setTimeout(() => {
        q.waiters = q.waiters.filter((w) => w !== wake);
        wake();
      }, suspend);
      q.waiters.push(wake);
      signal.addEventListener('abort', wake);
    });
  }

  private found(topic: string, queueId: number, offset: number, n: number, max: number): Reply {
    const t = this.template(topic);
    const out = Buffer.allocUnsafe(t.length * n);
    for (let i = 0; i < n; i++) {
      const at = i * t.length;
      t.copy(out, at);
      out.writeInt32BE(queueId, at + RocketMessageField.queueId);
      out.writeBigInt64BE(BigInt(offset + i), at + RocketMessageField.queueOffset);
      out.writeBigInt64BE(BigInt((offset + i) * 1_000_003 + queueId), at + RocketMessageField.physicalOffset);
    }
    return {
      code: Code.SUCCESS,
      extFields: {
        nextBeginOffset: String(offset + n),
        minOffset: '0',
        maxOffset: String(max),
        suggestWhichBrokerId: '0',
      },
      body: out,
    };
  }

  private commit(group: string, topic: string, queueId: number, offset: number): void {
    if (Number.isInteger(offset) && offset >= 0) this.committed.set(`${group}@${topic}@${queueId}`, offset);
  }

  queryOffset(cmd: RemotingCommand): Reply {
    const f = cmd.extFields;
    const key = `${f['consumerGroup'] ?? ''}@${f['topic'] ?? ''}@${Number(f['queueId'] ?? 0)}`;
    return { code: Code.SUCCESS, extFields: { offset: String(this.committed.get(key) ?? 0) } };
  }

  updateOffset(cmd: RemotingCommand): Reply {
    const f = cmd.extFields;
    this.commit(
      f['consumerGroup'] ?? '',
      f['topic'] ?? '',
      Number(f['queueId'] ?? 0),
      Number(f['commitOffset']),
    );
    return { code: Code.SUCCESS };
  }

  maxOffset(cmd: RemotingCommand): Reply {
    const q = this.queue(cmd.extFields['topic'] ?? '', Number(cmd.extFields['queueId'] ?? 0));
    return { code: Code.SUCCESS, extFields: { offset: String(q.next) } };
  }

  answer(cmd: RemotingCommand, signal: AbortSignal): Reply | Promise<Reply> {
    switch (cmd.code) {
      case 310:
        return this.send(cmd, true);
      case 10:
        return this.send(cmd, false);
      case 11:
        return this.pull(cmd, signal);
      case 14:
        return this.queryOffset(cmd);
      case 15:
        return this.updateOffset(cmd);
      case 17: // UPDATE_AND_CREATE_TOPIC
        return { code: Code.SUCCESS };
      case 30:
        return this.maxOffset(cmd);
      case 31: // GET_MIN_OFFSET
        return { code: Code.SUCCESS, extFields: { offset: '0' } };
      case 34:
        return this.heartbeat(cmd);
      case 35:
        return this.unregister(cmd);
      case 38:
        return this.consumerList(cmd);
      case 105:
        return this.route();
      default:
        return { code: Code.NOT_SUPPORTED, remark: ` request type ${cmd.code} not supported` };
    }
  }
}

/** One connection, handled like the broker's RocketConnection: framer, back-pressure, replies by opaque. */
class SinkConnection implements ConnectionHandler {
  private readonly framer = new LengthPrefixedFramer(MAX_FRAME_BYTES);
  private readonly flow: RequestFlowControl;
  private readonly abort = new AbortController();
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly state: SinkState,
    log: Logger,
  ) {
    this.flow = new RequestFlowControl(socket, this.framer, (frame) => this.onFrame(frame), {
      maxInflightRequests: MAX_INFLIGHT,
      inFlight: () => this.inFlight,
      onError: (err) => {
        log.warn({ err }, 'closing connection after bad input');
        socket.destroy();
      },
    });
  }

  onData(chunk: Buffer): void {
    this.flow.onData(chunk);
  }

  onClose(): void {
    this.closed = true;
    this.abort.abort();
  }

  private onFrame(frame: Buffer): void {
    const cmd = decodeRemotingCommand(frame);
    if (isResponse(cmd)) return;
    let result: Reply | Promise<Reply>;
    try {
      result = this.state.answer(cmd, this.abort.signal);
    } catch (err) {
      result = { code: Code.SYSTEM_ERROR, remark: err instanceof Error ? err.message : String(err) };
    }
    if (result instanceof Promise) {
      this.inFlight++;
      void result.then((r) => {
        this.inFlight--;
        this.flow.update();
        this.reply(cmd, r);
      });
    } else {
      this.reply(cmd, result);
    }
  }

  private reply(request: RemotingCommand, r: Reply): void {
    if (this.closed || isOneway(request)) return;
    const chunks = encodeRemotingCommand({
      code: r.code,
      language: 'JAVA',
      version: SERVER_VERSION,
      opaque: request.opaque,
      flag: CommandFlag.response,
      remark: r.remark ?? null,
      extFields: r.extFields ?? {},
      body: r.body ?? null,
      serializeType: request.serializeType,
    });
    const s = this.socket;
    s.cork();
    for (const c of chunks) s.write(c);
    s.uncork();
    this.flow.update();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      queues: { type: 'string', default: '8' },
      'record-bytes': { type: 'string', default: '1024' },
      'log-level': { type: 'string', default: 'warn' },
    },
  });
  const logger = createRootLogger(values['log-level'] === 'info' ? 'info' : 'warn');
  const state = new SinkState({
    host: values.host,
    port: Number(values.port),
    queues: Number(values.queues),
    recordBytes: Number(values['record-bytes']),
  });
  const tcp = new TcpListener({
    host: values.host,
    port: Number(values.port),
    maxConnections: 10_000,
    protocol: 'remoting-sink',
    logger,
    accept: (socket, _id, log) => new SinkConnection(socket, state, log),
  });
  const address = await tcp.start();
  state.setAddress(address.host, address.port);
  process.stdout.write(`namesrv listening on ${address.host}:${address.port}\n`);
  process.on('SIGTERM', () => {
    tcp.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

await main(process.argv.slice(2));
