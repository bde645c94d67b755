import { ReadLease } from '../../../store/index.js';
import { serveEntry } from '../codec/message-codec.js';
import {
  PullSysFlag,
  readPullMessageHeader,
  type PullMessageHeader,
} from '../headers/pull-message-header.js';
import { mapReadError } from '../map-store-error.js';
import { isPullFilter, passesSelector, pullFilterOf, type PullFilter } from '../pull-filter.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import { commitConsumerOffset } from './consumer-offset.js';
import { isRetryTopic } from './retry-topics.js';

/** Per pull: at most this many messages and bytes (RocketMQ maxTransferCountOnMessageInMemory / bytes). */
const MAX_MESSAGES = 32;
const MAX_BYTES = 256 * 1024;
/** Long polls never hold longer than this, whatever the client asks. */
const MAX_SUSPEND_MS = 30_000;

interface PullOutcome {
  code: number;
  remark: string;
  nextBeginOffset: number;
  minOffset: number;
  maxOffset: number;
  body: Buffer[] | null;
}

function reply(o: PullOutcome): RocketReply {
  return {
    code: o.code,
    remark: o.remark,
    extFields: {
      suggestWhichBrokerId: '0',
      nextBeginOffset: String(o.nextBeginOffset),
      minOffset: String(o.minOffset),
      maxOffset: String(o.maxOffset),
    },
    body: o.body,
  };
}

/** One pass over the queue: the status mapping of REFERENCE §2.3. */
async function pullOnce(
  ctx: RocketRequestContext,
  h: PullMessageHeader,
  filter: PullFilter,
  lease: ReadLease,
): Promise<PullOutcome | RocketReply> {
  const { store } = ctx.services;
  const offset = h.queueOffset;
  const bounds = store.queueBounds(h.topic, h.queueId);
  const min = bounds?.logStartOffset ?? 0;
  const max = bounds?.highWatermark ?? 0;
  const outcome = (code: number, remark: string, next: number): PullOutcome => ({
    code,
    remark,
    nextBeginOffset: next,
    minOffset: min,
    maxOffset: max,
    body: null,
  });
  if (bounds === undefined || max === 0) {
    if (bounds === undefined && !isRetryTopic(h.topic)) {
      if (store.getTopic(h.topic) === undefined)
        return {
          code: ResponseCode.TOPIC_NOT_EXIST,
          remark: `topic[${h.topic}] not exist, apply first please!`,
        };
      return { code: ResponseCode.SYSTEM_ERROR, remark: `queueId[${h.queueId}] is illegal` };
    }
    return offset === 0
      ? outcome(ResponseCode.PULL_NOT_FOUND, 'NO_MESSAGE_IN_QUEUE', 0)
      : outcome(ResponseCode.PULL_OFFSET_MOVED, 'NO_MESSAGE_IN_QUEUE', 0);
  }
  if (offset < min) return outcome(ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_TOO_SMALL', min);
  if (offset === max) return outcome(ResponseCode.PULL_NOT_FOUND, 'OFFSET_OVERFLOW_ONE', offset);
  if (offset > max) return outcome(ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_OVERFLOW_BADLY', max);
  const limit = Math.max(1, Math.min(h.maxMsgNums, MAX_MESSAGES));
  // Without a filter every entry read yields at least one message: read no more entries than can be
  // served (else a 256 KiB read of 1 KiB messages is fetched and checked to serve 32 of them).
  const unfiltered = filter.selector === null && (filter.tags === null || filter.tags.size === 0);
  const read = await store.read(h.topic, h.queueId, offset, {
    maxBytes: MAX_BYTES,
    atLeastOne: true,
    lease,
    ...(unfiltered ? { maxEntries: limit } : {}),
  });
  if (read.status === 'offset-out-of-range')
    return outcome(ResponseCode.PULL_OFFSET_MOVED, 'OFFSET_TOO_SMALL', read.logStartOffset);
  if (read.status !== 'ok') return mapReadError(read);
  const body: Buffer[] = [];
  let bytes = 0;
  let next = offset;
  const serveCtx = {
    topic: h.topic,
    queueId: h.queueId,
    storeHost: ctx.services.broker.storeHost,
    decompressBatch: ctx.services.decompressBatch,
    maxDecompressedBytes: ctx.services.maxDecompressedBytes,
    onUnreadable: (err: Error, baseOffset: number) =>
      ctx.log.warn(
        { err, topic: h.topic, queueId: h.queueId, baseOffset },
        'skipping an unreadable stored batch',
      ),
  };
  scan: for (const entry of read.entries) {
    for (const m of serveEntry(entry, next, filter.tags, serveCtx)) {
      if (m.bytes !== null && passesSelector(filter, m.bytes)) {
        if (body.length >= limit || (body.length > 0 && bytes + m.bytes.length > MAX_BYTES)) break scan;
        body.push(m.bytes);
        bytes += m.bytes.length;
      }
      next = m.queueOffset + 1;
    }
  }
  if (body.length > 0) return { ...outcome(ResponseCode.SUCCESS, 'FOUND', next), body };
  return next > offset
    ? outcome(ResponseCode.PULL_RETRY_IMMEDIATELY, 'NO_MATCHED_MESSAGE', next)
    : outcome(ResponseCode.PULL_NOT_FOUND, 'OFFSET_FOUND_NULL', offset);
}

async function pullMessage(ctx: RocketRequestContext): Promise<RocketReply> {
  const h = readPullMessageHeader(ctx.cmd.extFields);
  if ((h.sysFlag & PullSysFlag.commitOffset) !== 0 && h.commitOffset >= 0) {
    commitConsumerOffset(ctx, h.consumerGroup, h.topic, h.queueId, h.commitOffset);
  }
  const filter = pullFilterOf(ctx.services, h);
  if (!isPullFilter(filter)) return filter;
  const deadline =
    (h.sysFlag & PullSysFlag.suspend) !== 0
      ? ctx.services.nowMs() + Math.min(Math.max(h.suspendTimeoutMillis, 0), MAX_SUSPEND_MS)
      : 0;
  for (;;) {
    // The body is served from recycled read memory, given back once the socket has taken the reply.
    const lease = new ReadLease();
    const result = await pullOnce(ctx, h, filter, lease);
    if (!('nextBeginOffset' in result)) {
      lease.release();
      return result;
    }
    if (result.body !== null) return { ...reply(result), afterWritten: () => lease.release() };
    lease.release(); // nothing of the read is served
    const wait = deadline - ctx.services.nowMs();
    if (result.code !== ResponseCode.PULL_NOT_FOUND || wait <= 0 || ctx.signal.aborted) return reply(result);
    // Long polling: park until an append to this queue, the client's suspend timeout, or connection close.
    await ctx.services.waiters.wait([{ topic: h.topic, queueId: h.queueId }], wait, ctx.signal);
    if (ctx.signal.aborted) return reply(result);
  }
}

/** PULL_MESSAGE (11). */
export const pullMessageProcessor = defineRocketProcessor({
  code: RequestCode.PULL_MESSAGE,
  name: 'PULL_MESSAGE',
  roles: ['broker'],
  process: pullMessage,
});
