import { RocketClientError } from './client-error.js';
import { ClientInstance, type ClientOptions, type ProducerMember } from './client-instance.js';
import { ResponseCode } from './codes.js';
import type { Message } from './message.js';
import { responseError } from './remoting-connection.js';
import {
  prepareBatch,
  prepareSend,
  sendResultOf,
  type PreparedSend,
  type SendHeaderOptions,
  type SendResult,
} from './send-request.js';
import { publishQueues, type MessageQueue } from './topic-route.js';

/** Picks the queue of an ordered send: messages with the same `arg` (an order id) go to one queue. */
export type QueueSelector<A = unknown> = (
  queues: readonly MessageQueue[],
  msg: Message,
  arg: A,
) => MessageQueue;

/** The usual selector: `hash(arg) mod queues`. */
export const selectByHash: QueueSelector = (queues, _msg, arg) => {
  const text = String(arg);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return queues[Math.abs(h) % queues.length] as MessageQueue;
};

export interface ProducerOptions extends ClientOptions {
  producerGroup: string;
  /** Extra attempts of a send (other broker or queue) after a failure; default 2. */
  retryTimesWhenSendFailed?: number;
  /** Timeout of one send request, ms; default 3000. */
  sendMsgTimeoutMs?: number;
  /** Topic whose route serves unknown topics, for brokers that auto-create them; default TBW102. */
  createTopicKey?: string;
  /** Queues an auto-created topic gets; default 4. */
  defaultTopicQueueNums?: number;
  /** Share a client instance (connections, heartbeat) with other producers/consumers. */
  client?: ClientInstance;
  /**
   * Called for CHECK_TRANSACTION_STATE (39) requests a broker sends about this group's half messages;
   * a transactional producer answers them with END_TRANSACTION.
   */
  checkTransactionState?: ProducerMember['checkTransactionState'];
}

/** Extra fields for a send; a transactional producer sets the PREPARED sysFlag bit this way. */
export interface SendOptions {
  extraSysFlag?: number;
  timeoutMs?: number;
}

const RETRIABLE_CODES = new Set<number>([
  ResponseCode.SYSTEM_ERROR,
  ResponseCode.SYSTEM_BUSY,
  14, // SERVICE_NOT_AVAILABLE
  16, // NO_PERMISSION
  ResponseCode.TOPIC_NOT_EXIST,
]);

/** True when another broker or queue might accept what this error refused. */
export function isRetriable(err: unknown): boolean {
  if (!(err instanceof RocketClientError)) return false;
  if (err.code === 'RMQ_CLIENT_CONNECTION' || err.code === 'RMQ_CLIENT_TIMEOUT') return true;
  return (
    err.code === 'RMQ_CLIENT_RESPONSE' &&
    err.responseCode !== undefined &&
    RETRIABLE_CODES.has(err.responseCode)
  );
}

/**
 * A RocketMQ producer: `send` (waits, retries on another broker/queue), `sendAsync` (one attempt,
 * start many without awaiting each), `sendOneway`, `sendBatch` (SEND_BATCH_MESSAGE), `sendOrderly`
 * (a selector picks the queue) and `sendToQueue` (the building block the others use).
 */
export class Producer {
  readonly client: ClientInstance;
  readonly group: string;
  private readonly ownsClient: boolean;
  private readonly rr = new Map<string, number>();
  private state: 'created' | 'running' | 'shut' = 'created';

  constructor(readonly options: ProducerOptions) {
    this.group = options.producerGroup;
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new ClientInstance(options);
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new RocketClientError('RMQ_CLIENT_STATE', `producer is ${this.state}`);
    const check = this.options.checkTransactionState;
    this.client.registerProducer(this.group, check === undefined ? {} : { checkTransactionState: check });
    this.client.start();
    this.state = 'running';
  }

  /** The queues a message of this topic can go to. */
  async publishQueues(topic: string): Promise<MessageQueue[]> {
    this.ensureRunning();
    let queues: MessageQueue[] = [];
    try {
      queues = publishQueues(topic, await this.client.route(topic));
    } catch (err) {
      if (!(err instanceof RocketClientError) || err.code !== 'RMQ_CLIENT_NO_ROUTE') throw err;
    }
    if (queues.length > 0) return queues;
    // Unknown topic: send to the brokers of the auto-create topic; the broker creates it on first send.
    const key = this.options.createTopicKey ?? 'TBW102';
    let fallback: MessageQueue[];
    try {
      fallback = publishQueues(topic, await this.client.route(key));
    } catch {
      throw new RocketClientError('RMQ_CLIENT_NO_ROUTE', `no route for topic ${topic}`);
    }
    const perBroker = this.options.defaultTopicQueueNums ?? 4;
    return fallback.filter((q) => q.queueId < perBroker);
  }

