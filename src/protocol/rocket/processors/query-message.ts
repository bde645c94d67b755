import { ExtFields } from '../headers/ext-fields.js';
import { findMessageAt, messageOfEntry } from '../message-lookup.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';

/** RocketMQ's maxMsgsNumBatch: the most messages one QUERY_MESSAGE returns. */
export const MAX_QUERY_MESSAGES = 64;
/** RocketMQ's defaultQueryMaxNum: what a unique-key query asks for, whatever maxNum says. */
export const DEFAULT_QUERY_MAX_NUM = 32;
/** The extField that marks a lookup by UNIQ_KEY (MixAll.UNIQUE_MSG_QUERY_FLAG). */
export const UNIQUE_KEY_QUERY_FLAG = '_UNIQUE_KEY_QUERY';

async function queryMessage(ctx: RocketRequestContext): Promise<RocketReply> {
  const h = new ExtFields(ctx.cmd.extFields);
  const topic = h.string('topic');
  const key = h.string('key');
  let maxNum = h.int('maxNum');
  const beginTimestamp = h.long('beginTimestamp');
  const endTimestamp = h.long('endTimestamp');
  if (h.bool(UNIQUE_KEY_QUERY_FLAG)) maxNum = DEFAULT_QUERY_MAX_NUM;
  const { services } = ctx;
  const result = await services.store.queryByKey(topic, key, {
    maxCount: Math.max(0, Math.min(maxNum, MAX_QUERY_MESSAGES)),
    beginTimestampMs: beginTimestamp,
    endTimestampMs: endTimestamp,
  });
  const extFields = {
    indexLastUpdateTimestamp: String(result.indexLastUpdateTimestampMs),
    indexLastUpdatePhyoffset: String(result.indexLastUpdatePosition),
  };
  const body: Buffer[] = [];
  for (const m of result.matches) {
    const found = messageOfEntry(services, m.topic, m.queueId, m.entry, m.commitLogOffset);
    if (found !== undefined) body.push(found.bytes);
  }
  if (body.length === 0) {
    return {
      code: ResponseCode.QUERY_NOT_FOUND,
      remark: 'can not find message, maybe time range not correct',
      extFields,
    };
  }
  return { code: ResponseCode.SUCCESS, extFields, body };
}

async function viewMessageById(ctx: RocketRequestContext): Promise<RocketReply> {
  const offset = new ExtFields(ctx.cmd.extFields).long('offset');
  const found = await findMessageAt(ctx.services, offset);
  if (found === undefined)
    return { code: ResponseCode.SYSTEM_ERROR, remark: `can not find message by the offset, ${offset}` };
  return { code: ResponseCode.SUCCESS, body: found.bytes };
}

/**
 * QUERY_MESSAGE (12): messages of a topic by key (a KEYS token, or UNIQ_KEY with `_UNIQUE_KEY_QUERY`)
 * within store timestamps [beginTimestamp, endTimestamp], newest first, from the store's key index.
 */
export const queryMessageProcessor = defineRocketProcessor({
  code: RequestCode.QUERY_MESSAGE,
  name: 'QUERY_MESSAGE',
  roles: ['broker'],
  process: queryMessage,
});

/** VIEW_MESSAGE_BY_ID (33): the message at a commit-log offset (the offset part of an offset msgId). */
export const viewMessageByIdProcessor = defineRocketProcessor({
  code: RequestCode.VIEW_MESSAGE_BY_ID,
  name: 'VIEW_MESSAGE_BY_ID',
  roles: ['broker'],
  process: viewMessageById,
});
