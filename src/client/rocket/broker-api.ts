import { RocketClientError } from './client-error.js';
import type { ClientInstance } from './client-instance.js';
import { PullSysFlag, RequestCode, ResponseCode } from './codes.js';
import { decodeMessages, type MessageExt } from './message.js';
import { responseError } from './remoting-connection.js';
import type { Subscription } from './subscription.js';
import type { MessageQueue } from './topic-route.js';

export type PullStatus = 'FOUND' | 'NO_NEW_MSG' | 'NO_MATCHED_MSG' | 'OFFSET_ILLEGAL';

export interface PullResult {
  status: PullStatus;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  /** Messages of a FOUND pull (after the client-side tag re-check). */
  messages: MessageExt[];
}

export interface PullRequest {
  group: string;
  mq: MessageQueue;
  subscription: Subscription;
  offset: number;
  maxNums: number;
  /** Long poll: the broker holds the request up to this long when nothing is there (0 = no suspend). */
  suspendTimeoutMs: number;
  /** Offset to commit along with the pull (COMMIT_OFFSET flag), or undefined. */
  commitOffset?: number;
  timeoutMs: number;
}

const ext = (fields: Record<string, string>, name: string): number => {
  const v = Number(fields[name]);
  if (!Number.isFinite(v)) throw new RocketClientError('RMQ_CLIENT_DECODE', `response field ${name} missing`);
  return v;
};

const PULL_STATUS: Record<number, PullStatus> = {
  [ResponseCode.SUCCESS]: 'FOUND',
  [ResponseCode.PULL_NOT_FOUND]: 'NO_NEW_MSG',
  [ResponseCode.PULL_RETRY_IMMEDIATELY]: 'NO_MATCHED_MSG',
  [ResponseCode.PULL_OFFSET_MOVED]: 'OFFSET_ILLEGAL',
};

/**
 * The broker requests consumers make (Java's MQClientAPIImpl, consumer side), addressed by broker
 * name through the client's routes. Small on purpose: an orderly consumer adds LOCK/UNLOCK on top.
 */
export class BrokerApi {
  constructor(readonly client: ClientInstance) {}

  private addr(brokerName: string): string {
    return this.client.brokerAddress(brokerName);
  }

  async pull(r: PullRequest): Promise<PullResult> {
    let sysFlag = PullSysFlag.subscription;
    if (r.suspendTimeoutMs > 0) sysFlag |= PullSysFlag.suspend;
    if (r.commitOffset !== undefined && r.commitOffset > 0) sysFlag |= PullSysFlag.commitOffset;
    const address = this.addr(r.mq.brokerName);
    const res = await this.client.pool.invoke(
      address,
      {
        code: RequestCode.PULL_MESSAGE,
        extFields: {
          consumerGroup: r.group,
          topic: r.mq.topic,
          queueId: String(r.mq.queueId),
          queueOffset: String(r.offset),
          maxMsgNums: String(r.maxNums),
          sysFlag: String(sysFlag),
          commitOffset: String(r.commitOffset ?? 0),
          suspendTimeoutMillis: String(r.suspendTimeoutMs),
          subscription: r.subscription.expression,
          subVersion: String(r.subscription.data.subVersion),
          expressionType: r.subscription.expressionType,
        },
      },
      r.timeoutMs,
    );
    const status = PULL_STATUS[res.code];
    if (status === undefined) throw responseError(RequestCode.PULL_MESSAGE, address, res);
    const result: PullResult = {
      status,
      nextBeginOffset: ext(res.extFields, 'nextBeginOffset'),
      minOffset: ext(res.extFields, 'minOffset'),
      maxOffset: ext(res.extFields, 'maxOffset'),
      messages: [],
    };
    if (status === 'FOUND') {
      const tagOk = (m: MessageExt): boolean =>
        r.subscription.tags === null || (m.tags !== undefined && r.subscription.tags.has(m.tags));
      result.messages = decodeMessages(res.body, r.mq.brokerName).filter(tagOk);
      for (const m of result.messages) {
        m.properties['MIN_OFFSET'] = String(result.minOffset);
        m.properties['MAX_OFFSET'] = String(result.maxOffset);
      }
    }
    return result;
  }

  /** The group's committed offset of the queue, or -1 when the broker has none (QUERY_NOT_FOUND). */
  async queryConsumerOffset(group: string, mq: MessageQueue): Promise<number> {
    const res = await this.client.pool.invokeOk(
      this.addr(mq.brokerName),
      {
        code: RequestCode.QUERY_CONSUMER_OFFSET,
        extFields: { consumerGroup: group, topic: mq.topic, queueId: String(mq.queueId) },
      },
      this.client.timeoutMs,
      [ResponseCode.QUERY_NOT_FOUND],
    );
    return res.code === ResponseCode.QUERY_NOT_FOUND ? -1 : ext(res.extFields, 'offset');
  }

