import type { Logger } from '../../../logger.js';
import type { ConsumerOffsets, OffsetCommitEntry } from '../../../store/index.js';
import type { ProducerStates } from './producer-states.js';
import { TransactionLog } from './transaction-log.js';
import {
  type TransactionMetadata,
  type TxnPartition,
  type TxnState,
  newTransaction,
  partitionKey,
} from './transaction-state.js';

/** Kafka transaction.max.timeout.ms default. */
export const DEFAULT_MAX_TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;
const DEFAULT_CHECK_INTERVAL_MS = 1000;
/** Epochs stop below Short.MAX_VALUE; the next bump takes a new producer id (as Kafka does). */
const MAX_EPOCH = 32766;
/** This single node never changes coordinator, so every marker carries coordinator epoch 0. */
const COORDINATOR_EPOCH = 0;

export type TxnError =
  | 'invalid-producer-id-mapping'
  | 'producer-fenced'
  | 'concurrent-transactions'
  | 'invalid-txn-state'
  | 'invalid-transaction-timeout'
  | 'invalid-request'
  | 'coordinator-not-available'
  | 'storage-error';

export interface TransactionCoordinatorOptions {
  dataDir: string;
  producerStates: ProducerStates;
  offsets: ConsumerOffsets;
  log: Logger;
  nowMs?: () => number;
  /** How often timed-out transactions are aborted and interrupted completions resumed. */
  checkIntervalMs?: number;
  maxTimeoutMs?: number;
  producerIdBlockSize?: number;
}

export type InitProducerIdOutcome =
  { error: null; producerId: bigint; producerEpoch: number } | { error: TxnError };

/** A read-only view for DescribeTransactions / ListTransactions. */
export interface TransactionView {
  transactionalId: string;
  producerId: bigint;
  producerEpoch: number;
  state: TxnState;
  timeoutMs: number;
  startTimeMs: number;
  partitions: TxnPartition[];
}

/**
 * The transaction coordinator of this node: transactional ids -> producer id/epoch and transaction
 * state, producer id allocation, markers on commit/abort, transactional offsets, timeouts. Every state
 * change is decided synchronously and journaled before the caller is answered (transaction-log.ts).
 */
export class TransactionCoordinator {
  private readonly txns = new Map<string, TransactionMetadata>();
  private readonly byProducerId = new Map<bigint, TransactionMetadata>();
  /** Completions in progress (markers being written), by transactional id. */
  private readonly completing = new Map<string, Promise<void>>();
  private readonly store: TransactionLog;
  private readonly log: Logger;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private state: 'new' | 'open' | 'closed' = 'new';

  constructor(private readonly opts: TransactionCoordinatorOptions) {
    this.log = opts.log.child({ component: 'txn-coordinator' });
    this.store = new TransactionLog(opts.dataDir, this.log, opts.producerIdBlockSize);
    this.now = opts.nowMs ?? Date.now;
  }

  get maxTimeoutMs(): number {
    return this.opts.maxTimeoutMs ?? DEFAULT_MAX_TRANSACTION_TIMEOUT_MS;
  }

  /** Replays the journal, compacts it, and finishes transactions caught in PrepareCommit/PrepareAbort. */
  async open(): Promise<void> {
    for (const t of this.store.load().values()) this.index(t);
    this.store.compact(this.txns.values());
    this.state = 'open';
    const unfinished = [...this.txns.values()].filter(
      (t) => t.state === 'PrepareCommit' || t.state === 'PrepareAbort',
    );
    await Promise.all(unfinished.map((t) => this.resume(t)));
    this.log.info(
      {
        transactionalIds: this.txns.size,
        resumed: unfinished.length,
        nextProducerId: String(this.store.nextId),
      },
      'transaction coordinator loaded',
    );
    const interval = this.opts.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS;
    this.timer = setInterval(() => this.checkTimeouts(), interval);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    clearInterval(this.timer);
    await Promise.allSettled([...this.completing.values()]);
    await this.store.close();
  }

