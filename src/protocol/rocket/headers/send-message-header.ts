import { ExtFields } from './ext-fields.js';

/** SendMessageRequestHeader; SEND_MESSAGE_V2 carries the same fields under the short names a..n. */
export interface SendMessageHeader {
  producerGroup: string;
  topic: string;
  defaultTopic: string;
  defaultTopicQueueNums: number;
  queueId: number;
  sysFlag: number;
  bornTimestamp: number;
  flag: number;
  properties: string;
  reconsumeTimes: number;
  unitMode: boolean;
  maxReconsumeTimes: number | undefined;
  batch: boolean;
}

const V2_NAMES: Record<string, string> = {
  a: 'producerGroup',
  b: 'topic',
  c: 'defaultTopic',
  d: 'defaultTopicQueueNums',
  e: 'queueId',
  f: 'sysFlag',
  g: 'bornTimestamp',
  h: 'flag',
  i: 'properties',
  j: 'reconsumeTimes',
  k: 'unitMode',
  l: 'maxReconsumeTimes',
  m: 'batch',
  n: 'brokerName',
};

/** Reads the header of SEND_MESSAGE (long names) or SEND_MESSAGE_V2 (short names). */
export function readSendMessageHeader(
  fields: Readonly<Record<string, string>>,
  v2: boolean,
): SendMessageHeader {
  let named = fields;
  if (v2) {
    const long: Record<string, string> = {};
    // for-in, not Object.entries: this runs for every message sent.
    for (const k in fields) long[V2_NAMES[k] ?? k] = fields[k] as string;
    named = long;
  }
  const h = new ExtFields(named);
  return {
    producerGroup: h.string('producerGroup'),
    topic: h.string('topic'),
    defaultTopic: h.string('defaultTopic'),
    defaultTopicQueueNums: h.int('defaultTopicQueueNums'),
    queueId: h.int('queueId'),
    sysFlag: h.int('sysFlag'),
    bornTimestamp: h.long('bornTimestamp'),
    flag: h.int('flag'),
    properties: h.optString('properties') ?? '',
    reconsumeTimes: h.optInt('reconsumeTimes', 0),
    unitMode: h.bool('unitMode'),
    maxReconsumeTimes: h.has('maxReconsumeTimes') ? h.int('maxReconsumeTimes') : undefined,
    batch: h.bool('batch'),
  };
}
