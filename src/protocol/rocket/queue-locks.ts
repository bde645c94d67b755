/**
 * Ordered-consumption queue locks (RocketMQ RebalanceLockManager, REFERENCE §4.6): one owner (client id)
 * per (consumer group, message queue). A lock lasts `expireMs` (60 s) after its owner's last lock request
 * for it; an expired lock goes to the next client asking. ferrymq also releases a client's locks when the
 * connection it locked them on closes, or when it unregisters from the group.
 */
export interface MessageQueueRef {
  topic: string;
  brokerName: string;
  queueId: number;
}

interface LockEntry {
  clientId: string;
  connectionId: string;
  lastUpdateMs: number;
}

/** RocketMQ's rocketmq.broker.rebalance.lockMaxLiveTime. */
export const DEFAULT_QUEUE_LOCK_EXPIRE_MS = 60_000;

const queueKey = (mq: MessageQueueRef): string => `${mq.topic}\u0000${mq.brokerName}\u0000${mq.queueId}`;

export class QueueLocks {
  /** group -> queue key -> lock. */
  private readonly groups = new Map<string, Map<string, LockEntry>>();

  constructor(
    readonly expireMs: number = DEFAULT_QUEUE_LOCK_EXPIRE_MS,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /**
   * Locks (or renews) each queue for the client, unless another client holds an unexpired lock on it.
   * Returns the queues the client holds afterwards, in request order (RocketMQ's lockOKMQSet).
   */
  tryLockBatch(
    group: string,
    clientId: string,
    connectionId: string,
    queues: readonly MessageQueueRef[],
  ): MessageQueueRef[] {
    const now = this.nowMs();
    let locks = this.groups.get(group);
    if (locks === undefined) this.groups.set(group, (locks = new Map()));
    const granted: MessageQueueRef[] = [];
    const seen = new Set<string>();
    for (const mq of queues) {
      const key = queueKey(mq);
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = locks.get(key);
      if (entry === undefined || entry.clientId === clientId || this.expired(entry, now)) {
        locks.set(key, { clientId, connectionId, lastUpdateMs: now });
        granted.push(mq);
      }
    }
    if (locks.size === 0) this.groups.delete(group);
    return granted;
  }

  /** Releases the queues the client holds; queues held by others are left alone (RocketMQ unlockBatch). */
  unlockBatch(group: string, clientId: string, queues: readonly MessageQueueRef[]): void {
    const locks = this.groups.get(group);
    if (locks === undefined) return;
    for (const mq of queues) {
      const key = queueKey(mq);
      if (locks.get(key)?.clientId === clientId) locks.delete(key);
    }
    if (locks.size === 0) this.groups.delete(group);
  }

  /** The client holding an unexpired lock on the queue, if any. */
  owner(group: string, mq: MessageQueueRef): string | undefined {
    const entry = this.groups.get(group)?.get(queueKey(mq));
    return entry === undefined || this.expired(entry, this.nowMs()) ? undefined : entry.clientId;
  }

  /** A connection closed: every lock taken through it is released. */
  releaseConnection(connectionId: string): void {
    this.dropWhere((_group, e) => e.connectionId === connectionId);
  }

  /** A client unregistered from a consumer group: its locks in that group are released. */
  releaseClient(group: string, clientId: string): void {
    this.dropWhere((g, e) => g === group && e.clientId === clientId);
  }

  /** Forgets expired locks (housekeeping; expired locks are never honoured anyway). */
  sweep(): void {
    const now = this.nowMs();
    this.dropWhere((_group, e) => this.expired(e, now));
  }

  /** Locks currently held (expired ones included until swept). */
  get size(): number {
    let n = 0;
    for (const locks of this.groups.values()) n += locks.size;
    return n;
  }

  private expired(entry: LockEntry, now: number): boolean {
    return now - entry.lastUpdateMs > this.expireMs;
  }

  private dropWhere(test: (group: string, entry: LockEntry) => boolean): void {
    for (const [group, locks] of this.groups) {
      for (const [key, entry] of locks) if (test(group, entry)) locks.delete(key);
      if (locks.size === 0) this.groups.delete(group);
    }
  }
}