  /** InitProducerId: a fresh idempotent producer id, or the (bumped) id/epoch of a transactional id. */
  async initProducerId(
    transactionalId: string | null,
    timeoutMs: number,
    expectedProducerId: bigint,
    expectedEpoch: number,
  ): Promise<InitProducerIdOutcome> {
    if (this.state !== 'open') return { error: 'coordinator-not-available' };
    if (transactionalId === null) {
      const producerId = this.allocate();
      const ok = await this.persist([]);
      return ok ? { error: null, producerId, producerEpoch: 0 } : { error: 'storage-error' };
    }
    if (transactionalId === '') return { error: 'invalid-request' };
    if (timeoutMs <= 0 || timeoutMs > this.maxTimeoutMs) return { error: 'invalid-transaction-timeout' };
    let txn = this.txns.get(transactionalId);
    if (txn === undefined) {
      txn = newTransaction(transactionalId, this.allocate(), timeoutMs, this.now());
      this.index(txn);
      const ok = await this.persist([txn]);
      return ok ? { error: null, producerId: txn.producerId, producerEpoch: 0 } : { error: 'storage-error' };
    }
    if (
      this.completing.has(transactionalId) ||
      txn.state === 'PrepareCommit' ||
      txn.state === 'PrepareAbort'
    ) {
      return { error: 'concurrent-transactions' };
    }
    if (expectedProducerId !== -1n) {
      if (expectedProducerId !== txn.producerId || expectedEpoch !== txn.producerEpoch) {
        return { error: 'producer-fenced' };
      }
    }
    if (txn.state === 'Ongoing') {
      // A new producer instance fences the old one: abort what it left open, with a bumped epoch.
      const done = await this.complete(txn, false, true);
      if (done !== null) return { error: done };
    }
    this.bumpEpoch(txn);
    txn.timeoutMs = timeoutMs;
    txn.state = 'Empty';
    this.clearTransaction(txn);
    const ok = await this.persist([txn]);
    return ok
      ? { error: null, producerId: txn.producerId, producerEpoch: txn.producerEpoch }
      : { error: 'storage-error' };
  }

  /** AddPartitionsToTxn (partitions already checked to exist). */
  async addPartitions(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    partitions: readonly TxnPartition[],
  ): Promise<TxnError | null> {
    const found = this.check(transactionalId, producerId, producerEpoch);
    if (typeof found === 'string') return found;
    this.begin(found);
    for (const p of partitions) found.partitions.set(partitionKey(p.topic, p.partition), p);
    return (await this.persist([found])) ? null : 'storage-error';
  }

  /** AddOffsetsToTxn: the group's offsets become part of the transaction. */
  async addOffsets(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    groupId: string,
  ): Promise<TxnError | null> {
    const found = this.check(transactionalId, producerId, producerEpoch);
    if (typeof found === 'string') return found;
    this.begin(found);
    found.groups.add(groupId);
    return (await this.persist([found])) ? null : 'storage-error';
  }

  /** TxnOffsetCommit: offsets held by the transaction until it commits (dropped on abort). */
  async commitOffsets(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    groupId: string,
    entries: readonly OffsetCommitEntry[],
  ): Promise<TxnError | null> {
    const found = this.check(transactionalId, producerId, producerEpoch);
    if (typeof found === 'string') return found;
    if (found.state !== 'Ongoing') return 'invalid-txn-state';
    found.groups.add(groupId);
    let pending = found.pendingOffsets.get(groupId);
    if (pending === undefined) {
      pending = new Map();
      found.pendingOffsets.set(groupId, pending);
    }
    for (const e of entries) pending.set(partitionKey(e.topic, e.queueId), e);
    found.updateTimeMs = this.now();
    return (await this.persist([found])) ? null : 'storage-error';
  }

