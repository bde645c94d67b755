import {
  encodeRocketMessage,
  formatProperties,
  MAX_TOPIC_BYTES,
  parseProperties,
} from '../../../model/index.js';
import { PayloadFormat, validateTopicName } from '../../../store/index.js';
import {
  bodyCrc,
  hostPortOf,
  messageLocator,
  offsetMsgId,
  PROPERTY_TAGS,
  tagsCode,
} from '../codec/message-codec.js';
import { readSendMessageHeader, type SendMessageHeader } from '../headers/send-message-header.js';
import { mapAppendError } from '../map-store-error.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';

/** The topic whose existence allows producers to create topics on first send. */
export const AUTO_CREATE_TOPIC_KEY_TOPIC = 'TBW102';
/** TBW102's write queues: the most queues an auto-created topic gets. */
export const DEFAULT_TOPIC_QUEUE_NUMS = 8;
const PROPERTY_WAIT = 'WAIT';
const TRANSACTION_PREPARED = 0x4;

async function ensureTopic(ctx: RocketRequestContext, h: SendMessageHeader): Promise<RocketReply | null> {
  const { store } = ctx.services;
  if (store.getTopic(h.topic) !== undefined) return null;
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

async function sendMessage(ctx: RocketRequestContext, v2: boolean): Promise<RocketReply> {
  const { cmd, services } = ctx;
  const h = readSendMessageHeader(cmd.extFields, v2);
  if (h.batch)
    return { code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, remark: 'batch messages are not supported yet' };
  const invalid = validateTopicName(h.topic);
  if (invalid !== undefined) return { code: ResponseCode.SYSTEM_ERROR, remark: invalid };
  if (Buffer.byteLength(h.topic) > MAX_TOPIC_BYTES)
    return { code: ResponseCode.MESSAGE_ILLEGAL, remark: `topic longer than ${MAX_TOPIC_BYTES} bytes` };
  if ((h.sysFlag & 0xc) === TRANSACTION_PREPARED)
    return { code: ResponseCode.NO_PERMISSION, remark: 'transactional messages are not supported yet' };
  const missing = await ensureTopic(ctx, h);
  if (missing !== null) return missing;
  const topic = services.store.getTopic(h.topic);
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
  const properties = parseProperties(h.properties);
  properties.delete(PROPERTY_WAIT);
  const bounds = services.store.queueBounds(h.topic, queueId);
  if (bounds === undefined) return { code: ResponseCode.SYSTEM_ERROR, remark: 'queueId is illegal' };
  // The store assigns the next offset synchronously inside append(), so it is known here.
  const queueOffset = bounds.highWatermark;
  const physicalOffset = messageLocator(h.topic, queueId, queueOffset);
  const storeTimestampMs = services.nowMs();
  const payload = encodeRocketMessage(
    {
      queueId,
      flag: h.flag,
      queueOffset: BigInt(queueOffset),
      physicalOffset,
      sysFlag: h.sysFlag,
      bornTimestampMs: h.bornTimestamp,
      bornHost: hostPortOf(ctx.connection.remoteAddress, ctx.connection.remotePort),
      storeTimestampMs,
      storeHost: services.broker.storeHost,
      reconsumeTimes: h.reconsumeTimes,
      preparedTransactionOffset: 0n,
      body: cmd.body ?? Buffer.alloc(0),
      topic: h.topic,
      properties: formatProperties(properties),
    },
    bodyCrc,
  );
  const result = services.store.append({
    topic: h.topic,
    queueId,
    format: PayloadFormat.RocketMessage,
    payload,
    count: 1,
    maxTimestampMs: h.bornTimestamp,
    tagsCode: tagsCode(properties.get(PROPERTY_TAGS)),
  });
  if (result.status !== 'ok') return mapAppendError(result);
  if (result.baseOffset !== queueOffset) {
    ctx.log.error({ expected: queueOffset, got: result.baseOffset }, 'queue offset changed during append');
  }
  try {
    await result.durable;
  } catch (err) {
    ctx.log.error({ err, topic: h.topic, queueId }, 'flush failed');
    return { code: ResponseCode.SYSTEM_ERROR, remark: 'flush to disk failed' };
  }
  return {
    code: ResponseCode.SUCCESS,
    extFields: {
      msgId: offsetMsgId(services.broker.storeHost, physicalOffset),
      queueId: String(queueId),
      queueOffset: String(result.baseOffset),
      MSG_REGION: 'DefaultRegion',
      TRACE_ON: 'true',
    },
  };
}

/** SEND_MESSAGE (10). */
export const sendMessageProcessor = defineRocketProcessor({
  code: RequestCode.SEND_MESSAGE,
  name: 'SEND_MESSAGE',
  roles: ['broker'],
  process: (ctx) => sendMessage(ctx, false),
});

/** SEND_MESSAGE_V2 (310): the same request with one-letter header names. */
export const sendMessageV2Processor = defineRocketProcessor({
  code: RequestCode.SEND_MESSAGE_V2,
  name: 'SEND_MESSAGE_V2',
  roles: ['broker'],
  process: (ctx) => sendMessage(ctx, true),
});
