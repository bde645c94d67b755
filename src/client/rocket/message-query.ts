import { RocketClientError } from './client-error.js';
import type { ClientInstance } from './client-instance.js';
import { RequestCode, ResponseCode } from './codes.js';
import { decodeMessages, decodeOffsetMsgId, type MessageExt } from './message.js';
import { responseError } from './remoting-connection.js';

export interface QueryByKeyOptions {
  maxNum?: number;
  /** ms since the epoch; default 0 and now. */
  beginTimestamp?: number;
  endTimestamp?: number;
  /** Look the key up as a UNIQ_KEY (`_UNIQUE_KEY_QUERY=true`) instead of a KEYS token. */
  uniqueKey?: boolean;
}

/**
 * Message look-ups (mqadmin queryMsgByKey / queryMsgById): QUERY_MESSAGE (12) to every master of the
 * topic's route, and VIEW_MESSAGE_BY_ID (33) to the broker encoded in an offset msgId.
 */
export class MessageQuery {
  constructor(private readonly client: ClientInstance) {}

  async queryByKey(topic: string, key: string, options: QueryByKeyOptions = {}): Promise<MessageExt[]> {
    const route = await this.client.route(topic, true);
    const maxNum = options.maxNum ?? 32;
    const out: MessageExt[] = [];
    for (const b of route.brokerDatas) {
      const address = b.brokerAddrs.get(0);
      if (address === undefined) continue;
      const extFields: Record<string, string> = {
        topic,
        key,
        maxNum: String(maxNum),
        beginTimestamp: String(options.beginTimestamp ?? 0),
        endTimestamp: String(options.endTimestamp ?? Date.now()),
      };
      if (options.uniqueKey === true) extFields['_UNIQUE_KEY_QUERY'] = 'true';
      const res = await this.client.pool.invoke(
        address,
        { code: RequestCode.QUERY_MESSAGE, extFields },
        this.client.timeoutMs * 5,
      );
      if (res.code === ResponseCode.QUERY_NOT_FOUND) continue;
      if (res.code !== ResponseCode.SUCCESS) throw responseError(RequestCode.QUERY_MESSAGE, address, res);
      const found = decodeMessages(res.body, b.brokerName).filter((m) =>
        options.uniqueKey === true ? m.msgId === key : m.keys.includes(key),
      );
      out.push(...found);
    }
    return out.slice(0, maxNum);
  }

  /** The message with this offset msgId (the broker's id, `SendResult.offsetMsgId`). */
  async viewById(offsetMsgId: string): Promise<MessageExt> {
    const { address, commitLogOffset } = decodeOffsetMsgId(offsetMsgId);
    const res = await this.client.pool.invoke(
      address,
      { code: RequestCode.VIEW_MESSAGE_BY_ID, extFields: { offset: String(commitLogOffset) } },
      this.client.timeoutMs,
    );
    if (res.code !== ResponseCode.SUCCESS) throw responseError(RequestCode.VIEW_MESSAGE_BY_ID, address, res);
    const [msg] = decodeMessages(res.body, '');
    if (msg === undefined)
      throw new RocketClientError('RMQ_CLIENT_DECODE', 'VIEW_MESSAGE_BY_ID answered no message');
    return msg;
  }
}
