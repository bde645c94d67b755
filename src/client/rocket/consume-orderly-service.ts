import type { BrokerApi } from './broker-api.js';
import type { ClientLogger } from './client-logger.js';
import { resetRetryTopic } from './concurrent-consume-service.js';
import type { ConsumeService } from './consume-service.js';
import type { MessageExt } from './message.js';
import type { OffsetStore } from './offset-store.js';
import type { ProcessQueue } from './process-queue.js';
import { mqKey, type MessageQueue } from './topic-route.js';

/** What an orderly listener returns (Java's ConsumeOrderlyStatus, without the deprecated COMMIT/ROLLBACK). */
export const ConsumeOrderlyStatus = {
  SUCCESS: 'SUCCESS',
  SUSPEND_CURRENT_QUEUE_A_MOMENT: 'SUSPEND_CURRENT_QUEUE_A_MOMENT',
} as const;
export type ConsumeOrderlyStatus = (typeof ConsumeOrderlyStatus)[keyof typeof ConsumeOrderlyStatus];

export interface ConsumeOrderlyContext {
  mq: MessageQueue;
  /** How long a SUSPEND pauses the queue before the same messages come again; the listener may change it. */
  suspendCurrentQueueTimeMillis: number;
}

/**
 * An orderly listener: called with one batch (consumeMessageBatchMaxSize, default 1) of one queue at a
 * time, in queue order. Returning nothing or SUCCESS commits the batch; SUSPEND_CURRENT_QUEUE_A_MOMENT
 * (or throwing) pauses the queue and delivers the same messages again.
 */
export type MessageListenerOrderly = (
  msgs: readonly MessageExt[],
  context: ConsumeOrderlyContext,
) => ConsumeOrderlyStatus | void | Promise<ConsumeOrderlyStatus | void>;

export interface ConsumeOrderlyOptions {
  /** Messages per listener call; default 1. */
  consumeMessageBatchMaxSize?: number;
  /** Pause after SUSPEND_CURRENT_QUEUE_A_MOMENT, ms; default 1000. */
  suspendCurrentQueueTimeMillis?: number;
  /**
   * Deliveries after the first before a suspended message goes to %DLQ%<group>; default the consumer's
   * maxReconsumeTimes if set, else unlimited (Java's orderly default, maxReconsumeTimes = -1).
   */
  maxReconsumeTimes?: number;
  /** LOCK_BATCH_MQ renewal period, ms; default 20000 (Java's REBALANCE_LOCK_INTERVAL). Keep it well under the broker's lock expiry. */
  lockIntervalMs?: number;
  /** A lock not renewed for this long is treated as lost, ms; default 30000 (Java's lockMaxLiveTime). */
  lockMaxLiveMs?: number;
}

/** The parts of a push consumer the orderly service works with. */
export interface OrderlyConsumerPart {
  readonly api: BrokerApi;
  readonly group: string;
  readonly messageModel: 'CLUSTERING' | 'BROADCASTING';
  readonly offsetStore: OffsetStore;
  readonly client: { readonly log: ClientLogger };
  readonly options: { readonly maxReconsumeTimes?: number };
}

interface LockState {
  mq: MessageQueue;
  locked: boolean;
  lastLockTimestamp: number;
  lastAttempt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A canPull caller retries this often at most when the queue is not locked. */
const RELOCK_MIN_INTERVAL_MS = 1000;

/**
 * Orderly consumption (Java's ConsumeMessageOrderlyService with RebalancePushImpl's locking): in
 * clustering mode a queue is pulled and consumed only while this client holds its broker lock
 * (LOCK_BATCH_MQ on assignment, renewed every `lockIntervalMs`; a queue the broker did not lock again, or
 * not renewed for `lockMaxLiveMs`, stops being consumed). Each queue's messages go to the listener one
 * batch at a time in offset order; the consumed offset advances after each successful batch. SUSPEND
 * pauses the queue `suspendCurrentQueueTimeMillis` and redelivers the same batch with reconsumeTimes + 1;
 * past maxReconsumeTimes the message goes to %DLQ%<group> (CONSUMER_SEND_MSG_BACK, delay level -1) and
 * consumption goes on. Queues are unlocked (UNLOCK_BATCH_MQ) when rebalanced away and on shutdown, after
 * their offsets are persisted. Broadcasting needs no locks.
 */
export class ConsumeOrderlyService implements ConsumeService {
  private readonly locks = new Map<string, LockState>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly batchSize: number;
  private readonly suspendMs: number;
  private readonly maxReconsumeTimes: number;
  private readonly lockIntervalMs: number;
  private readonly lockMaxLiveMs: number;

  constructor(
    private readonly consumer: OrderlyConsumerPart,
    private readonly listener: MessageListenerOrderly,
    options: ConsumeOrderlyOptions = {},
  ) {
    this.batchSize = Math.max(1, options.consumeMessageBatchMaxSize ?? 1);
    this.suspendMs = options.suspendCurrentQueueTimeMillis ?? 1000;
    this.maxReconsumeTimes =
      options.maxReconsumeTimes ?? consumer.options.maxReconsumeTimes ?? Number.MAX_SAFE_INTEGER;
    this.lockIntervalMs = options.lockIntervalMs ?? 20_000;
    this.lockMaxLiveMs = options.lockMaxLiveMs ?? 30_000;
  }

  private get clustering(): boolean {
    return this.consumer.messageModel === 'CLUSTERING';
  }

