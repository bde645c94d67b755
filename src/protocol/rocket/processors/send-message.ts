import { parseProperties } from '../../../model/index.js';
import { hostPortOf } from '../codec/message-codec.js';
import { readSendMessageHeader, type SendMessageHeader } from '../headers/send-message-header.js';
import { writeRocketMessage } from '../message-writer.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { sendBatchMessage } from './send-batch-message.js';
import { PROPERTY_WAIT, resolveSendTarget } from './send-target.js';

export { AUTO_CREATE_TOPIC_KEY_TOPIC, DEFAULT_TOPIC_QUEUE_NUMS } from './send-target.js';

const isReply = (x: SendMessageHeader | RocketReply): x is RocketReply => 'code' in x;

async function sendMessage(ctx: RocketRequestContext, v2: boolean): Promise<RocketReply> {
  const { cmd, services } = ctx;
  const header = readSendMessageHeader(cmd.extFields, v2);
  if (header.batch) return sendBatchMessage(ctx, header);
  const h = await resolveSendTarget(ctx, header);
  if (isReply(h)) return h;
  const queueId = h.queueId;
  const properties = parseProperties(h.properties);
  properties.delete(PROPERTY_WAIT);
  const written = await writeRocketMessage(services, ctx.log, {
    topic: h.topic,
    queueId,
    flag: h.flag,
    sysFlag: h.sysFlag,
    bornTimestampMs: h.bornTimestamp,
    bornHost: hostPortOf(ctx.connection.remoteAddress, ctx.connection.remotePort),
    reconsumeTimes: h.reconsumeTimes,
    body: cmd.body ?? Buffer.alloc(0),
    properties,
  });
  if (written.status !== 'ok') return written.reply;
  return {
    code: ResponseCode.SUCCESS,
    extFields: {
      msgId: written.msgId,
      queueId: String(queueId),
      queueOffset: String(written.queueOffset),
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
