import { deflateSync } from 'node:zlib';
import { MessageSysFlag } from '../../model/index.js';
import type { RemotingCommand } from '../../protocol/rocket/codec/remoting-command.js';
import { RocketClientError } from './client-error.js';
import { RequestCode, ResponseCode } from './codes.js';
import {
  COMPRESS_OVER_BYTES,
  bodyBuffer,
  encodeProperties,
  messageProperties,
  type Message,
} from './message.js';
import type { RequestSpec } from './remoting-connection.js';
import type { MessageQueue } from './topic-route.js';
import { createUniqueKey } from './unique-key.js';

export type SendStatus = 'SEND_OK' | 'FLUSH_DISK_TIMEOUT' | 'FLUSH_SLAVE_TIMEOUT' | 'SLAVE_NOT_AVAILABLE';

export interface SendResult {
  status: SendStatus;
  /** UNIQ_KEY of the message (comma-separated for a batch). */
  msgId: string;
  /** The broker's offset msgId (comma-separated for a batch). */
  offsetMsgId: string;
  messageQueue: MessageQueue;
  /** Queue offset of the (first) message. */
  queueOffset: number;
  transactionId: string | undefined;
}

export interface SendHeaderOptions {
  producerGroup: string;
  /** Topic whose route is used to auto-create an unknown topic (TBW102). */
  createTopicKey: string;
  defaultTopicQueueNums: number;
  /** Extra sysFlag bits (a transactional producer adds PREPARED 0x4). */
  extraSysFlag?: number;
  reconsumeTimes?: number;
  maxReconsumeTimes?: number;
}

export interface PreparedSend {
  spec: RequestSpec;
  uniqueKey: string;
}

function header(
  topic: string,
  mq: MessageQueue,
  sysFlag: number,
  flag: number,
  properties: string,
  o: SendHeaderOptions,
  batch: boolean,
): Record<string, string> {
  const h: Record<string, string> = {
    a: o.producerGroup,
    b: topic,
    c: o.createTopicKey,
    d: String(o.defaultTopicQueueNums),
    e: String(mq.queueId),
    f: String(sysFlag),
    g: String(Date.now()),
    h: String(flag),
    i: properties,
    j: String(o.reconsumeTimes ?? 0),
    k: 'false',
    m: String(batch),
    n: mq.brokerName,
  };
  if (o.maxReconsumeTimes !== undefined) h['l'] = String(o.maxReconsumeTimes);
  return h;
}

/** SEND_MESSAGE_V2 (310) for one message to one queue: UNIQ_KEY set, bodies over 4 KiB deflated. */
export function prepareSend(msg: Message, mq: MessageQueue, o: SendHeaderOptions): PreparedSend {
  const uniqueKey = createUniqueKey();
  const props = messageProperties(msg, uniqueKey);
  let body = bodyBuffer(msg.body);
  let sysFlag = o.extraSysFlag ?? 0;
  if (body.length > COMPRESS_OVER_BYTES) {
    body = deflateSync(body);
    sysFlag |= MessageSysFlag.compressed;
  }
  return {
    uniqueKey: props.get('UNIQ_KEY') ?? uniqueKey,
    spec: {
      code: RequestCode.SEND_MESSAGE_V2,
      extFields: header(mq.topic, mq, sysFlag, msg.flag ?? 0, encodeProperties(props), o, false),
      body,
    },
  };
}

/**
 * SEND_BATCH_MESSAGE (320): the body is each message as TOTALSIZE, MAGIC 0, BODYCRC 0, FLAG, BODY,
 * PROPERTIES (REFERENCE §3.5). Batch bodies are not compressed; one topic, no delay, no %RETRY%.
 */
export function prepareBatch(msgs: readonly Message[], mq: MessageQueue, o: SendHeaderOptions): PreparedSend {
  if (msgs.length === 0) throw new RocketClientError('RMQ_CLIENT_STATE', 'an empty batch');
  const keys: string[] = [];
  const parts: Buffer[] = [];
  for (const m of msgs) {
    if (m.topic !== mq.topic)
      throw new RocketClientError(
        'RMQ_CLIENT_STATE',
        `a batch holds one topic (${mq.topic}), got ${m.topic}`,
      );
    if (m.delayLevel !== undefined && m.delayLevel > 0)
      throw new RocketClientError('RMQ_CLIENT_STATE', 'batch messages cannot have a delay level');
    if (m.topic.startsWith('%RETRY%'))
      throw new RocketClientError('RMQ_CLIENT_STATE', 'batches cannot be sent to a %RETRY% topic');
    const key = createUniqueKey();
    const props = Buffer.from(encodeProperties(messageProperties(m, key)), 'utf8');
    if (props.length > 32767) throw new RocketClientError('RMQ_CLIENT_STATE', 'properties over 32767 bytes');
    keys.push(key);
    const body = bodyBuffer(m.body);
    const size = 4 + 4 + 4 + 4 + 4 + body.length + 2 + props.length;
    const head = Buffer.alloc(20);
    head.writeInt32BE(size, 0);
    head.writeInt32BE(m.flag ?? 0, 12);
    head.writeInt32BE(body.length, 16);
    const len = Buffer.alloc(2);
    len.writeInt16BE(props.length, 0);
    parts.push(head, body, len, props);
  }
  const batchProps = encodeProperties(new Map([['WAIT', 'true']]));
  return {
    uniqueKey: keys.join(','),
    spec: {
      code: RequestCode.SEND_BATCH_MESSAGE,
      extFields: header(mq.topic, mq, o.extraSysFlag ?? 0, 0, batchProps, o, true),
      body: Buffer.concat(parts),
    },
  };
}

const STORED_WITH_WARNING: Record<number, SendStatus> = {
  [ResponseCode.FLUSH_DISK_TIMEOUT]: 'FLUSH_DISK_TIMEOUT',
  [ResponseCode.FLUSH_SLAVE_TIMEOUT]: 'FLUSH_SLAVE_TIMEOUT',
  [ResponseCode.SLAVE_NOT_AVAILABLE]: 'SLAVE_NOT_AVAILABLE',
};

/** A send response → SendResult; null when the code says the message was not stored. */
export function sendResultOf(res: RemotingCommand, mq: MessageQueue, uniqueKey: string): SendResult | null {
  const status: SendStatus | undefined =
    res.code === ResponseCode.SUCCESS ? 'SEND_OK' : STORED_WITH_WARNING[res.code];
  if (status === undefined) return null;
  const queueId = Number(res.extFields['queueId'] ?? mq.queueId);
  return {
    status,
    msgId: uniqueKey,
    offsetMsgId: res.extFields['msgId'] ?? '',
    messageQueue: { ...mq, queueId: Number.isInteger(queueId) ? queueId : mq.queueId },
    queueOffset: Number(res.extFields['queueOffset'] ?? -1),
    transactionId: res.extFields['transactionId'],
  };
}