  async onAssigned(mqs: readonly MessageQueue[]): Promise<void> {
    if (!this.clustering || this.stopped) return;
    for (const mq of mqs)
      this.locks.set(mqKey(mq), { mq, locked: false, lastLockTimestamp: 0, lastAttempt: 0 });
    if (this.timer === null) {
      this.timer = setInterval(() => void this.lockAll(), this.lockIntervalMs);
      this.timer.unref();
    }
    await this.lock(mqs);
  }

  async onRevoked(mqs: readonly MessageQueue[]): Promise<void> {
    if (!this.clustering) return;
    const held = mqs.filter((mq) => this.locks.get(mqKey(mq))?.locked === true);
    for (const mq of mqs) this.locks.delete(mqKey(mq));
    // The next owner reads the committed offset once it holds the lock: persist before unlocking.
    try {
      await this.consumer.offsetStore.persist(held);
    } catch (err) {
      this.consumer.client.log.warn({ err }, 'persisting offsets before unlock failed');
    }
    for (const [brokerName, group] of byBroker(held)) {
      try {
        await this.consumer.api.unlockBatch(brokerName, this.consumer.group, group);
      } catch (err) {
        this.consumer.client.log.debug({ err, brokerName }, 'UNLOCK_BATCH_MQ failed (the lock expires)');
      }
    }
  }

  async canPull(pq: ProcessQueue): Promise<boolean> {
    if (!this.clustering) return true;
    const state = this.locks.get(mqKey(pq.mq));
    if (state === undefined || this.stopped) return false;
    if (!this.held(state) && Date.now() - state.lastAttempt >= RELOCK_MIN_INTERVAL_MS)
      await this.lock([pq.mq]);
    pq.locked = state.locked;
    pq.lastLockTimestamp = state.lastLockTimestamp;
    return this.held(state);
  }

  async consume(pq: ProcessQueue, msgs: readonly MessageExt[]): Promise<void> {
    let i = 0;
    while (i < msgs.length) {
      const first = msgs[i] as MessageExt;
      if (this.stopped || pq.dropped || !this.mayConsume(pq)) {
        // Lock lost, revoked or shutting down: the rest is left for whoever holds the queue next.
        pq.resumeOffset = first.queueOffset;
        return;
      }
      const batch = msgs.slice(i, i + this.batchSize);
      for (const m of batch) resetRetryTopic(m, this.consumer.group);
      const context: ConsumeOrderlyContext = { mq: pq.mq, suspendCurrentQueueTimeMillis: this.suspendMs };
      let status: ConsumeOrderlyStatus;
      try {
        status = (await this.listener(batch, context)) ?? ConsumeOrderlyStatus.SUCCESS;
      } catch (err) {
        this.consumer.client.log.debug({ err, queue: mqKey(pq.mq) }, 'orderly listener threw, suspending');
        status = ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
      }
      if (status === ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT && (await this.suspend(batch))) {
        await sleep(context.suspendCurrentQueueTimeMillis);
        continue;
      }
      const last = batch[batch.length - 1] as MessageExt;
      this.consumer.offsetStore.update(pq.mq, last.queueOffset + 1);
      i += batch.length;
    }
  }

  shutdown(): void {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * After SUSPEND: true to redeliver the batch (reconsumeTimes + 1). A message already redelivered
   * maxReconsumeTimes times goes to the DLQ instead; if every message of the batch went, false.
   */
  private async suspend(batch: readonly MessageExt[]): Promise<boolean> {
    let again = false;
    for (const m of batch) {
      if (m.reconsumeTimes >= this.maxReconsumeTimes) {
        try {
          await this.consumer.api.sendMessageBack(this.consumer.group, m, -1, this.maxReconsumeTimes);
          continue;
        } catch (err) {
          this.consumer.client.log.warn({ err, msgId: m.msgId }, 'sending to the DLQ failed, suspending');
        }
      }
      again = true;
      m.reconsumeTimes += 1;
    }
    return again;
  }

  private held(state: LockState): boolean {
    return state.locked && Date.now() - state.lastLockTimestamp <= this.lockMaxLiveMs;
  }

  private mayConsume(pq: ProcessQueue): boolean {
    if (!this.clustering) return true;
    const state = this.locks.get(mqKey(pq.mq));
    return state !== undefined && this.held(state);
  }

  private async lockAll(): Promise<void> {
    if (this.stopped) return;
    await this.lock([...this.locks.values()].map((s) => s.mq));
  }

  /** LOCK_BATCH_MQ per broker; queues the broker did not lock are marked unlocked. */
  private async lock(mqs: readonly MessageQueue[]): Promise<void> {
    for (const [brokerName, group] of byBroker(mqs)) {
      const now = Date.now();
      for (const mq of group) {
        const s = this.locks.get(mqKey(mq));
        if (s !== undefined) s.lastAttempt = now;
      }
      let granted: Set<string>;
      try {
        granted = new Set(
          (await this.consumer.api.lockBatch(brokerName, this.consumer.group, group)).map(mqKey),
        );
      } catch (err) {
        this.consumer.client.log.debug({ err, brokerName }, 'LOCK_BATCH_MQ failed');
        continue;
      }
      for (const mq of group) {
        const s = this.locks.get(mqKey(mq));
        if (s === undefined) continue;
        const ok = granted.has(mqKey(mq));
        if (s.locked && !ok) this.consumer.client.log.info({ queue: mqKey(mq) }, 'queue lock lost');
        s.locked = ok;
        if (ok) s.lastLockTimestamp = now;
      }
    }
  }
}

function byBroker(mqs: readonly MessageQueue[]): Map<string, MessageQueue[]> {
  const out = new Map<string, MessageQueue[]>();
  for (const mq of mqs) {
    const list = out.get(mq.brokerName);
    if (list === undefined) out.set(mq.brokerName, [mq]);
    else list.push(mq);
  }
  return out;
}
