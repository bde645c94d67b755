import type { Logger } from '../../logger.js';
import {
  encodeRocketMessage,
  formatProperties,
  RocketMessageField,
  type HostPort,
} from '../../model/index.js';
import { keysOf, PayloadFormat } from '../../store/index.js';
import { bodyCrc, offsetMsgId, PROPERTY_TAGS, tagsCode } from './codec/message-codec.js';
import {
  effectiveDelayLevel,
  PROPERTY_DELAY,
  PROPERTY_REAL_QUEUE_ID,
  PROPERTY_REAL_TOPIC,
  SCHEDULE_TOPIC,
} from './delay-levels.js';
import { mapAppendError, mapDurableError } from './map-store-error.js';
import type { RocketReply } from './processor.js';
import { ResponseCode } from './response-codes.js';
import type { RocketServices } from './services.js';

/** One message to store, before the broker fields (offsets, store time) are known. */
export interface OutgoingMessage {
  topic: string;
  queueId: number;
  flag: number;
  sysFlag: number;
  bornTimestampMs: number;
  bornHost: HostPort;
  reconsumeTimes: number;
  body: Buffer;
  /** Edited in place when the message is redirected to SCHEDULE_TOPIC_XXXX. */
  properties: Map<string, string>;
  /** A committed transactional message: the commit-log offset of its half message; 0 otherwise. */
  preparedTransactionOffset?: bigint;
}

/** Where a stored message landed. */
export interface StoredPosition {
  status: 'ok';
  msgId: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  /** Where the message starts in the CommitLog (its PHYSICALOFFSET; the offset part of msgId). */
  commitLogOffset: number;
}

export type WriteOutcome = StoredPosition | { status: 'error'; reply: RocketReply };

/**
 * Creates a topic that RocketMQ itself needs (%RETRY%, %DLQ%, SCHEDULE_TOPIC_XXXX) when missing, or grows
 * it to `queues`, and re-registers the routes. Returns an error reply or null.
 */
export async function ensureSystemTopic(
  services: RocketServices,
  log: Logger,
  name: string,
  queues: number,
): Promise<RocketReply | null> {
  const existing = services.store.getTopic(name);
  if (existing !== undefined && existing.queueCount >= queues) return null;
  const result =
    existing === undefined
      ? await services.store.createTopic(name, queues, {})
      : await services.store.setQueueCount(name, queues);
  if (result.status !== 'ok' && result.status !== 'topic-exists') {
    const why = 'message' in result ? result.message : result.status;
    return { code: ResponseCode.SYSTEM_ERROR, remark: `cannot create topic ${name}: ${why}` };
  }
  log.info({ topic: name, queues }, 'RocketMQ system topic created');
  services.refreshLocalRoutes();
  return null;
}

/** What appendRocketMessage hands back: the stored position, and when it is durable. */
export type AppendOutcome =
  (StoredPosition & { durable: Promise<void> }) | { status: 'error'; reply: RocketReply };

/**
 * Appends one message synchronously (consecutive calls get consecutive offsets). A message with DELAY > 0
 * goes to SCHEDULE_TOPIC_XXXX queue (level - 1) with its real topic and queue in REAL_TOPIC / REAL_QID and
 * its due time as the queue index tag code (§4.3); the caller has ensured that topic (ensureScheduleTopic).
 */
export function appendRocketMessage(
  services: RocketServices,
  log: Logger,
  msg: OutgoingMessage,
): AppendOutcome {
  let { topic, queueId } = msg;
  const storeTimestampMs = services.nowMs();
  let code = tagsCode(msg.properties.get(PROPERTY_TAGS));
  const levels = services.delayLevelsMs;
  const level = delayLevelOf(services, msg);
  if (level > 0) {
    msg.properties.set(PROPERTY_DELAY, String(level));
    msg.properties.set(PROPERTY_REAL_TOPIC, topic);
    msg.properties.set(PROPERTY_REAL_QUEUE_ID, String(queueId));
    topic = SCHEDULE_TOPIC;
    queueId = level - 1;
    code = storeTimestampMs + (levels[level - 1] ?? 0);
  }
  const bounds = services.store.queueBounds(topic, queueId);
  if (bounds === undefined)
    return { status: 'error', reply: { code: ResponseCode.SYSTEM_ERROR, remark: 'queueId is illegal' } };
  // The store assigns the next offset synchronously inside append(), so it is known here.
  const queueOffset = bounds.highWatermark;
  const payload = encodeRocketMessage(
    {
      queueId,
      flag: msg.flag,
      queueOffset: BigInt(queueOffset),
      physicalOffset: 0n, // the store writes the entry's commit-log offset here (commitLogOffsetAt)
      sysFlag: msg.sysFlag,
      bornTimestampMs: msg.bornTimestampMs,
      bornHost: msg.bornHost,
      storeTimestampMs,
      storeHost: services.broker.storeHost,
      reconsumeTimes: msg.reconsumeTimes,
      preparedTransactionOffset: msg.preparedTransactionOffset ?? 0n,
      body: msg.body,
      topic,
      properties: formatProperties(msg.properties),
    },
    bodyCrc,
  );
  const result = services.store.append({
    topic,
    queueId,
    format: PayloadFormat.RocketMessage,
    payload,
    count: 1,
    maxTimestampMs: msg.bornTimestampMs,
    tagsCode: code,
    commitLogOffsetAt: RocketMessageField.physicalOffset,
    indexKeys: keysOf(msg.properties, msg.sysFlag),
  });
  if (result.status !== 'ok') return { status: 'error', reply: mapAppendError(result) };
  if (result.baseOffset !== queueOffset) {
    log.error({ expected: queueOffset, got: result.baseOffset }, 'queue offset changed during append');
  }
  return {
    status: 'ok',
    msgId: offsetMsgId(services.broker.storeHost, BigInt(result.commitLogOffset)),
    commitLogOffset: result.commitLogOffset,
    topic,
    queueId,
    queueOffset: result.baseOffset,
    durable: result.durable,
  };
}

/** The delay level a message will be scheduled with (0 = none). */
export function delayLevelOf(services: RocketServices, msg: OutgoingMessage): number {
  if (msg.topic === SCHEDULE_TOPIC) return 0;
  return effectiveDelayLevel(msg.properties.get(PROPERTY_DELAY), services.delayLevelsMs.length);
}

/** Makes sure SCHEDULE_TOPIC_XXXX exists with one queue per delay level. */
export const ensureScheduleTopic = (services: RocketServices, log: Logger): Promise<RocketReply | null> =>
  ensureSystemTopic(services, log, SCHEDULE_TOPIC, services.delayLevelsMs.length);

/** Waits until an append is durable; a flush failure becomes a SYSTEM_ERROR reply. */
export async function awaitDurable(log: Logger, durable: Promise<void>): Promise<RocketReply | null> {
  try {
    await durable;
    return null;
  } catch (err) {
    log.error({ err }, 'flush failed');
    return mapDurableError(err);
  }
}

/** Stores one message and waits for it to be durable (see appendRocketMessage). */
export async function writeRocketMessage(
  services: RocketServices,
  log: Logger,
  msg: OutgoingMessage,
): Promise<WriteOutcome> {
  if (delayLevelOf(services, msg) > 0) {
    const failed = await ensureScheduleTopic(services, log);
    if (failed !== null) return { status: 'error', reply: failed };
  }
  const appended = appendRocketMessage(services, log, msg);
  if (appended.status !== 'ok') return appended;
  const failed = await awaitDurable(log, appended.durable);
  if (failed !== null) return { status: 'error', reply: failed };
  const { durable: _durable, ...rest } = appended;
  return rest;
}
