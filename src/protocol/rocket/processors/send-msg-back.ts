import {
  decodeRocketMessage,
  javaStringHash,
  parseProperties,
  type RocketMessageFields,
} from '../../../model/index.js';
import { serveEntry } from '../codec/message-codec.js';
import { PROPERTY_DELAY } from '../delay-levels.js';
import { ExtFields } from '../headers/ext-fields.js';
import { ensureSystemTopic, writeRocketMessage } from '../message-writer.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import type { RocketServices } from '../services.js';
import {
  DEFAULT_MAX_RECONSUME_TIMES,
  dlqTopicOf,
  RETRY_BASE_DELAY_LEVEL,
  retryTopicOf,
} from './retry-topics.js';

export const PROPERTY_RETRY_TOPIC = 'RETRY_TOPIC';
export const PROPERTY_ORIGIN_MESSAGE_ID = 'ORIGIN_MESSAGE_ID';

/** The parts of a message locator (codec/message-codec.ts messageLocator). */
export function splitLocator(locator: number): { topicHash: number; queueId: number; queueOffset: number } {
  const big = BigInt(locator);
  return {
    topicHash: Number((big >> 43n) & 0x3ffn),
    queueId: Number((big >> 35n) & 0xffn),
    queueOffset: Number(big & 0x7ffffffffn),
  };
}

/**
 * Finds a message by the PHYSICALOFFSET the client holds (a locator, not a byte position): the topic is one
 * of the candidates whose hash matches, confirmed by the served message carrying the same locator.
 */
export async function findMessageByLocator(
  services: RocketServices,
  locator: number,
  candidates: readonly string[],
): Promise<RocketMessageFields | undefined> {
  const { topicHash, queueId, queueOffset } = splitLocator(locator);
  for (const topic of new Set(candidates)) {
    if ((javaStringHash(topic) & 0x3ff) !== topicHash || services.store.getTopic(topic) === undefined)
      continue;
    const read = await services.store.read(topic, queueId, queueOffset, { maxBytes: 1, atLeastOne: true });
    if (read.status !== 'ok') continue;
    for (const entry of read.entries) {
      const served = serveEntry(entry, queueOffset, null, {
        topic,
        queueId,
        storeHost: services.broker.storeHost,
        decompressBatch: services.decompressBatch,
        maxDecompressedBytes: services.maxDecompressedBytes,
      }).find((m) => m.queueOffset === queueOffset);
      if (served?.bytes == null) continue;
      const { message } = decodeRocketMessage(served.bytes);
      if (message.physicalOffset === BigInt(locator)) return message;
    }
  }
  return undefined;
}

async function sendMsgBack(ctx: RocketRequestContext): Promise<RocketReply> {
  const { services, log } = ctx;
  const h = new ExtFields(ctx.cmd.extFields);
  const group = h.string('group');
  const locator = h.long('offset');
  const delayLevel = h.int('delayLevel');
  const originTopic = h.optString('originTopic');
  const originMsgId = h.optString('originMsgId');
  const maxReconsumeTimes = h.has('maxReconsumeTimes')
    ? h.int('maxReconsumeTimes')
    : DEFAULT_MAX_RECONSUME_TIMES;
  const candidates = [...(originTopic === undefined ? [] : [originTopic]), retryTopicOf(group)];
  const original = await findMessageByLocator(services, locator, candidates);
  if (original === undefined)
    return { code: ResponseCode.SYSTEM_ERROR, remark: `look message by offset failed, ${locator}` };
  const properties = parseProperties(original.properties);
  if (!properties.has(PROPERTY_RETRY_TOPIC)) properties.set(PROPERTY_RETRY_TOPIC, original.topic);
  if (!properties.has(PROPERTY_ORIGIN_MESSAGE_ID) && originMsgId !== undefined)
    properties.set(PROPERTY_ORIGIN_MESSAGE_ID, originMsgId);
  properties.delete(PROPERTY_DELAY);
  const toDlq = original.reconsumeTimes >= maxReconsumeTimes || delayLevel < 0;
  const topic = toDlq ? dlqTopicOf(group) : retryTopicOf(group);
  if (!toDlq) {
    const level = delayLevel === 0 ? RETRY_BASE_DELAY_LEVEL + original.reconsumeTimes : delayLevel;
    properties.set(PROPERTY_DELAY, String(level));
  }
  const failed = await ensureSystemTopic(services, log, topic, 1);
  if (failed !== null) return failed;
  const written = await writeRocketMessage(services, log, {
    topic,
    queueId: 0,
    flag: original.flag,
    sysFlag: original.sysFlag,
    bornTimestampMs: original.bornTimestampMs,
    bornHost: original.bornHost,
    reconsumeTimes: original.reconsumeTimes + 1,
    body: original.body,
    properties,
  });
  if (written.status !== 'ok') return written.reply;
  log.debug({ group, topic, reconsumeTimes: original.reconsumeTimes + 1 }, 'message sent back');
  return { code: ResponseCode.SUCCESS };
}

/** CONSUMER_SEND_MSG_BACK (36): a failed message goes to %RETRY%<group> (delayed), or %DLQ%<group> (§4.4). */
export const consumerSendMsgBackProcessor = defineRocketProcessor({
  code: RequestCode.CONSUMER_SEND_MSG_BACK,
  name: 'CONSUMER_SEND_MSG_BACK',
  roles: ['broker'],
  process: sendMsgBack,
});
