/** Small helpers for the SDK compat tests: a push consumer that records what it gets, and waiting. */
import { createServer, type AddressInfo, type Server } from 'node:net';
import {
  Producer,
  PullConsumer,
  PushConsumer,
  type ExpressionType,
  type MessageExt,
  type MessageQueue,
  type PushConsumerOptions,
} from '../../src/index.js';

let instances = 0;
/** A distinct instance name per client, so clientIds differ inside one test process. */
export const instanceName = (label: string): string => `${label}-${process.pid}-${++instances}`;

export async function waitUntil(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Collected {
  consumer: PushConsumer;
  messages: MessageExt[];
  /** Arrival time (ms) per message, same index as `messages`. */
  arrivals: number[];
  waitFor(n: number, timeoutMs?: number): Promise<MessageExt[]>;
}

/** Starts a push consumer on `topic` that records every message it receives. */
export async function collectingConsumer(
  options: Omit<PushConsumerOptions, 'instanceName'> & { instanceName?: string },
  topic: string,
  expression = '*',
  expressionType: ExpressionType = 'TAG',
): Promise<Collected> {
  const consumer = new PushConsumer({
    rebalanceIntervalMs: 1000,
    persistConsumerOffsetIntervalMs: 500,
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    instanceName: options.instanceName ?? instanceName('sdk-consumer'),
    ...options,
  });
  const messages: MessageExt[] = [];
  const arrivals: number[] = [];
  consumer.subscribe(topic, expression, expressionType).registerMessageListener((m) => {
    messages.push(m);
    arrivals.push(Date.now());
  });
  await consumer.start();
  return {
    consumer,
    messages,
    arrivals,
    async waitFor(n, timeoutMs = 30_000) {
      await waitUntil(
        () => messages.length >= n,
        timeoutMs,
        () =>
          `got ${messages.length} of ${n}: ${messages.map((m) => m.body.toString().slice(0, 20)).join(',')}`,
      );
      return messages;
    },
  };
}

export async function startProducer(nameServers: string, producerGroup: string): Promise<Producer> {
  const p = new Producer({ nameServers, producerGroup, instanceName: instanceName('sdk-producer') });
  await p.start();
  return p;
}

/** Every message of every queue of `topic` from offset 0, by pulling (no group offsets touched). */
export async function pullAll(
  nameServers: string,
  topic: string,
): Promise<{ queue: MessageQueue; messages: MessageExt[] }[]> {
  const pc = new PullConsumer({
    nameServers,
    consumerGroup: `pull-all-${++instances}`,
    instanceName: instanceName('pull'),
  });
  await pc.start();
  try {
    const out: { queue: MessageQueue; messages: MessageExt[] }[] = [];
    for (const queue of await pc.fetchSubscribeMessageQueues(topic)) {
      const messages: MessageExt[] = [];
      let offset = 0;
      for (;;) {
        const r = await pc.pull(queue, offset, 32);
        if (r.status !== 'FOUND' && r.status !== 'NO_MATCHED_MSG') break;
        messages.push(...r.messages);
        offset = r.nextBeginOffset;
      }
      out.push({ queue, messages });
    }
    return out;
  } finally {
    await pc.shutdown();
  }
}

/** Two free loopback ports (remoting, namesrv) with remoting − 2 free as well, for restarts on the same ports. */
export async function fixedPorts(): Promise<{ remoting: number; namesrv: number }> {
  const listen = (port: number) =>
    new Promise<Server | null>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(null));
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  const close = (s: Server) => new Promise((r) => s.close(r));
  for (;;) {
    const a = await listen(0);
    const b = await listen(0);
    if (a === null || b === null) throw new Error('cannot listen on loopback');
    const remoting = (a.address() as AddressInfo).port;
    const namesrv = (b.address() as AddressInfo).port;
    const vip = remoting >= 2 && namesrv !== remoting - 2 ? await listen(remoting - 2) : null;
    await Promise.all([a, b, ...(vip ? [vip] : [])].map(close));
    if (vip !== null) return { remoting, namesrv };
  }
}