  /** Sends and waits for the broker; on failure retries up to retryTimesWhenSendFailed on another broker. */
  async send(msg: Message, options: SendOptions = {}): Promise<SendResult> {
    const queues = await this.publishQueues(msg.topic);
    const attempts = 1 + (this.options.retryTimesWhenSendFailed ?? 2);
    let lastBroker: string | undefined;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      const mq = this.nextQueue(msg.topic, queues, lastBroker);
      try {
        return await this.sendToQueue(msg, mq, options);
      } catch (err) {
        if (!isRetriable(err)) throw err;
        lastError = err;
        lastBroker = mq.brokerName;
        this.client.log.debug({ err, topic: msg.topic, broker: mq.brokerName }, 'send failed, retrying');
      }
    }
    throw lastError;
  }

  /**
   * One attempt, not awaited by the caller before the next: start as many as needed and collect the
   * promises; `callback` (if given) also receives the outcome.
   */
  sendAsync(msg: Message, callback?: (err: Error | null, result?: SendResult) => void): Promise<SendResult> {
    const p = this.publishQueues(msg.topic).then((queues) =>
      this.sendToQueue(msg, this.nextQueue(msg.topic, queues, undefined)),
    );
    if (callback !== undefined)
      p.then(
        (r) => callback(null, r),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    return p;
  }

  /** Writes the message flagged oneway: no response, no retry; resolves once written. */
  async sendOneway(msg: Message): Promise<void> {
    const queues = await this.publishQueues(msg.topic);
    const mq = this.nextQueue(msg.topic, queues, undefined);
    const prepared = prepareSend(msg, mq, this.headerOptions({}));
    await this.client.pool.invokeOneway(this.client.brokerAddress(mq.brokerName), prepared.spec);
  }

  /** SEND_BATCH_MESSAGE: all messages to one queue (one topic, no delay), consecutive offsets. */
  async sendBatch(msgs: readonly Message[], mq?: MessageQueue): Promise<SendResult> {
    const first = msgs[0];
    if (first === undefined) throw new RocketClientError('RMQ_CLIENT_STATE', 'an empty batch');
    if (mq !== undefined) return this.sendPrepared(prepareBatch(msgs, mq, this.headerOptions({})), mq, {});
    const queues = await this.publishQueues(first.topic);
    const attempts = 1 + (this.options.retryTimesWhenSendFailed ?? 2);
    let lastBroker: string | undefined;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      const target = this.nextQueue(first.topic, queues, lastBroker);
      try {
        return await this.sendPrepared(prepareBatch(msgs, target, this.headerOptions({})), target, {});
      } catch (err) {
        if (!isRetriable(err)) throw err;
        lastError = err;
        lastBroker = target.brokerName;
      }
    }
    throw lastError;
  }

  /** Ordered send: `selector(queues, msg, arg)` picks the queue; no retry on another queue (order first). */
  async sendOrderly<A>(msg: Message, selector: QueueSelector<A>, arg: A): Promise<SendResult> {
    const queues = await this.publishQueues(msg.topic);
    const mq = selector(queues, msg, arg);
    if (!queues.some((q) => q.brokerName === mq.brokerName && q.queueId === mq.queueId))
      throw new RocketClientError('RMQ_CLIENT_STATE', `the selector chose a queue outside the topic's route`);
    return this.sendToQueue(msg, mq);
  }

  /** Sends one message to this queue and waits; throws RMQ_CLIENT_RESPONSE when it was not stored. */
  sendToQueue(msg: Message, mq: MessageQueue, options: SendOptions = {}): Promise<SendResult> {
    this.ensureRunning();
    return this.sendPrepared(prepareSend(msg, mq, this.headerOptions(options)), mq, options);
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'shut';
    await this.client.unregisterProducer(this.group);
    if (this.ownsClient) await this.client.shutdown();
  }

  private async sendPrepared(
    prepared: PreparedSend,
    mq: MessageQueue,
    options: SendOptions,
  ): Promise<SendResult> {
    const address = this.client.brokerAddress(mq.brokerName);
    const res = await this.client.pool.invoke(
      address,
      prepared.spec,
      options.timeoutMs ?? this.options.sendMsgTimeoutMs ?? this.client.timeoutMs,
    );
    const result = sendResultOf(res, mq, prepared.uniqueKey);
    if (result === null) throw responseError(prepared.spec.code, address, res);
    return result;
  }

  private headerOptions(options: SendOptions): SendHeaderOptions {
    return {
      producerGroup: this.group,
      createTopicKey: this.options.createTopicKey ?? 'TBW102',
      defaultTopicQueueNums: this.options.defaultTopicQueueNums ?? 4,
      ...(options.extraSysFlag === undefined ? {} : { extraSysFlag: options.extraSysFlag }),
    };
  }

  /** Round robin over the topic's queues, skipping the broker that just failed when another exists. */
  private nextQueue(
    topic: string,
    queues: readonly MessageQueue[],
    avoidBroker: string | undefined,
  ): MessageQueue {
    if (queues.length === 0)
      throw new RocketClientError('RMQ_CLIENT_NO_ROUTE', `no writable queue for ${topic}`);
    let n = this.rr.get(topic) ?? Math.floor(Math.random() * queues.length);
    for (let i = 0; i < queues.length; i++) {
      n = (n + 1) % queues.length;
      const q = queues[n] as MessageQueue;
      if (avoidBroker === undefined || q.brokerName !== avoidBroker) {
        this.rr.set(topic, n);
        return q;
      }
    }
    n = (n + 1) % queues.length;
    this.rr.set(topic, n);
    return queues[n] as MessageQueue;
  }

  private ensureRunning(): void {
    if (this.state !== 'running')
      throw new RocketClientError('RMQ_CLIENT_STATE', `producer is ${this.state}`);
  }
}
