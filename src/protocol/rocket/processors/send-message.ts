import { parseProperties, type HostPort } from '../../../model/index.js';
import { hostPortOf } from '../codec/message-codec.js';
import { readSendMessageHeader, type SendMessageHeader } from '../headers/send-message-header.js';
import { writeRocketMessage } from '../message-writer.js';
import {
  defineRocketProcessor,
  type ConnectionInfo,
  type RocketReply,
  type RocketRequestContext,
} from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { halfMessageOf, isTransactionalSend } from '../transactions/half-message.js';
import { TRANSACTION_TYPE_MASK } from '../transactions/transaction-topics.js';
import { sendBatchMessage } from './send-batch-message.js';
import { PROPERTY_WAIT, resolveSendTarget } from './send-target.js';

export { AUTO_CREATE_TOPIC_KEY_TOPIC, DEFAULT_TOPIC_QUEUE_NUMS } from './send-target.js';

const isReply = (x: SendMessageHeader | RocketReply): x is RocketReply => 'code' in x;

/** The sender's address as stored in BORNHOST, computed once per connection rather than per message. */
const bornHosts = new WeakMap<ConnectionInfo, HostPort>();
function bornHostOf(connection: ConnectionInfo): HostPort {
  let host = bornHosts.get(connection);
  if (host === undefined) {
    host = hostPortOf(connection.remoteAddress, connection.remotePort);
    bornHosts.set(connection, host);
  }
  return host;
}

async function sendMessage(ctx: RocketRequestContext, v2: boolean): Promise<RocketReply> {
  const { cmd, services } = ctx;
  const header = readSendMessageHeader(cmd.extFields, v2);
  if (header.batch) return sendBatchMessage(ctx, header);
  // A transactional send (TRAN_MSG=true) is validated for its real topic, then stored as a half message.
  const headerProperties = parseProperties(header.properties);
  const transactional = isTransactionalSend(headerProperties, header.sysFlag, header.reconsumeTimes);
  const h = await resolveSendTarget(
    ctx,
    transactional ? { ...header, sysFlag: header.sysFlag & ~TRANSACTION_TYPE_MASK } : header,
  );
  if (isReply(h)) return h;
  const queueId = h.queueId;
  // Parsed once per message unless the target changed them (isTransactionalSend only reads the map).
  const properties = h.properties === header.properties ? headerProperties : parseProperties(h.properties);
  properties.delete(PROPERTY_WAIT);
  const message = {
    topic: h.topic,
    queueId,
    flag: h.flag,
    sysFlag: h.sysFlag,
    bornTimestampMs: h.bornTimestamp,
    bornHost: bornHostOf(ctx.connection),
    reconsumeTimes: h.reconsumeTimes,
    body: cmd.body ?? Buffer.alloc(0),
    properties,
  };
  if (transactional) {
    if (services.transactions === undefined)
      return { code: ResponseCode.NO_PERMISSION, remark: 'transactional messages are not supported' };
    await services.transactions.ensureLoaded();
  }
  const written = await writeRocketMessage(
    services,
    ctx.log,
    transactional ? halfMessageOf({ ...message, producerGroup: h.producerGroup }) : message,
  );
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
