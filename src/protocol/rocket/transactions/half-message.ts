import { decodeRocketMessage, parseProperties, type RocketMessageFields } from '../../../model/index.js';
import { PayloadFormat } from '../../../store/index.js';
import { PROPERTY_DELAY, PROPERTY_REAL_QUEUE_ID, PROPERTY_REAL_TOPIC } from '../delay-levels.js';
import type { OutgoingMessage } from '../message-writer.js';
import type { RocketServices } from '../services.js';
import {
  HALF_TOPIC,
  PROPERTY_PRODUCER_GROUP,
  PROPERTY_TRANSACTION_PREPARED,
  PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET,
  TRANSACTION_TYPE_MASK,
  TransactionType,
} from './transaction-topics.js';

/**
 * A SEND starts a transaction when its TRAN_MSG property is "true" (or its sysFlag says PREPARED), unless
 * it is a redelivery with a delay level (RocketMQ SendMessageProcessor).
 */
export function isTransactionalSend(
  properties: ReadonlyMap<string, string>,
  sysFlag: number,
  reconsumeTimes: number,
): boolean {
  const prepared =
    properties.get(PROPERTY_TRANSACTION_PREPARED)?.toLowerCase() === 'true' ||
    (sysFlag & TRANSACTION_TYPE_MASK) === TransactionType.PREPARED;
  const delayed = Number.parseInt(properties.get(PROPERTY_DELAY) ?? '0', 10) > 0;
  return prepared && !(reconsumeTimes > 0 && delayed);
}

export interface HalfSend extends Omit<OutgoingMessage, 'preparedTransactionOffset'> {
  producerGroup: string;
}

/**
 * The half message for a transactional send (TransactionalMessageBridge.parseHalfMessageInner): the real
 * topic and queue go to REAL_TOPIC / REAL_QID, the transaction bits are reset, and it is stored in
 * RMQ_SYS_TRANS_HALF_TOPIC queue 0, where no consumer subscribes. A delay level is dropped, as clients do.
 */
export function halfMessageOf(send: HalfSend): OutgoingMessage {
  const properties = send.properties;
  properties.set(PROPERTY_REAL_TOPIC, send.topic);
  properties.set(PROPERTY_REAL_QUEUE_ID, String(send.queueId));
  if (!properties.has(PROPERTY_PRODUCER_GROUP)) properties.set(PROPERTY_PRODUCER_GROUP, send.producerGroup);
  properties.delete(PROPERTY_DELAY);
  return {
    topic: HALF_TOPIC,
    queueId: 0,
    flag: send.flag,
    sysFlag: send.sysFlag & ~TRANSACTION_TYPE_MASK,
    bornTimestampMs: send.bornTimestampMs,
    bornHost: send.bornHost,
    reconsumeTimes: send.reconsumeTimes,
    body: send.body,
    properties,
  };
}

/** A half message read back from the half queue. */
export interface StoredHalfMessage {
  queueOffset: number;
  message: RocketMessageFields;
  properties: Map<string, string>;
  /**
   * The queue offset of the first half message of this transaction: the message's own offset, or, for a
   * copy re-appended by the checker, the offset it carries. Op records name this offset.
   */
  root: number;
}

export function rootOf(queueOffset: number, properties: ReadonlyMap<string, string>): number {
  const v = properties.get(PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET);
  const n = v === undefined ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 0 && n <= queueOffset ? n : queueOffset;
}

/** Decodes one stored half-queue payload; undefined when it is not a readable RocketMQ message. */
export function decodeHalf(queueOffset: number, payload: Buffer): StoredHalfMessage | undefined {
  let message: RocketMessageFields;
  try {
    message = decodeRocketMessage(payload).message;
  } catch {
    return undefined;
  }
  const properties = parseProperties(message.properties);
  return { queueOffset, message, properties, root: rootOf(queueOffset, properties) };
}

/** Reads the half message at a queue offset of RMQ_SYS_TRANS_HALF_TOPIC queue 0. */
export async function readHalfMessage(
  services: RocketServices,
  queueOffset: number,
): Promise<StoredHalfMessage | undefined> {
  if (!Number.isSafeInteger(queueOffset) || queueOffset < 0) return undefined;
  const read = await services.store.read(HALF_TOPIC, 0, queueOffset, { maxBytes: 1, atLeastOne: true });
  if (read.status !== 'ok') return undefined;
  const entry = read.entries.find((e) => e.baseOffset === queueOffset);
  if (entry === undefined || entry.format !== PayloadFormat.RocketMessage) return undefined;
  return decodeHalf(queueOffset, entry.payload);
}

/**
 * The message a commit stores (EndTransactionProcessor.endMessageTransaction): real topic and queue, the
 * COMMIT transaction type, the half message's commit-log offset as preparedTransactionOffset, and its
 * properties without REAL_TOPIC, REAL_QID and TRAN_MSG.
 */
export function committedMessageOf(
  half: StoredHalfMessage,
  commitLogOffset: bigint,
): OutgoingMessage | string {
  const topic = half.properties.get(PROPERTY_REAL_TOPIC);
  const queueId = Number(half.properties.get(PROPERTY_REAL_QUEUE_ID));
  if (topic === undefined || !Number.isInteger(queueId) || queueId < 0)
    return 'the half message has no REAL_TOPIC / REAL_QID';
  const properties = new Map(half.properties);
  properties.delete(PROPERTY_REAL_TOPIC);
  properties.delete(PROPERTY_REAL_QUEUE_ID);
  properties.delete(PROPERTY_TRANSACTION_PREPARED);
  return {
    ...movedHalfOf(half, topic, queueId, properties),
    sysFlag: (half.message.sysFlag & ~TRANSACTION_TYPE_MASK) | TransactionType.COMMIT,
    preparedTransactionOffset: commitLogOffset,
  };
}

/** A copy of a half message for the end of the half queue (the checker's renewHalfMessageInner). */
export function halfCopyOf(half: StoredHalfMessage, properties: Map<string, string>): OutgoingMessage {
  properties.set(PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET, String(half.root));
  return movedHalfOf(half, HALF_TOPIC, 0, properties);
}

/**
 * A stored half message to write to another topic and queue, with its own flag, sysFlag, born fields,
 * reconsume count and body, and the given properties.
 */
export function movedHalfOf(
  half: StoredHalfMessage,
  topic: string,
  queueId: number,
  properties: Map<string, string>,
): OutgoingMessage {
  const m = half.message;
  return {
    topic,
    queueId,
    flag: m.flag,
    sysFlag: m.sysFlag,
    bornTimestampMs: m.bornTimestampMs,
    bornHost: m.bornHost,
    reconsumeTimes: m.reconsumeTimes,
    body: m.body,
    properties,
  };
}

/** The commit-log offset inside an offset msgId (its last 16 hex digits). */
export function physicalOffsetOfMsgId(msgId: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${msgId.slice(-16)}`));
}
