import { ExtFields } from './ext-fields.js';

/** PullSysFlag bits. */
export const PullSysFlag = {
  commitOffset: 0x1,
  suspend: 0x2,
  subscription: 0x4,
  classFilter: 0x8,
} as const;

/** PullMessageRequestHeader. */
export interface PullMessageHeader {
  consumerGroup: string;
  topic: string;
  queueId: number;
  queueOffset: number;
  maxMsgNums: number;
  sysFlag: number;
  commitOffset: number;
  suspendTimeoutMillis: number;
  subscription: string | undefined;
  subVersion: number;
  expressionType: string | undefined;
}

export function readPullMessageHeader(fields: Readonly<Record<string, string>>): PullMessageHeader {
  const h = new ExtFields(fields);
  return {
    consumerGroup: h.string('consumerGroup'),
    topic: h.string('topic'),
    queueId: h.int('queueId'),
    queueOffset: h.long('queueOffset'),
    maxMsgNums: h.int('maxMsgNums'),
    sysFlag: h.int('sysFlag'),
    commitOffset: h.long('commitOffset'),
    suspendTimeoutMillis: h.long('suspendTimeoutMillis'),
    subscription: h.optString('subscription'),
    subVersion: h.long('subVersion'),
    expressionType: h.optString('expressionType'),
  };
}
