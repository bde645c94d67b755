import type { Logger } from '../../../logger.js';
import { encodeRocketMessage, formatProperties } from '../../../model/index.js';
import { PayloadFormat } from '../../../store/index.js';
import { bodyCrc } from '../codec/message-codec.js';
import { PROPERTY_REAL_QUEUE_ID, PROPERTY_REAL_TOPIC } from '../delay-levels.js';
import { ensureSystemTopic, writeRocketMessage } from '../message-writer.js';
import { RequestCode } from '../request-codes.js';
import type { RocketServices } from '../services.js';
import {
  decodeHalf,
  halfCopyOf,
  movedHalfOf,
  physicalOffsetOfMsgId,
  type StoredHalfMessage,
} from './half-message.js';
import type { TransactionLog } from './transaction-log.js';
import {
  CHECK_MAX_TIME_TOPIC,
  HALF_TOPIC,
  PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS,
  PROPERTY_PRODUCER_GROUP,
  PROPERTY_TRANSACTION_CHECK_TIMES,
  PROPERTY_UNIQ_KEY,
} from './transaction-topics.js';

export interface TransactionCheckOptions {
  /** How often a check pass runs (transactionCheckInterval); the first runs one interval after start. */
  intervalMs: number;
  /** A half message younger than this is not checked yet (transactionTimeOut). */
  timeoutMs: number;
  /** Checks before a half message is discarded to TRANS_CHECK_MAX_TIME_TOPIC (transactionCheckMax). */
  checkMax: number;
}

/** What one pass did (for logs and tests). */
export interface CheckPassResult {
  checked: number;
  discarded: number;
  resolved: number;
  /** Half messages within their own CHECK_IMMUNITY_TIME_IN_SECONDS, moved to the end of the queue. */
  deferred: number;
  /** Checks that found no live producer connection of the group. */
  noProducer: number;
}

const READ_BYTES = 256 * 1024;
/** A pass stops after this long and continues next time (RocketMQ MAX_PROCESS_TIME_LIMIT). */
const MAX_PASS_MS = 60_000;

/**
 * The transaction check service (TransactionalMessageServiceImpl.check): walks the half queue from its
 * progress. A resolved half message is passed; one checked transactionCheckMax times is moved to
 * TRANS_CHECK_MAX_TIME_TOPIC; one younger than the timeout (or its CHECK_IMMUNITY_TIME_IN_SECONDS) ends
 * the pass; any other is re-appended with TRANSACTION_CHECK_TIMES + 1 and that copy is sent in a
 * CHECK_TRANSACTION_STATE (39, oneway) to one live connection of its producer group, which answers with
 * END_TRANSACTION naming the copy.
 */
