import { homedir } from 'node:os';
import { join } from 'node:path';
import { allocateAveragely, type AllocateStrategy } from './allocate.js';
import { BrokerApi, type PullResult } from './broker-api.js';
import { RocketClientError } from './client-error.js';
import { ClientInstance, type ClientOptions, type ConsumerData } from './client-instance.js';
import { retryTopicOf } from './codes.js';
import { ConcurrentConsumeService } from './concurrent-consume-service.js';
import type { ConsumeService, MessageListener } from './consume-service.js';
import {
  ConsumeOrderlyService,
  type ConsumeOrderlyOptions,
  type MessageListenerOrderly,
} from './consume-orderly-service.js';
import { LocalFileOffsetStore, RemoteOffsetStore, type OffsetStore } from './offset-store.js';
import { ProcessQueue } from './process-queue.js';
import { parseSubscription, type ExpressionType, type Subscription } from './subscription.js';
import { mqKey, subscribeQueues, type MessageQueue } from './topic-route.js';

export type ConsumeFromWhere =
  'CONSUME_FROM_LAST_OFFSET' | 'CONSUME_FROM_FIRST_OFFSET' | 'CONSUME_FROM_TIMESTAMP';
export type MessageModel = 'CLUSTERING' | 'BROADCASTING';

export interface PushConsumerOptions extends ClientOptions {
  consumerGroup: string;
  /** CLUSTERING (default): the group splits the queues; BROADCASTING: every consumer reads every queue. */
  messageModel?: MessageModel;
  /** Where a group without a committed offset starts; default CONSUME_FROM_LAST_OFFSET. */
  consumeFromWhere?: ConsumeFromWhere;
  /** For CONSUME_FROM_TIMESTAMP: ms since the epoch; default 30 minutes ago. */
  consumeTimestamp?: number;
  /** Deliveries after which a failing message goes to %DLQ%<group>; default 16. */
  maxReconsumeTimes?: number;
  /** Messages per pull; default 32. */
  pullBatchSize?: number;
  /** Long-poll hold time asked of the broker; default 15000. */
  brokerSuspendMaxTimeMs?: number;
  /** Rebalance period; default 20000 (also on NOTIFY_CONSUMER_IDS_CHANGED). */
  rebalanceIntervalMs?: number;
  /** Offset persistence period; default 5000 (also on shutdown). */
  persistConsumerOffsetIntervalMs?: number;
  /** Broadcasting offsets directory; default ~/.rocketmq_offsets_node. */
  offsetStoreDir?: string;
  allocateStrategy?: AllocateStrategy;
  client?: ClientInstance;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A push consumer: subscribe topics with tag expressions, register a listener (or a ConsumeService),
 * start. It long-polls PULL_MESSAGE on every queue it owns, rebalances (AllocateMessageQueueAveragely
 * over GET_CONSUMER_LIST_BY_GROUP) every 20 s and when the broker says the group changed, and commits
 * offsets every 5 s and on shutdown (broker-side in clustering, a local file in broadcasting).
 */
export class PushConsumer {
  readonly client: ClientInstance;
  readonly api: BrokerApi;
  readonly group: string;
  readonly messageModel: MessageModel;
  readonly offsetStore: OffsetStore;
  private readonly ownsClient: boolean;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly queues = new Map<string, ProcessQueue>();
  private readonly loops = new Set<Promise<void>>();
  private service: ConsumeService | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private state: 'created' | 'running' | 'shut' = 'created';
  private rebalancing: Promise<void> | null = null;
  private rebalanceAgain = false;

  constructor(readonly options: PushConsumerOptions) {
    this.group = options.consumerGroup;
    this.messageModel = options.messageModel ?? 'CLUSTERING';
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new ClientInstance(options);
    this.api = new BrokerApi(this.client);
    this.offsetStore =
      this.messageModel === 'CLUSTERING'
        ? new RemoteOffsetStore(this.api, this.group)
        : new LocalFileOffsetStore(
            options.offsetStoreDir ?? join(homedir(), '.rocketmq_offsets_node'),
            this.client.clientId,
            this.group,
          );
  }

  /**
   * Subscribes a topic with a tag expression (`*`, `TagA || TagB`), or with an SQL92 property filter
   * (`subscribe(topic, "region = 'eu' AND amount > 10", 'SQL92')`). Call before start.
   */
  subscribe(topic: string, expression = '*', expressionType: ExpressionType = 'TAG'): this {
    this.subscriptions.set(topic, parseSubscription(topic, expression, Date.now(), expressionType));
    return this;
  }

  /** Consumes with the concurrent service and this listener. */
  registerMessageListener(listener: MessageListener): this {
    this.service = new ConcurrentConsumeService(listener, {
      group: this.group,
      messageModel: this.messageModel,
      maxReconsumeTimes: this.options.maxReconsumeTimes ?? 16,
      localRetryDelayMs: 5000,
      api: this.api,
      log: this.client.log,
    });
    return this;
  }

