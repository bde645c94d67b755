import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { isRetryTopic } from './retry-topics.js';

/** Stores a group's next offset for a queue in the store's shared consumer offsets. */
export function commitConsumerOffset(
  ctx: RocketRequestContext,
  group: string,
  topic: string,
  queueId: number,
  offset: number,
): boolean {
  if (offset < 0) return true;
  // A %RETRY% route exists before its topic does (created by the first CONSUMER_SEND_MSG_BACK).
  if (isRetryTopic(topic) && ctx.services.store.getTopic(topic) === undefined) return true;
  const result = ctx.services.store.consumerOffsets.commit(group, [
    { topic, queueId, offset, leaderEpoch: -1, metadata: null, commitTimestampMs: ctx.services.nowMs() },
  ]);
  if (result.status !== 'ok') {
    ctx.log.warn({ group, topic, queueId, reason: result.message }, 'consumer offset commit failed');
    return false;
  }
  return true;
}

/** QUERY_CONSUMER_OFFSET (14): the committed offset; without one, 0 while the queue starts at 0, else 22. */
export const queryConsumerOffsetProcessor = defineRocketProcessor({
  code: RequestCode.QUERY_CONSUMER_OFFSET,
  name: 'QUERY_CONSUMER_OFFSET',
  roles: ['broker'],
  process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const group = h.string('consumerGroup');
    const topic = h.string('topic');
    const queueId = h.int('queueId');
    const committed = services.store.consumerOffsets.get(group, topic, queueId);
    if (committed !== undefined)
      return { code: ResponseCode.SUCCESS, extFields: { offset: String(committed.offset) } };
    const bounds = services.store.queueBounds(topic, queueId);
    if (bounds === undefined ? isRetryTopic(topic) : bounds.logStartOffset <= 0) {
      return { code: ResponseCode.SUCCESS, extFields: { offset: '0' } };
    }
    return {
      code: ResponseCode.QUERY_NOT_FOUND,
      remark: 'Not found, V3_0_6_SNAPSHOT maybe this group consumer boot first',
    };
  },
});

/** UPDATE_CONSUMER_OFFSET (15), usually oneway. */
export const updateConsumerOffsetProcessor = defineRocketProcessor({
  code: RequestCode.UPDATE_CONSUMER_OFFSET,
  name: 'UPDATE_CONSUMER_OFFSET',
  roles: ['broker'],
  process(ctx) {
    const h = new ExtFields(ctx.cmd.extFields);
    const ok = commitConsumerOffset(
      ctx,
      h.string('consumerGroup'),
      h.string('topic'),
      h.int('queueId'),
      h.long('commitOffset'),
    );
    return ok
      ? { code: ResponseCode.SUCCESS }
      : { code: ResponseCode.SYSTEM_ERROR, remark: 'offset commit failed' };
  },
});