export class TransactionChecker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private nextProducer = 0;

  constructor(
    private readonly services: RocketServices,
    private readonly transactions: TransactionLog,
    private readonly options: TransactionCheckOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.checkOnce()
        .then((r) => {
          if (r.checked + r.discarded > 0) this.log.info(r, 'transaction check pass');
        })
        .catch((err: unknown) => this.log.error({ err }, 'transaction check failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the half queue (exposed for tests). */
  async checkOnce(): Promise<CheckPassResult> {
    const result: CheckPassResult = { checked: 0, discarded: 0, resolved: 0, deferred: 0, noProducer: 0 };
    const tx = this.transactions;
    const { store } = this.services;
    // No transactional message was ever sent: nothing to check, and no system topics to create.
    if (store.getTopic(HALF_TOPIC) === undefined) return result;
    await tx.ensureLoaded();
    const startMs = this.services.nowMs();
    const end = store.queueBounds(HALF_TOPIC, 0)?.highWatermark ?? 0;
    let offset = Math.max(tx.halfProgress, store.queueBounds(HALF_TOPIC, 0)?.logStartOffset ?? 0);
    scan: while (offset < end) {
      const read = await store.read(HALF_TOPIC, 0, offset, { maxBytes: READ_BYTES, atLeastOne: true });
      if (read.status === 'offset-out-of-range') {
        offset = read.logStartOffset;
        continue;
      }
      if (read.status !== 'ok' || read.entries.length === 0) break;
      for (const entry of read.entries) {
        if (entry.baseOffset < offset) continue;
        if (entry.baseOffset >= end || this.services.nowMs() - startMs > MAX_PASS_MS) break scan;
        const half =
          entry.format === PayloadFormat.RocketMessage
            ? decodeHalf(entry.baseOffset, entry.payload)
            : undefined;
        if (half !== undefined) {
          const decision = await this.visit(half, startMs);
          if (decision === 'stop') break scan;
          result[decision] += 1;
        }
        offset = entry.baseOffset + entry.count;
      }
      offset = Math.max(offset, read.nextOffset);
    }
    tx.advance(offset);
    return result;
  }

  private async visit(
    half: StoredHalfMessage,
    startMs: number,
  ): Promise<'resolved' | 'discarded' | 'deferred' | 'checked' | 'noProducer' | 'stop'> {
    const tx = this.transactions;
    if (tx.isResolved(half.root)) return 'resolved';
    const timesText = half.properties.get(PROPERTY_TRANSACTION_CHECK_TIMES);
    const times = timesText === undefined ? 0 : Number.parseInt(timesText, 10) || 0;
    if (timesText !== undefined && times >= this.options.checkMax) {
      return (await this.discard(half)) ? 'discarded' : 'stop';
    }
    if (half.message.storeTimestampMs >= startMs) return 'stop';
    const age = this.services.nowMs() - half.message.bornTimestampMs;
    const immunityText = half.properties.get(PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
    const immunitySeconds = immunityText === undefined ? NaN : Number.parseInt(immunityText, 10);
    const immunityMs =
      Number.isFinite(immunitySeconds) && immunitySeconds !== -1
        ? immunitySeconds * 1000
        : this.options.timeoutMs;
    if (age >= 0 && age < immunityMs) {
      if (immunityText === undefined) return 'stop';
      // A message with its own immunity is moved to the end of the queue instead of holding the others back.
      const copied = tx.appendCopy(half.root, halfCopyOf(half, new Map(half.properties)));
      return copied.status === 'ok' ? 'deferred' : 'stop';
    }
    // Re-append with one more check, then ask the producer about that copy. The re-check of the tx state
    // just before the append is synchronous with it, so an END_TRANSACTION that raced us is seen.
    if (tx.isResolved(half.root)) return 'resolved';
    const properties = new Map(half.properties);
    properties.set(PROPERTY_TRANSACTION_CHECK_TIMES, String(times + 1));
    const copyMessage = halfCopyOf(half, properties);
    const copy = tx.appendCopy(half.root, copyMessage);
    if (copy.status !== 'ok') {
      this.log.error({ remark: copy.reply.remark }, 'half message could not be re-appended for a check');
      return 'stop';
    }
    const group = half.properties.get(PROPERTY_PRODUCER_GROUP) ?? '';
    const producers = this.services.clients.producerConnections(group);
    const producer = producers[this.nextProducer++ % Math.max(1, producers.length)];
    if (producer === undefined) {
      this.log.warn(
        { group, halfOffset: copy.queueOffset },
        'transaction check skipped: no producer of the group is connected',
      );
      return 'noProducer';
    }
    const physicalOffset = physicalOffsetOfMsgId(copy.msgId);
    const uniqKey = properties.get(PROPERTY_UNIQ_KEY);
    const header: Record<string, string> = {
      tranStateTableOffset: String(copy.queueOffset),
      commitLogOffset: String(physicalOffset),
      offsetMsgId: copy.msgId,
    };
    if (uniqKey !== undefined) {
      header['msgId'] = uniqKey;
      header['transactionId'] = uniqKey;
    }
    // The body is the copy as stored, with the real topic and queue (AbstractTransactionalMessageCheckListener).
    const realQueueId = Number(properties.get(PROPERTY_REAL_QUEUE_ID) ?? '0');
    const body = encodeRocketMessage(
      {
        queueId: Number.isInteger(realQueueId) ? realQueueId : 0,
        flag: copyMessage.flag,
        queueOffset: BigInt(copy.queueOffset),
        physicalOffset,
        sysFlag: copyMessage.sysFlag,
        bornTimestampMs: copyMessage.bornTimestampMs,
        bornHost: copyMessage.bornHost,
        storeTimestampMs: this.services.nowMs(),
        storeHost: this.services.broker.storeHost,
        reconsumeTimes: copyMessage.reconsumeTimes,
        preparedTransactionOffset: 0n,
        body: copyMessage.body,
        topic: properties.get(PROPERTY_REAL_TOPIC) ?? HALF_TOPIC,
        properties: formatProperties(properties),
      },
      bodyCrc,
    );
    const sent = producer.sendRequest(RequestCode.CHECK_TRANSACTION_STATE, header, body, { oneway: true });
    if (!sent) return 'noProducer';
    this.log.debug({ group, halfOffset: copy.queueOffset, times: times + 1 }, 'transaction state check sent');
    return 'checked';
  }

  /** Moves a half message checked too often to TRANS_CHECK_MAX_TIME_TOPIC (DefaultTransactionalMessageCheckListener). */
  private async discard(half: StoredHalfMessage): Promise<boolean> {
    const failed = await ensureSystemTopic(this.services, this.log, CHECK_MAX_TIME_TOPIC, 1);
    if (failed !== null) return false;
    const written = await writeRocketMessage(
      this.services,
      this.log,
      movedHalfOf(half, CHECK_MAX_TIME_TOPIC, 0, new Map(half.properties)),
    );
    if (written.status !== 'ok') {
      this.log.error({ remark: written.reply.remark }, 'half message could not be discarded');
      return false;
    }
    this.log.warn(
      {
        halfOffset: half.queueOffset,
        topic: half.properties.get(PROPERTY_REAL_TOPIC),
        checkMax: this.options.checkMax,
      },
      'half message checked too many times: moved to TRANS_CHECK_MAX_TIME_TOPIC',
    );
    return true;
  }
}