  /** EndTxn: writes the markers, applies (commit) or drops (abort) the offsets. */
  async endTransaction(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    commit: boolean,
  ): Promise<TxnError | null> {
    const found = this.check(transactionalId, producerId, producerEpoch, true);
    if (typeof found === 'string') return found;
    switch (found.state) {
      case 'Ongoing':
        return this.complete(found, commit, false);
      case 'Empty':
        // Nothing was added: nothing to mark. Accepted as a no-op (Kafka answers INVALID_TXN_STATE).
        found.state = commit ? 'CompleteCommit' : 'CompleteAbort';
        return (await this.persist([found])) ? null : 'storage-error';
      case 'CompleteCommit':
        return commit ? null : 'invalid-txn-state';
      case 'CompleteAbort':
        return commit ? 'invalid-txn-state' : null;
      case 'PrepareCommit':
        return commit ? 'concurrent-transactions' : 'invalid-txn-state';
      case 'PrepareAbort':
        return commit ? 'invalid-txn-state' : 'concurrent-transactions';
    }
  }

  /**
   * Checks a transactional produce to a partition: the producer's transaction must be Ongoing with
   * that partition added. Synchronous (called between the sequence check and the append).
   */
  verifyProduce(
    producerId: bigint,
    producerEpoch: number,
    topic: string,
    partition: number,
  ): TxnError | null {
    const txn = this.byProducerId.get(producerId);
    if (txn === undefined) return 'invalid-producer-id-mapping';
    if (producerEpoch < txn.producerEpoch) return 'producer-fenced';
    if (producerEpoch !== txn.producerEpoch || txn.state !== 'Ongoing') return 'invalid-txn-state';
    return txn.partitions.has(partitionKey(topic, partition)) ? null : 'invalid-txn-state';
  }

  describe(transactionalId: string): TransactionView | undefined {
    const t = this.txns.get(transactionalId);
    return t === undefined ? undefined : this.view(t);
  }

  list(): TransactionView[] {
    return [...this.txns.values()].map((t) => this.view(t));
  }

  /** Aborts transactions past their timeout (bumping the epoch to fence the producer); resumes stuck ones. */
  checkTimeouts(): void {
    if (this.state !== 'open') return;
    const now = this.now();
    for (const t of this.txns.values()) {
      if (this.completing.has(t.transactionalId)) continue;
      if (t.state === 'Ongoing' && t.startTimeMs >= 0 && now > t.startTimeMs + t.timeoutMs) {
        this.log.info(
          { transactionalId: t.transactionalId, producerId: String(t.producerId), epoch: t.producerEpoch },
          'aborting a timed-out transaction',
        );
        void this.complete(t, false, true);
      } else if (t.state === 'PrepareCommit' || t.state === 'PrepareAbort') {
        void this.resume(t);
      }
    }
  }

  private view(t: TransactionMetadata): TransactionView {
    return {
      transactionalId: t.transactionalId,
      producerId: t.producerId,
      producerEpoch: t.producerEpoch,
      state: t.state,
      timeoutMs: t.timeoutMs,
      startTimeMs: t.state === 'Ongoing' ? t.startTimeMs : -1,
      partitions: [...t.partitions.values()],
    };
  }

  private check(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    ending = false,
  ): TransactionMetadata | TxnError {
    if (this.state !== 'open') return 'coordinator-not-available';
    const txn = this.txns.get(transactionalId);
    if (txn === undefined || txn.producerId !== producerId) return 'invalid-producer-id-mapping';
    if (producerEpoch !== txn.producerEpoch) return 'producer-fenced';
    if (this.completing.has(transactionalId)) return 'concurrent-transactions';
    if (!ending && (txn.state === 'PrepareCommit' || txn.state === 'PrepareAbort')) {
      return 'concurrent-transactions';
    }
    return txn;
  }

