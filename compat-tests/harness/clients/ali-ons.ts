/**
 * ali-ons 3.12.0 (pure-JS RocketMQ remoting client), typed just enough for the tests. Always pointed at a
 * loopback NameServer (`nameSrv`); `httpclient` must be present even then.
 */
import { createRequire } from 'node:module';

export interface AliMessage {
  topic: string;
  tags: string | null;
  keys: string[];
  body: Buffer;
  msgId: string;
  queueOffset: number;
  properties: Record<string, string | null>;
  queueId: number;
  storeTimestamp: number;
}

export interface AliSendResult {
  sendStatus: string;
  msgId: string;
  queueOffset: number;
  messageQueue: { topic: string; brokerName: string; queueId: number };
}

interface AliProducer {
  ready(): Promise<void>;
  send(msg: unknown): Promise<AliSendResult>;
  close(): Promise<void>;
  on(event: 'error', fn: (err: Error) => void): void;
}

interface AliConsumer {
  /** Queues this consumer pulls now (after its last rebalance), keyed by MessageQueue key. */
  readonly processQueueTable: Map<string, { messageQueue: { topic: string; queueId: number } }>;
  /** The client's connections; it emits 'request' for every request frame a server sends it. */
  readonly _mqClient: { on(event: 'request', fn: (packet: { data: AliRemotingCommand }) => void): void };
  ready(): Promise<void>;
  subscribe(topic: string, expression: string, handler: (msg: AliMessage) => Promise<void>): void;
  close(): Promise<void>;
  on(event: 'error', fn: (err: Error) => void): void;
}

interface AliRemotingCommand {
  code: number;
  opaque: number;
  flag: number;
  extFields: Record<string, string>;
}

interface AliOns {
  Producer: new (options: Record<string, unknown>) => AliProducer;
  Consumer: new (options: Record<string, unknown>) => AliConsumer;
  Message: new (topic: string, tags: string, body: Buffer | string) => { keys: string[] };
}

const require = createRequire(import.meta.url);
const ons = require('ali-ons') as AliOns;
let instances = 0;
/** ali-ons shares one client per clientId (ip@instanceName): give each test client its own. */
const instanceName = (): string => `compat-${process.pid}-${++instances}`;

/** `heartbeatIntervalMs`: ali-ons heartbeatBrokerInterval (30 s by default; a producer's first heartbeat comes then). */
export async function aliProducer(
  nameSrv: string,
  producerGroup: string,
  options: { heartbeatIntervalMs?: number } = {},
): Promise<AliProducer> {
  const p = new ons.Producer({
    httpclient: {},
    nameSrv,
    producerGroup,
    instanceName: instanceName(),
    logger: quietLogger(),
    ...(options.heartbeatIntervalMs !== undefined
      ? { heartbeatBrokerInterval: options.heartbeatIntervalMs }
      : {}),
  });
  p.on('error', () => undefined);
  await p.ready();
  return p;
}

export function aliMessage(topic: string, tags: string, body: Buffer | string, keys: string[] = []): unknown {
  const m = new ons.Message(topic, tags, body);
  if (keys.length > 0) m.keys = keys;
  return m;
}

export interface CollectingConsumer {
  messages: AliMessage[];
  errors: Error[];
  /** Request frames (not replies) the broker pushed to this client, e.g. NOTIFY_CONSUMER_IDS_CHANGED (40). */
  serverRequests: AliRemotingCommand[];
  /** Ids of the topic's queues this consumer holds now, sorted. */
  queueIds(): number[];
  /** Resolves when at least `n` messages arrived, or rejects after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<AliMessage[]>;
  close(): Promise<void>;
}

/** A clustering push consumer that records every message it receives for the topic. */
export async function aliConsumer(
  nameSrv: string,
  consumerGroup: string,
  topic: string,
  expression = '*',
  consumeFromWhere = 'CONSUME_FROM_FIRST_OFFSET',
): Promise<CollectingConsumer> {
  return aliConsumerWith(nameSrv, { consumerGroup, topic, expression, consumeFromWhere });
}

export interface AliConsumerOptions {
  consumerGroup: string;
  topic: string;
  /** Tag expression; "*" when absent. */
  expression?: string;
  /** CONSUME_FROM_FIRST_OFFSET when absent; CONSUME_FROM_TIMESTAMP uses `consumeTimestampMs`. */
  consumeFromWhere?: string;
  /** For CONSUME_FROM_TIMESTAMP: passed to ali-ons as local-time yyyyMMddHHmmss (second precision). */
  consumeTimestampMs?: number;
  /** MessageModel BROADCASTING (ali-ons `isBroadcast`): every instance gets every message. */
  broadcast?: boolean;
  /** ali-ons rebalanceInterval; 2000 ms when absent (ali-ons default 10 s). */
  rebalanceIntervalMs?: number;
  /** ali-ons heartbeatBrokerInterval; ali-ons default (30 s) when absent. */
  heartbeatIntervalMs?: number;
  /** Time the handler takes per message (a slow consumer). */
  handlerDelayMs?: number;
}

/** A push consumer with the given options that records every message it receives for the topic. */
export async function aliConsumerWith(nameSrv: string, o: AliConsumerOptions): Promise<CollectingConsumer> {
  const options: Record<string, unknown> = {
    httpclient: {},
    nameSrv,
    consumerGroup: o.consumerGroup,
    consumeFromWhere: o.consumeFromWhere ?? 'CONSUME_FROM_FIRST_OFFSET',
    instanceName: instanceName(),
    rebalanceInterval: o.rebalanceIntervalMs ?? 2000,
    persistConsumerOffsetInterval: 500,
    logger: quietLogger(),
  };
  if (o.consumeTimestampMs !== undefined) options['consumeTimestamp'] = localTimeString(o.consumeTimestampMs);
  if (o.broadcast === true) options['isBroadcast'] = true;
  if (o.heartbeatIntervalMs !== undefined) options['heartbeatBrokerInterval'] = o.heartbeatIntervalMs;
  const c = new ons.Consumer(options);
  const messages: AliMessage[] = [];
  const errors: Error[] = [];
  const serverRequests: AliRemotingCommand[] = [];
  c.on('error', (err) => errors.push(err));
  c._mqClient.on('request', (packet) => serverRequests.push(packet.data));
  await c.ready();
  const delay = o.handlerDelayMs ?? 0;
  c.subscribe(o.topic, o.expression ?? '*', async (msg) => {
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    messages.push(msg);
  });
  const topic = o.topic;
  return {
    messages,
    errors,
    serverRequests,
    queueIds: () =>
      [...c.processQueueTable.values()]
        .filter((e) => e.messageQueue.topic === topic)
        .map((e) => e.messageQueue.queueId)
        .sort((a, b) => a - b),
    async waitFor(n, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > deadline)
          throw new Error(
            `got ${messages.length} of ${n} messages; errors: ${errors.map((e) => e.message).join('; ')}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
      return messages;
    },
    close: () => c.close(),
  };
}

/** ali-ons' consumeTimestamp format: local time, yyyyMMddHHmmss. */
function localTimeString(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

function quietLogger(): Record<string, (...args: unknown[]) => void> {
  const none = (): void => undefined;
  return { info: none, warn: none, error: none, debug: none };
}
