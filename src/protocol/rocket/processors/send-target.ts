import { MAX_TOPIC_BYTES } from '../../../model/index.js';
import { validateStoreTopicName } from '../../../store/index.js';
import type { SendMessageHeader } from '../headers/send-message-header.js';
import { ensureSystemTopic } from '../message-writer.js';
import type { RocketReply, RocketRequestContext } from '../processor.js';
import { ResponseCode } from '../response-codes.js';
import {
  DEFAULT_MAX_RECONSUME_TIMES,
  dlqTopicOf,
  isRetryTopic,
  RETRY_GROUP_TOPIC_PREFIX,
} from './retry-topics.js';

/** The topic whose existence allows producers to create topics on first send. */
export const AUTO_CREATE_TOPIC_KEY_TOPIC = 'TBW102';
/** TBW102's write queues: the most queues an auto-created topic gets. */
export const DEFAULT_TOPIC_QUEUE_NUMS = 8;
export const PROPERTY_WAIT = 'WAIT';
const TRANSACTION_PREPARED = 0x4;

async function ensureTopic(ctx: RocketRequestContext, h: SendMessageHeader): Promise<RocketReply | null> {
  const { store } = ctx.services;
  if (store.getTopic(h.topic) !== undefined) return null;
  if (isRetryTopic(h.topic)) return ensureSystemTopic(ctx.services, ctx.log, h.topic, 1);
  if (!ctx.services.autoCreateTopics || h.defaultTopic !== AUTO_CREATE_TOPIC_KEY_TOPIC) {
    return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${h.topic}] not exist, apply first please!` };
  }
  const queues = Math.max(1, Math.min(h.defaultTopicQueueNums, DEFAULT_TOPIC_QUEUE_NUMS));
  const created = await store.createTopic(h.topic, queues, {});
  if (created.status !== 'ok' && created.status !== 'topic-exists') {
    const remark = 'message' in created ? created.message : created.status;
    return { code: ResponseCode.SYSTEM_ERROR, remark: `cannot create topic ${h.topic}: ${remark}` };
  }
  ctx.log.info({ topic: h.topic, queues }, 'topic auto-created by a RocketMQ producer');
  ctx.services.refreshLocalRoutes();
  return null;
}

/**
 * Validates a send and picks its queue: the header's, or a random one when it is negative. A send to a
 * %RETRY% topic past its maxReconsumeTimes goes to the group's %DLQ% topic (REFERENCE §4.4). Returns the
 * (possibly rewritten) header, or an error reply.
 */
export async function resolveSendTarget(
  ctx: RocketRequestContext,
  header: SendMessageHeader,
): Promise<SendMessageHeader | RocketReply> {
  let h = header;
  const invalid = validateStoreTopicName(h.topic);
  if (invalid !== undefined) return { code: ResponseCode.SYSTEM_ERROR, remark: invalid };
  if (Buffer.byteLength(h.topic) > MAX_TOPIC_BYTES)
    return { code: ResponseCode.MESSAGE_ILLEGAL, remark: `topic longer than ${MAX_TOPIC_BYTES} bytes` };
  if ((h.sysFlag & 0xc) === TRANSACTION_PREPARED)
    return { code: ResponseCode.NO_PERMISSION, remark: 'transactional messages are not supported yet' };
  if (isRetryTopic(h.topic) && h.reconsumeTimes >= (h.maxReconsumeTimes ?? DEFAULT_MAX_RECONSUME_TIMES)) {
    const dlq = dlqTopicOf(h.topic.slice(RETRY_GROUP_TOPIC_PREFIX.length));
    const failed = await ensureSystemTopic(ctx.services, ctx.log, dlq, 1);
    if (failed !== null) return failed;
    h = { ...h, topic: dlq, queueId: 0 };
  }
  const missing = await ensureTopic(ctx, h);
  if (missing !== null) return missing;
  const topic = ctx.services.store.getTopic(h.topic);
  if (topic === undefined)
    return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${h.topic}] not exist` };
  let queueId = h.queueId;
  if (queueId < 0) queueId = Math.floor(Math.random() * topic.queueCount);
  if (queueId >= topic.queueCount) {
    return {
      code: ResponseCode.SYSTEM_ERROR,
      remark: `request queueId[${queueId}] is illegal, topic has ${topic.queueCount} write queues`,
    };
  }
  return { ...h, queueId };
}
