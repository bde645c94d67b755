import { decodeRocketMessage, parseProperties } from '../../model/index.js';
import { parseSubscription } from './client-registry.js';
import type { TagFilter } from './codec/message-codec.js';
import { PullSysFlag, type PullMessageHeader } from './headers/pull-message-header.js';
import type { RocketReply } from './processor.js';
import { ResponseCode } from './response-codes.js';
import type { RocketServices } from './services.js';
import { compileExpression, isTagType, selectorMatches, type CompiledSelector } from './sql92/index.js';

/** How a pull filters: by tag hash in the queue index, and (SQL92) by the message properties. */
export interface PullFilter {
  tags: TagFilter;
  selector: CompiledSelector | null;
}

const ALL: PullFilter = { tags: null, selector: null };

/**
 * The filter of a PULL_MESSAGE (PullMessageProcessor): the subscription in the request when its
 * SUBSCRIPTION flag is set, else the one from the group's heartbeat. SQL92 expressions are compiled
 * (cached); a bad one in the request is SUBSCRIPTION_PARSE_FAILED, a bad one from a heartbeat
 * FILTER_DATA_NOT_EXIST (RocketMQ never registered filter data for it). With `enablePropertyFilter`
 * off, SQL92 is SYSTEM_ERROR as in RocketMQ.
 */
export function pullFilterOf(services: RocketServices, h: PullMessageHeader): PullFilter | RocketReply {
  let type: string | undefined;
  let expression: string;
  let fromRequest: boolean;
  if ((h.sysFlag & PullSysFlag.subscription) !== 0) {
    type = h.expressionType;
    expression = h.subscription ?? '*';
    fromRequest = true;
  } else {
    const sub = services.clients.subscription(h.consumerGroup, h.topic);
    if (sub === undefined)
      return { code: ResponseCode.SUBSCRIPTION_NOT_EXIST, remark: `the consumer's subscription not exist` };
    if (sub.subVersion < h.subVersion)
      return { code: ResponseCode.SUBSCRIPTION_NOT_LATEST, remark: 'the consumer subscription not latest' };
    if (isTagType(sub.expressionType)) return { tags: sub.codes, selector: null };
    type = sub.expressionType;
    expression = sub.subString;
    fromRequest = false;
  }
  if (isTagType(type))
    return { tags: parseSubscription(h.topic, expression, h.subVersion).codes, selector: null };
  const compiled = compileExpression(type, expression);
  if (compiled === null) return ALL;
  if (compiled.status === 'invalid')
    return fromRequest
      ? { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: "parse the consumer's subscription failed" }
      : {
          code: ResponseCode.FILTER_DATA_NOT_EXIST,
          remark: "The broker's consumer filter data is not exist!Your expression may be wrong!",
        };
  if (services.enablePropertyFilter === false)
    return {
      code: ResponseCode.SYSTEM_ERROR,
      remark: `The broker does not support consumer to filter message by ${type ?? ''}`,
    };
  return { tags: null, selector: compiled.selector };
}

export const isPullFilter = (x: PullFilter | RocketReply): x is PullFilter => 'selector' in x;

/**
 * True when a served message (stored-message bytes) passes the filter's SQL92 selector; the tag part was
 * applied when it was served. Properties are those the consumer would see (for Kafka records: headers,
 * KEYS from the key, as README's mapping says). An undecodable message does not match.
 */
export function passesSelector(filter: PullFilter, messageBytes: Buffer): boolean {
  if (filter.selector === null) return true;
  let properties: Map<string, string>;
  try {
    properties = parseProperties(decodeRocketMessage(messageBytes).message.properties);
  } catch {
    return false;
  }
  return selectorMatches(filter.selector, properties);
}