  /**
   * Consumes orderly: per queue one batch at a time in offset order, under the queue's broker lock in
   * clustering mode (ConsumeOrderlyService).
   */
  registerMessageListenerOrderly(
    listener: MessageListenerOrderly,
    options: ConsumeOrderlyOptions = {},
  ): this {
    this.service = new ConsumeOrderlyService(this, listener, options);
    return this;
  }

  /** Consumes with a custom service (an orderly one). */
  useConsumeService(service: ConsumeService): this {
    this.service = service;
    return this;
  }

  /** The queues this consumer currently owns. */
  assignedQueues(): MessageQueue[] {
    return [...this.queues.values()].map((pq) => pq.mq);
  }

  async start(): Promise<void> {
    if (this.state !== 'created')
      throw new RocketClientError('RMQ_CLIENT_STATE', `consumer is ${this.state}`);
    if (this.service === null)
      throw new RocketClientError('RMQ_CLIENT_STATE', 'no message listener registered');
    if (this.subscriptions.size === 0) throw new RocketClientError('RMQ_CLIENT_STATE', 'no subscription');
    if (this.messageModel === 'CLUSTERING') {
      const retry = retryTopicOf(this.group);
      if (!this.subscriptions.has(retry)) this.subscriptions.set(retry, parseSubscription(retry, '*'));
    }
    await this.offsetStore.load();
    this.client.registerConsumer(this.group, {
      consumerData: () => this.consumerData(),
      onConsumerIdsChanged: () => this.requestRebalance(),
    });
    this.state = 'running';
    this.client.start();
    for (const topic of this.subscriptions.keys()) {
      try {
        await this.client.route(topic);
      } catch (err) {
        if (!topic.startsWith('%RETRY%')) throw err;
      }
    }
    await this.checkFilters();
    await this.client.sendHeartbeatToAllBrokers();
    this.every(this.options.rebalanceIntervalMs ?? 20_000, async () => this.requestRebalance());
    this.every(this.options.persistConsumerOffsetIntervalMs ?? 5000, () => this.persistOffsets());
    await this.requestRebalance();
  }

  async shutdown(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'shut';
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.rebalancing?.catch(() => undefined);
    const pqs = [...this.queues.values()];
    for (const pq of pqs) pq.dropped = true;
    await Promise.race([Promise.all(pqs.map((pq) => pq.consuming?.catch(() => undefined))), sleep(5000)]);
    await this.service?.onRevoked?.(pqs.map((pq) => pq.mq));
    await this.service?.shutdown?.();
    await this.persistOffsets();
    await this.client.unregisterConsumer(this.group);
    if (this.ownsClient) await this.client.shutdown();
    else await Promise.race([Promise.all(this.loops), sleep(100)]);
  }

  /** Runs a rebalance now (coalesced with one already running). */
  requestRebalance(): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    if (this.rebalancing !== null) {
      this.rebalanceAgain = true;
      return this.rebalancing;
    }
    this.rebalancing = (async () => {
      do {
        this.rebalanceAgain = false;
        await this.rebalance();
      } while (this.rebalanceAgain && this.state === 'running');
    })().finally(() => {
      this.rebalancing = null;
    });
    return this.rebalancing;
  }

  /** SQL92 subscriptions are validated by every broker of their topic first (CHECK_CLIENT_CONFIG), as Java does. */
  private async checkFilters(): Promise<void> {
    for (const sub of this.subscriptions.values()) {
      if (sub.expressionType === 'TAG') continue;
      const route = await this.client.route(sub.topic);
      for (const b of route.brokerDatas) {
        if (!b.brokerAddrs.has(0)) continue;
        try {
          await this.api.checkClientConfig(b.brokerName, this.group, sub);
        } catch (err) {
          this.state = 'shut';
          await this.client.unregisterConsumer(this.group);
          if (this.ownsClient) await this.client.shutdown();
          throw err;
        }
      }
    }
  }

