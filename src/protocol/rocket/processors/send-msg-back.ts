import { decodeRocketMessage, parseProperties, type RocketMessageFields } from '../../../model/index.js';
import { PROPERTY_DELAY } from '../delay-levels.js';
import { ExtFields } from '../headers/ext-fields.js';
import { findMessageAt } from '../message-lookup.js';
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

/** The message a consumer sends back, found by its PHYSICALOFFSET (the commit-log offset). */
export async function findMessageByOffset(
  services: RocketServices,
  commitLogOffset: number,
): Promise<RocketMessageFields | undefined> {
  const found = await findMessageAt(services, commitLogOffset);
  return found === undefined ? undefined : decodeRocketMessage(found.bytes).message;
}

async function sendMsgBack(ctx: RocketRequestContext): Promise<RocketReply> {
  const { services, log } = ctx;
  const h = new ExtFields(ctx.cmd.extFields);
  const group = h.string('group');
  const commitLogOffset = h.long('offset');
  const delayLevel = h.int('delayLevel');
  const originMsgId = h.optString('originMsgId');
  // Without the field, the group's retryMaxTimes (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP) decides.
  const maxReconsumeTimes = h.has('maxReconsumeTimes')
    ? h.int('maxReconsumeTimes')
    : (services.admin?.subscriptionGroups.get(group)?.retryMaxTimes ?? DEFAULT_MAX_RECONSUME_TIMES);
  const original = await findMessageByOffset(services, commitLogOffset);
  if (original === undefined)
    return { code: ResponseCode.SYSTEM_ERROR, remark: `look message by offset failed, ${commitLogOffset}` };
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
