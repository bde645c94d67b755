import { BrokerError } from '../../../errors.js';
import type { Logger } from '../../../logger.js';
import { decodeRocketMessage } from '../../../model/index.js';
import { PayloadFormat } from '../../../store/index.js';
import { PROPERTY_TAGS } from '../codec/message-codec.js';
import {
  appendRocketMessage,
  awaitDurable,
  ensureSystemTopic,
  type OutgoingMessage,
} from '../message-writer.js';
import type { RocketReply } from '../processor.js';
import type { RocketServices } from '../services.js';
import { decodeHalf } from './half-message.js';
import { HALF_TOPIC, OP_REMOVE_TAG, OP_TOPIC, TRANSACTION_PROGRESS_GROUP } from './transaction-topics.js';

const READ_BYTES = 256 * 1024;

interface OpRecord {
  opOffset: number;
  root: number;
}

/**
 * The transaction state, kept in store topics so that it survives a restart (REFERENCE §4.5):
 * half messages in RMQ_SYS_TRANS_HALF_TOPIC queue 0; one op record per resolved transaction in
 * RMQ_SYS_TRANS_OP_HALF_TOPIC queue 0 (tag "d", body = the half message's queue offset); the check
 * progress on both queues as committed offsets of group CID_RMQ_SYS_TRANS.
 *
 * In memory it holds the op records past the op progress (which transactions are resolved) and, for
 * half messages the checker re-appended, where the newest copy is. An op record is retired (the op
 * progress passes it) once the half progress is past its transaction and every copy of it. Every
 * change to this state happens synchronously together with the append that causes it, so END_TRANSACTION
 * and the checker never both act on one transaction.
 */
export class TransactionLog {
  private loading: Promise<void> | undefined;
  private loaded = false;
  /** Unretired op records in op-queue order. */
  private readonly ops: OpRecord[] = [];
  /** root -> number of unretired op records naming it. */
  private readonly resolved = new Map<number, number>();
  /** root -> queue offset of its newest copy, while that copy is at or past the half progress. */
  private readonly copies = new Map<number, number>();
  private opProgress = 0;
  private halfProgressOffset = 0;
  private releaseActivityCheck: (() => void) | undefined;

  constructor(
    private readonly services: RocketServices,
    private readonly log: Logger,
  ) {}