  /** UPDATE_CONSUMER_OFFSET, sent oneway as Java clients do. */
  async updateConsumerOffset(group: string, mq: MessageQueue, offset: number): Promise<void> {
    await this.client.pool.invokeOneway(this.addr(mq.brokerName), {
      code: RequestCode.UPDATE_CONSUMER_OFFSET,
      extFields: {
        consumerGroup: group,
        topic: mq.topic,
        queueId: String(mq.queueId),
        commitOffset: String(offset),
      },
    });
  }

  private async queueOffset(
    code: number,
    mq: MessageQueue,
    extra: Record<string, string> = {},
  ): Promise<number> {
    const res = await this.client.pool.invokeOk(
      this.addr(mq.brokerName),
      { code, extFields: { topic: mq.topic, queueId: String(mq.queueId), ...extra } },
      this.client.timeoutMs,
    );
    return ext(res.extFields, 'offset');
  }

  /** The next offset to be written (number of entries). */
  maxOffset(mq: MessageQueue): Promise<number> {
    return this.queueOffset(RequestCode.GET_MAX_OFFSET, mq);
  }

  minOffset(mq: MessageQueue): Promise<number> {
    return this.queueOffset(RequestCode.GET_MIN_OFFSET, mq);
  }

  /** The first offset whose message was stored at or after `timestamp` (ms). */
  searchOffset(mq: MessageQueue, timestamp: number): Promise<number> {
    return this.queueOffset(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, mq, { timestamp: String(timestamp) });
  }

  /** The clientIds of the group's consumers known to this broker (empty when it has none). */
  async consumerIdList(brokerName: string, group: string): Promise<string[]> {
    const res = await this.client.pool.invoke(
      this.addr(brokerName),
      { code: RequestCode.GET_CONSUMER_LIST_BY_GROUP, extFields: { consumerGroup: group } },
      this.client.timeoutMs,
    );
    if (res.code !== ResponseCode.SUCCESS || res.body === null) return [];
    const parsed = JSON.parse(res.body.toString('utf8')) as { consumerIdList?: unknown };
    return Array.isArray(parsed.consumerIdList)
      ? parsed.consumerIdList.filter((c): c is string => typeof c === 'string')
      : [];
  }

  /**
   * CONSUMER_SEND_MSG_BACK (36): the broker re-queues the message in %RETRY%group with delay level
   * `delayLevel` (0 = 3 + reconsumeTimes), or moves it to %DLQ%group past maxReconsumeTimes.
   */
  async sendMessageBack(
    group: string,
    msg: MessageExt,
    delayLevel: number,
    maxReconsumeTimes: number,
  ): Promise<void> {
    await this.client.pool.invokeOk(
      this.addr(msg.brokerName),
      {
        code: RequestCode.CONSUMER_SEND_MSG_BACK,
        extFields: {
          offset: String(msg.commitLogOffset),
          group,
          delayLevel: String(delayLevel),
          originMsgId: msg.msgId,
          originTopic: msg.topic,
          unitMode: 'false',
          maxReconsumeTimes: String(maxReconsumeTimes),
        },
      },
      this.client.timeoutMs,
    );
  }

  /**
   * CHECK_CLIENT_CONFIG (46), which Java consumers send before a non-TAG subscription: throws
   * RMQ_CLIENT_RESPONSE when the broker cannot filter this way (1) or the expression does not parse (23).
   */
  async checkClientConfig(brokerName: string, group: string, subscription: Subscription): Promise<void> {
    await this.client.pool.invokeOk(
      this.addr(brokerName),
      {
        code: RequestCode.CHECK_CLIENT_CONFIG,
        body: Buffer.from(
          JSON.stringify({ clientId: this.client.clientId, group, subscriptionData: subscription.data }),
        ),
      },
      this.client.timeoutMs,
    );
  }

  /** LOCK_BATCH_MQ (41): the subset of `mqs` (all on `brokerName`) the broker locked for this client. */
  async lockBatch(brokerName: string, group: string, mqs: readonly MessageQueue[]): Promise<MessageQueue[]> {
    const res = await this.client.pool.invokeOk(
      this.addr(brokerName),
      {
        code: RequestCode.LOCK_BATCH_MQ,
        body: Buffer.from(
          JSON.stringify({ consumerGroup: group, clientId: this.client.clientId, mqSet: mqs }),
        ),
      },
      this.client.timeoutMs,
    );
    if (res.body === null) return [];
    const parsed = JSON.parse(res.body.toString('utf8')) as { lockOKMQSet?: MessageQueue[] };
    return parsed.lockOKMQSet ?? [];
  }

  /** UNLOCK_BATCH_MQ (42). */
  async unlockBatch(brokerName: string, group: string, mqs: readonly MessageQueue[]): Promise<void> {
    await this.client.pool.invokeOk(
      this.addr(brokerName),
      {
        code: RequestCode.UNLOCK_BATCH_MQ,
        body: Buffer.from(
          JSON.stringify({ consumerGroup: group, clientId: this.client.clientId, mqSet: mqs }),
        ),
      },
      this.client.timeoutMs,
    );
  }
}