  private consumerData(): ConsumerData {
    return {
      groupName: this.group,
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: this.messageModel,
      consumeFromWhere: this.options.consumeFromWhere ?? 'CONSUME_FROM_LAST_OFFSET',
      unitMode: false,
      subscriptionDataSet: [...this.subscriptions.values()].map((s) => s.data),
    };
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const t = setInterval(() => {
      fn().catch((err: unknown) => this.client.log.warn({ err }, 'consumer task failed'));
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  private async persistOffsets(): Promise<void> {
    await this.offsetStore.persist([...this.queues.values()].map((pq) => pq.mq));
  }

  private async rebalance(): Promise<void> {
    for (const topic of this.subscriptions.keys()) {
      if (this.state !== 'running') return;
      try {
        await this.rebalanceTopic(topic);
      } catch (err) {
        this.client.log.debug({ err, topic }, 'rebalance of a topic failed');
      }
    }
  }

  private async rebalanceTopic(topic: string): Promise<void> {
    const route = await this.client.route(topic, true);
    const all = subscribeQueues(topic, route);
    let mine: MessageQueue[];
    if (this.messageModel === 'BROADCASTING') mine = all;
    else {
      const brokers = route.brokerDatas.filter((b) => b.brokerAddrs.has(0));
      const broker = brokers[Math.floor(Math.random() * brokers.length)];
      if (broker === undefined) return;
      const cids = await this.api.consumerIdList(broker.brokerName, this.group);
      if (cids.length === 0) return;
      const strategy = this.options.allocateStrategy ?? allocateAveragely;
      mine = strategy(this.client.clientId, all, cids);
    }
    const keep = new Set(mine.map(mqKey));
    const revoked: ProcessQueue[] = [];
    for (const [key, pq] of this.queues) {
      if (pq.mq.topic !== topic || keep.has(key)) continue;
      pq.dropped = true;
      this.queues.delete(key);
      revoked.push(pq);
    }
    if (revoked.length > 0) {
      await Promise.all(revoked.map((pq) => pq.consuming?.catch(() => undefined)));
      await this.offsetStore.persist(revoked.map((pq) => pq.mq));
      for (const pq of revoked) this.offsetStore.remove(pq.mq);
      await this.service?.onRevoked?.(revoked.map((pq) => pq.mq));
    }
    const added = mine.filter((mq) => !this.queues.has(mqKey(mq)));
    if (added.length > 0) await this.service?.onAssigned?.(added);
    for (const mq of added) {
      const pq = new ProcessQueue(mq);
      this.queues.set(mqKey(mq), pq);
      const loop = this.pullLoop(pq).catch((err: unknown) =>
        this.client.log.warn({ err, queue: mqKey(mq) }, 'pull loop ended'),
      );
      this.loops.add(loop);
      void loop.finally(() => this.loops.delete(loop));
    }
    if (revoked.length > 0 || added.length > 0)
      this.client.log.info({ topic, queues: mine.map((q) => q.queueId) }, 'rebalanced');
  }

  /** The offset a queue without progress in memory starts at: stored, else per consumeFromWhere. */
  private async startOffset(mq: MessageQueue): Promise<number> {
    const stored = await this.offsetStore.read(mq);
    if (stored >= 0) return stored;
    if (mq.topic.startsWith('%RETRY%')) return 0;
    switch (this.options.consumeFromWhere ?? 'CONSUME_FROM_LAST_OFFSET') {
      case 'CONSUME_FROM_LAST_OFFSET':
        return this.api.maxOffset(mq);
      case 'CONSUME_FROM_FIRST_OFFSET':
        return 0;
      case 'CONSUME_FROM_TIMESTAMP':
        return this.api.searchOffset(mq, this.options.consumeTimestamp ?? Date.now() - 30 * 60_000);
    }
  }

  private async pullLoop(pq: ProcessQueue): Promise<void> {
    const sub = this.subscriptions.get(pq.mq.topic);
    const service = this.service;
    if (sub === undefined || service === null) return;
    const clustering = this.messageModel === 'CLUSTERING';
    while (!pq.dropped && this.state === 'running') {
      try {
        // canPull first: an orderly service holds the queue's lock before the start offset is read, so a
        // previous owner's last commit is seen (Java reads it once the queue is first locked).
        if (service.canPull !== undefined && !(await service.canPull(pq))) {
          await sleep(500);
          continue;
        }
        if (pq.nextOffset < 0) {
          pq.nextOffset = await this.startOffset(pq.mq);
          this.offsetStore.update(pq.mq, pq.nextOffset);
        }
        const committed = this.offsetStore.current(pq.mq);
        const r: PullResult = await this.api.pull({
          group: this.group,
          mq: pq.mq,
          subscription: sub,
          offset: pq.nextOffset,
          maxNums: this.options.pullBatchSize ?? 32,
          suspendTimeoutMs: this.options.brokerSuspendMaxTimeMs ?? 15_000,
          ...(clustering && committed > 0 ? { commitOffset: committed } : {}),
          timeoutMs: (this.options.brokerSuspendMaxTimeMs ?? 15_000) + 15_000,
        });
        if (pq.dropped) return;
        if (r.status === 'FOUND' && r.messages.length > 0) {
          pq.consuming = service.consume(pq, r.messages);
          await pq.consuming;
          pq.consuming = null;
        }
        // A service that stopped inside the batch says where to go on from (its progress is recorded).
        const resume = pq.resumeOffset;
        pq.resumeOffset = null;
        if (resume !== null) {
          pq.nextOffset = resume;
          if (pq.dropped) return;
          continue;
        }
        if (pq.dropped && r.status === 'FOUND') {
          // Consumed while being revoked: record the progress anyway.
          this.offsetStore.update(pq.mq, r.nextBeginOffset);
          return;
        }
        pq.nextOffset = r.nextBeginOffset;
        this.offsetStore.update(pq.mq, r.nextBeginOffset);
        if (r.status === 'OFFSET_ILLEGAL') await this.offsetStore.persist([pq.mq]);
      } catch (err) {
        pq.consuming = null;
        if (pq.dropped || this.state !== 'running') return;
        this.client.log.debug({ err, queue: mqKey(pq.mq) }, 'pull failed, retrying in 1 s');
        await sleep(1000);
      }
    }
  }
}