  /** Moves an idle transactional id into a new Ongoing transaction. */
  private begin(txn: TransactionMetadata): void {
    const now = this.now();
    if (txn.state !== 'Ongoing') {
      this.clearTransaction(txn);
      txn.state = 'Ongoing';
      txn.startTimeMs = now;
    }
    txn.updateTimeMs = now;
  }

  private clearTransaction(txn: TransactionMetadata): void {
    txn.partitions = new Map();
    txn.groups = new Set();
    txn.pendingOffsets = new Map();
    txn.startTimeMs = -1;
  }

  private bumpEpoch(txn: TransactionMetadata): void {
    if (txn.producerEpoch >= MAX_EPOCH) {
      this.byProducerId.delete(txn.producerId);
      txn.producerId = this.allocate();
      txn.producerEpoch = 0;
      this.byProducerId.set(txn.producerId, txn);
    } else {
      txn.producerEpoch += 1;
    }
  }

  /**
   * Ends the Ongoing transaction: Prepare state journaled, markers written and durable, offsets applied
   * on commit, Complete state journaled. With `fence`, the epoch is bumped first so the producer that
   * ran the transaction can no longer write (timeouts, a new producer instance).
   */
  private complete(txn: TransactionMetadata, commit: boolean, fence: boolean): Promise<TxnError | null> {
    if (fence) this.bumpEpoch(txn);
    txn.state = commit ? 'PrepareCommit' : 'PrepareAbort';
    txn.updateTimeMs = this.now();
    const prepared = this.persist([txn]);
    return this.track(
      txn,
      prepared.then((ok) => (ok ? this.finish(txn) : 'storage-error')),
    );
  }

  /** Finishes a transaction found in a Prepare state (after a restart or a failed marker write). */
  private resume(txn: TransactionMetadata): Promise<TxnError | null> {
    if (this.completing.has(txn.transactionalId)) return Promise.resolve('concurrent-transactions');
    return this.track(txn, this.finish(txn));
  }

  private track(txn: TransactionMetadata, work: Promise<TxnError | null>): Promise<TxnError | null> {
    const id = txn.transactionalId;
    const done = work
      .catch((err: unknown) => {
        this.log.error({ err, transactionalId: id }, 'transaction completion failed; retried by the timer');
        return 'storage-error' as const;
      })
      .finally(() => this.completing.delete(id));
    this.completing.set(
      id,
      done.then(() => undefined),
    );
    return done;
  }

  private async finish(txn: TransactionMetadata): Promise<TxnError | null> {
    const commit = txn.state === 'PrepareCommit';
    const durable: Promise<void>[] = [];
    for (const p of txn.partitions.values()) {
      const result = this.opts.producerStates.appendMarker(
        p.topic,
        p.partition,
        txn.producerId,
        txn.producerEpoch,
        commit,
        COORDINATOR_EPOCH,
      );
      if (result.status === 'ok') durable.push(result.durable);
      else if (result.status === 'storage-error') throw new Error(`marker write failed: ${result.message}`);
      // A deleted topic or partition has nothing left to mark.
    }
    await Promise.all(durable);
    if (commit) {
      for (const [group, entries] of txn.pendingOffsets) {
        const outcome = this.opts.offsets.commit(group, [...entries.values()]);
        if (outcome.status !== 'ok') throw new Error(`offset commit failed: ${outcome.message}`);
        await outcome.durable;
      }
    }
    txn.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    txn.updateTimeMs = this.now();
    this.clearTransaction(txn);
    return (await this.persist([txn])) ? null : 'storage-error';
  }

  private index(txn: TransactionMetadata): void {
    this.txns.set(txn.transactionalId, txn);
    this.byProducerId.set(txn.producerId, txn);
  }

  private allocate(): bigint {
    return this.store.allocate();
  }

  private persist(txns: readonly TransactionMetadata[]): Promise<boolean> {
    return this.store.persist(txns, () => this.txns.values());
  }
}
