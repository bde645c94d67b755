import { parseProperties } from '../../../model/index.js';
import { hostPortOf } from '../codec/message-codec.js';
import { readSendMessageHeader, type SendMessageHeader } from '../headers/send-message-header.js';
import { appendRocketMessage, awaitDurable, type OutgoingMessage } from '../message-writer.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { isRetryTopic } from './retry-topics.js';
import { PROPERTY_WAIT, resolveSendTarget } from './send-target.js';

/** One message of a SEND_BATCH_MESSAGE body (REFERENCE §3.5). */
export interface BatchItem {
  flag: number;
  body: Buffer;
  properties: string;
}

const BATCH_ITEM_FIXED_BYTES = 4 + 4 + 4 + 4 + 4 + 2;

/**
 * Splits a batch body: per message TOTALSIZE(4) MAGIC(4) BODYCRC(4) FLAG(4) BODYLEN(4) body PROPLEN(2)
 * properties. Returns a message for the first malformed item instead of throwing.
 */
export function decodeBatchBody(body: Buffer): BatchItem[] | string {
  const out: BatchItem[] = [];
  let pos = 0;
  while (pos < body.length) {
    if (body.length - pos < BATCH_ITEM_FIXED_BYTES) return `batch item at ${pos} is truncated`;
    const total = body.readInt32BE(pos);
    if (total < BATCH_ITEM_FIXED_BYTES || pos + total > body.length)
      return `batch item at ${pos} has a bad total size ${total}`;
    const flag = body.readInt32BE(pos + 12);
    const bodyLen = body.readInt32BE(pos + 16);
    if (bodyLen < 0 || 20 + bodyLen + 2 > total)
      return `batch item at ${pos} has a bad body length ${bodyLen}`;
    const propLen = body.readUInt16BE(pos + 20 + bodyLen);
    if (20 + bodyLen + 2 + propLen !== total) return `batch item at ${pos}: sizes do not add up`;
    const start = pos + 20;
    out.push({
      flag,
      body: Buffer.from(body.subarray(start, start + bodyLen)),
      properties: body.toString('utf8', start + bodyLen + 2, start + bodyLen + 2 + propLen),
    });
    pos += total;
  }
  return out;
}

/**
 * The batch half of SEND_MESSAGE(_V2) with batch=true, and SEND_BATCH_MESSAGE (320): the messages get
 * consecutive offsets in one queue; msgId is their comma-separated offset msgIds. No delay, no retry topics.
 */
export async function sendBatchMessage(
  ctx: RocketRequestContext,
  header: SendMessageHeader,
): Promise<RocketReply> {
  if (isRetryTopic(header.topic))
    return { code: ResponseCode.MESSAGE_ILLEGAL, remark: 'batch request does not support retry group topic' };
  const items = decodeBatchBody(ctx.cmd.body ?? Buffer.alloc(0));
  if (typeof items === 'string') return { code: ResponseCode.MESSAGE_ILLEGAL, remark: items };
  if (items.length === 0) return { code: ResponseCode.MESSAGE_ILLEGAL, remark: 'empty batch' };
  const h = await resolveSendTarget(ctx, header);
  if ('code' in h) return h;
  const batchProperties = parseProperties(h.properties);
  const bornHost = hostPortOf(ctx.connection.remoteAddress, ctx.connection.remotePort);
  const ids: string[] = [];
  const durables: Promise<void>[] = [];
  let firstOffset = -1;
  for (const item of items) {
    const properties = parseProperties(item.properties);
    for (const [k, v] of batchProperties) if (!properties.has(k)) properties.set(k, v);
    properties.delete(PROPERTY_WAIT);
    properties.delete('DELAY');
    const msg: OutgoingMessage = {
      topic: h.topic,
      queueId: h.queueId,
      flag: item.flag,
      sysFlag: h.sysFlag,
      bornTimestampMs: h.bornTimestamp,
      bornHost,
      reconsumeTimes: h.reconsumeTimes,
      body: item.body,
      properties,
    };
    const appended = appendRocketMessage(ctx.services, ctx.log, msg);
    if (appended.status !== 'ok') return appended.reply;
    if (firstOffset < 0) firstOffset = appended.queueOffset;
    ids.push(appended.msgId);
    durables.push(appended.durable);
  }
  for (const d of durables) {
    const failed = await awaitDurable(ctx.log, d);
    if (failed !== null) return failed;
  }
  return {
    code: ResponseCode.SUCCESS,
    extFields: {
      msgId: ids.join(','),
      queueId: String(h.queueId),
      queueOffset: String(firstOffset),
      MSG_REGION: 'DefaultRegion',
      TRACE_ON: 'true',
    },
  };
}

/** SEND_BATCH_MESSAGE (320): the V2 header with body = concatenated batch items. */
export const sendBatchMessageProcessor = defineRocketProcessor({
  code: RequestCode.SEND_BATCH_MESSAGE,
  name: 'SEND_BATCH_MESSAGE',
  roles: ['broker'],
  process: (ctx) => sendBatchMessage(ctx, readSendMessageHeader(ctx.cmd.extFields, true)),
});
