import { BrokerApi, type PullResult } from './broker-api.js';
import { RocketClientError } from './client-error.js';
import { ClientInstance, type ClientOptions } from './client-instance.js';
import { parseSubscription, type ExpressionType } from './subscription.js';
import { subscribeQueues, type MessageQueue } from './topic-route.js';

export interface PullConsumerOptions extends ClientOptions {
  consumerGroup: string;
  client?: ClientInstance;
}

export interface PullOptions {
  /** Tag expression (default `*`), or an SQL92 filter with `expressionType: 'SQL92'`. */
  expression?: string;
  expressionType?: ExpressionType;
  /** Long-poll: how long the broker may hold the pull when nothing is there; default 0 (answer at once). */
  suspendTimeoutMs?: number;
  timeoutMs?: number;
}

/**
 * A pull consumer: the application picks queues and offsets. `fetchSubscribeMessageQueues(topic)`,
 * `pull(mq, offset, maxNums)`, and the group's committed offsets with `fetchConsumeOffset` /
 * `updateConsumeOffset` (stored on the broker).
 */
export class PullConsumer {
  readonly client: ClientInstance;
  readonly api: BrokerApi;
  readonly group: string;
  private readonly ownsClient: boolean;
  private readonly topics = new Set<string>();
  private state: 'created' | 'running' | 'shut' = 'created';

  constructor(readonly options: PullConsumerOptions) {
    this.group = options.consumerGroup;
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new ClientInstance(options);
    this.api = new BrokerApi(this.client);
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new RocketClientError('RMQ_CLIENT_STATE', `consumer is ${this.state}`);
    this.client.registerConsumer(this.group, {
      consumerData: () => ({
        groupName: this.group,
        consumeType: 'CONSUME_ACTIVELY',
        messageModel: 'CLUSTERING',
        consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
        unitMode: false,
        subscriptionDataSet: [...this.topics].map((t) => parseSubscription(t, '*', 0).data),
      }),
      onConsumerIdsChanged: () => undefined,
    });
    this.client.start();
    this.state = 'running';
  }

  /** The readable queues of a topic. */
  async fetchSubscribeMessageQueues(topic: string): Promise<MessageQueue[]> {
    this.ensureRunning();
    const queues = subscribeQueues(topic, await this.client.route(topic, true));
    if (!this.topics.has(topic)) {
      this.topics.add(topic);
      await this.client.sendHeartbeatToAllBrokers();
    }
    return queues;
  }

  /** Pulls up to `maxNums` messages of `mq` from `offset`. */
  async pull(
    mq: MessageQueue,
    offset: number,
    maxNums: number,
    options: PullOptions = {},
  ): Promise<PullResult> {
    this.ensureRunning();
    await this.client.route(mq.topic);
    const suspend = options.suspendTimeoutMs ?? 0;
    return this.api.pull({
      group: this.group,
      mq,
      subscription: parseSubscription(
        mq.topic,
        options.expression ?? '*',
        0,
        options.expressionType ?? 'TAG',
      ),
      offset,
      maxNums,
      suspendTimeoutMs: suspend,
      timeoutMs: options.timeoutMs ?? suspend + this.client.timeoutMs,
    });
  }

  /** The group's committed offset of `mq` on the broker, or -1 when none. */
  async fetchConsumeOffset(mq: MessageQueue): Promise<number> {
    this.ensureRunning();
    await this.client.route(mq.topic);
    return this.api.queryConsumerOffset(this.group, mq);
  }

  /** Commits `offset` (the next offset to consume) for the group on the broker. */
  async updateConsumeOffset(mq: MessageQueue, offset: number): Promise<void> {
    this.ensureRunning();
    await this.client.route(mq.topic);
    await this.api.updateConsumerOffset(this.group, mq, offset);
  }

  async maxOffset(mq: MessageQueue): Promise<number> {
    await this.client.route(mq.topic);
    return this.api.maxOffset(mq);
  }

  async minOffset(mq: MessageQueue): Promise<number> {
    await this.client.route(mq.topic);
    return this.api.minOffset(mq);
  }

  async searchOffset(mq: MessageQueue, timestamp: number): Promise<number> {
    await this.client.route(mq.topic);
    return this.api.searchOffset(mq, timestamp);
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'shut';
    await this.client.unregisterConsumer(this.group);
    if (this.ownsClient) await this.client.shutdown();
  }

  private ensureRunning(): void {
    if (this.state !== 'running')
      throw new RocketClientError('RMQ_CLIENT_STATE', `consumer is ${this.state}`);
  }
}
