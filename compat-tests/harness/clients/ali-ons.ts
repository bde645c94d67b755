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
  ready(): Promise<void>;
  subscribe(topic: string, expression: string, handler: (msg: AliMessage) => Promise<void>): void;
  close(): Promise<void>;
  on(event: 'error', fn: (err: Error) => void): void;
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

export async function aliProducer(nameSrv: string, producerGroup: string): Promise<AliProducer> {
  const p = new ons.Producer({
    httpclient: {},
    nameSrv,
    producerGroup,
    instanceName: instanceName(),
    logger: quietLogger(),
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
  const c = new ons.Consumer({
    httpclient: {},
    nameSrv,
    consumerGroup,
    consumeFromWhere,
    instanceName: instanceName(),
    rebalanceInterval: 2000,
    persistConsumerOffsetInterval: 500,
    logger: quietLogger(),
  });
  const messages: AliMessage[] = [];
  const errors: Error[] = [];
  c.on('error', (err) => errors.push(err));
  await c.ready();
  c.subscribe(topic, expression, async (msg) => {
    messages.push(msg);
  });
  return {
    messages,
    errors,
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

function quietLogger(): Record<string, (...args: unknown[]) => void> {
  const none = (): void => undefined;
  return { info: none, warn: none, error: none, debug: none };
}