  /** Creates the system topics if needed and reads the state back from the store (once). */
  ensureLoaded(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.load().then(
      () => {
        this.loaded = true;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  close(): void {
    this.releaseActivityCheck?.();
    this.releaseActivityCheck = undefined;
  }

  /** True when an op record (commit or rollback) exists for the transaction whose first half message is `root`. */
  isResolved(root: number): boolean {
    return this.resolved.has(root);
  }

  /**
   * True when nothing may change the transaction of the half message at `queueOffset` any more: it has an
   * op record, or the checker has passed it for good (no copy of it lies ahead), which happens only once it
   * was resolved or discarded after transactionCheckMax checks.
   */
  isSettled(root: number, queueOffset: number): boolean {
    return this.resolved.has(root) || (queueOffset < this.halfProgressOffset && !this.copies.has(root));
  }

  /** The half-queue offset the checker continues from. */
  get halfProgress(): number {
    return this.halfProgressOffset;
  }

  /** Unretired op records (for tests and logs). */
  get pendingOps(): number {
    return this.ops.length;
  }

  /**
   * Appends the op record that resolves a transaction (synchronously, so the state changes with it);
   * returns when it is durable, or the error reply.
   */
  appendOp(
    root: number,
  ): { status: 'ok'; durable: Promise<RocketReply | null> } | { status: 'error'; reply: RocketReply } {
    const properties = new Map([[PROPERTY_TAGS, OP_REMOVE_TAG]]);
    const appended = appendRocketMessage(this.services, this.log, {
      topic: OP_TOPIC,
      queueId: 0,
      flag: 0,
      sysFlag: 0,
      bornTimestampMs: this.services.nowMs(),
      bornHost: this.services.broker.storeHost,
      reconsumeTimes: 0,
      body: Buffer.from(String(root)),
      properties,
    });
    if (appended.status !== 'ok') return appended;
    this.addOp({ opOffset: appended.queueOffset, root });
    return { status: 'ok', durable: awaitDurable(this.log, appended.durable) };
  }

  /** Appends a copy of a half message at the end of the half queue (synchronously) and notes where it is. */
  appendCopy(root: number, copy: OutgoingMessage): ReturnType<typeof appendRocketMessage> {
    const appended = appendRocketMessage(this.services, this.log, copy);
    if (appended.status === 'ok') this.copies.set(root, appended.queueOffset);
    return appended;
  }

  /** Moves the half progress forward, retires the op records no longer needed and saves both offsets. */
  advance(halfOffset: number): void {
    if (halfOffset > this.halfProgressOffset) this.halfProgressOffset = halfOffset;
    for (const [root, copyOffset] of this.copies)
      if (copyOffset < this.halfProgressOffset) this.copies.delete(root);
    while (this.ops.length > 0) {
      const op = this.ops[0];
      if (op === undefined || op.root >= this.halfProgressOffset || this.copies.has(op.root)) break;
      this.ops.shift();
      const n = (this.resolved.get(op.root) ?? 1) - 1;
      if (n > 0) this.resolved.set(op.root, n);
      else this.resolved.delete(op.root);
      this.opProgress = op.opOffset + 1;
    }
    if (this.ops.length === 0) this.opProgress = Math.max(this.opProgress, this.opHighWatermark());
    this.commitProgress();
  }

  private addOp(op: OpRecord): void {
    this.ops.push(op);
    this.resolved.set(op.root, (this.resolved.get(op.root) ?? 0) + 1);
  }

  private opHighWatermark(): number {
    return this.services.store.queueBounds(OP_TOPIC, 0)?.highWatermark ?? 0;
  }

  private commitProgress(): void {
    const now = this.services.nowMs();
    const result = this.services.store.consumerOffsets.commit(TRANSACTION_PROGRESS_GROUP, [
      {
        topic: HALF_TOPIC,
        queueId: 0,
        offset: this.halfProgressOffset,
        leaderEpoch: -1,
        metadata: null,
        commitTimestampMs: now,
      },
      {
        topic: OP_TOPIC,
        queueId: 0,
        offset: this.opProgress,
        leaderEpoch: -1,
        metadata: null,
        commitTimestampMs: now,
      },
    ]);
    if (result.status !== 'ok')
      this.log.warn({ reason: result.message }, 'transaction check progress not saved');
  }

  private async load(): Promise<void> {
    const { services, log } = this;
    for (const topic of [HALF_TOPIC, OP_TOPIC]) {
      const failed = await ensureSystemTopic(services, log, topic, 1);
      if (failed !== null)
        throw new BrokerError('BRK_ERR_STORE_IO', `cannot create ${topic}: ${failed.remark ?? ''}`);
    }
    this.releaseActivityCheck ??= services.store.consumerOffsets.addActivityCheck(
      (g) => g === TRANSACTION_PROGRESS_GROUP,
    );
    const offsets = services.store.consumerOffsets;
    const start = (topic: string): number => {
      const low = services.store.queueBounds(topic, 0)?.logStartOffset ?? 0;
      return Math.max(low, offsets.get(TRANSACTION_PROGRESS_GROUP, topic, 0)?.offset ?? 0);
    };
    this.halfProgressOffset = start(HALF_TOPIC);
    this.opProgress = start(OP_TOPIC);
    await this.scan(OP_TOPIC, this.opProgress, (offset, payload) => {
      const root = Number(decodeRocketMessage(payload).message.body.toString('utf8'));
      if (Number.isSafeInteger(root) && root >= 0) this.addOp({ opOffset: offset, root });
    });
    await this.scan(HALF_TOPIC, this.halfProgressOffset, (offset, payload) => {
      const half = decodeHalf(offset, payload);
      if (half !== undefined && half.root !== offset) this.copies.set(half.root, offset);
    });
    log.info(
      { halfProgress: this.halfProgressOffset, opProgress: this.opProgress, pendingOps: this.ops.length },
      'transaction state loaded',
    );
  }

  /** Calls `visit` for every RocketMQ message of queue 0 of `topic` from `from` to the current end. */
  private async scan(
    topic: string,
    from: number,
    visit: (offset: number, payload: Buffer) => void,
  ): Promise<void> {
    const end = this.services.store.queueBounds(topic, 0)?.highWatermark ?? 0;
    let offset = from;
    while (offset < end) {
      const read = await this.services.store.read(topic, 0, offset, {
        maxBytes: READ_BYTES,
        atLeastOne: true,
      });
      if (read.status !== 'ok' || read.entries.length === 0) return;
      for (const entry of read.entries) {
        if (entry.baseOffset < offset || entry.baseOffset >= end) continue;
        if (entry.format === PayloadFormat.RocketMessage) {
          try {
            visit(entry.baseOffset, entry.payload);
          } catch (err) {
            this.log.warn({ err, topic, offset: entry.baseOffset }, 'unreadable transaction record skipped');
          }
        }
      }
      offset = Math.max(offset + 1, read.nextOffset);
    }
  }
}
