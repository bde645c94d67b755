import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';

/** GET_MAX_OFFSET (30): the next offset to be written (0 for a missing queue, as RocketMQ answers). */
export const getMaxOffsetProcessor = defineRocketProcessor({
  code: RequestCode.GET_MAX_OFFSET,
  name: 'GET_MAX_OFFSET',
  roles: ['broker'],
  process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const bounds = services.store.queueBounds(h.string('topic'), h.int('queueId'));
    return { code: ResponseCode.SUCCESS, extFields: { offset: String(bounds?.highWatermark ?? 0) } };
  },
});

/** GET_MIN_OFFSET (31): the first readable offset. */
export const getMinOffsetProcessor = defineRocketProcessor({
  code: RequestCode.GET_MIN_OFFSET,
  name: 'GET_MIN_OFFSET',
  roles: ['broker'],
  process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const bounds = services.store.queueBounds(h.string('topic'), h.int('queueId'));
    return { code: ResponseCode.SUCCESS, extFields: { offset: String(bounds?.logStartOffset ?? 0) } };
  },
});

/**
 * SEARCH_OFFSET_BY_TIMESTAMP (29): the first offset whose timestamp is >= the given one; the queue's end
 * when every message is older. Timestamps are the producers' (RocketMQ uses store time).
 */
export const searchOffsetByTimestampProcessor = defineRocketProcessor({
  code: RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
  name: 'SEARCH_OFFSET_BY_TIMESTAMP',
  roles: ['broker'],
  async process({ cmd, services }) {
    const h = new ExtFields(cmd.extFields);
    const topic = h.string('topic');
    const queueId = h.int('queueId');
    const timestamp = h.long('timestamp');
    const bounds = services.store.queueBounds(topic, queueId);
    if (bounds === undefined) return { code: ResponseCode.SUCCESS, extFields: { offset: '0' } };
    const entry = await services.store.findByTimestamp(topic, queueId, timestamp);
    const offset =
      entry === undefined ? bounds.highWatermark : Math.max(entry.baseOffset, bounds.logStartOffset);
    return { code: ResponseCode.SUCCESS, extFields: { offset: String(offset) } };
  },
});
