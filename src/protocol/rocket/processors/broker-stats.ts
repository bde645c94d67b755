import { decodeRocketMessage } from '../../../model/index.js';
import { PayloadFormat } from '../../../store/index.js';
import {
  encodeConsumeStats,
  encodeKvTable,
  encodeTopicStatsTable,
  type ConsumeOffsetRow,
  type TopicOffsetRow,
} from '../codec/admin-bodies.js';
import { ExtFields } from '../headers/ext-fields.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import type { RocketServices } from '../services.js';
import { adminOf } from './topic-admin.js';

/**
 * The store time of the message at a queue offset (RocketMQ getMessageStoreTimeStamp), or -1 when the
 * queue has no message there: the STORETIMESTAMP a RocketMQ message carries, and for the records of a
 * Kafka batch the time the store appended the batch (what a RocketMQ pull serves as their store time).
 */
export async function storeTimeAt(
  services: RocketServices,
  topic: string,
  queueId: number,
  offset: number,
): Promise<number> {
  if (offset < 0) return -1;
  const read = await services.store.read(topic, queueId, offset, { maxBytes: 1, atLeastOne: true });
  if (read.status !== 'ok') return -1;
  const entry = read.entries[0];
  if (entry === undefined || offset < entry.baseOffset || offset >= entry.baseOffset + entry.count) return -1;
  if (entry.format === PayloadFormat.RocketMessage) {
    try {
      return decodeRocketMessage(entry.payload).message.storeTimestampMs;
    } catch {
      return entry.storeTimestampMs;
    }
  }
  return entry.storeTimestampMs;
}

/** GET_BROKER_RUNTIME_INFO (28): KVTable of counters, versions, CommitLog bounds and disk usage. */
export const getBrokerRuntimeInfoProcessor = defineRocketProcessor({
  code: RequestCode.GET_BROKER_RUNTIME_INFO,
  name: 'GET_BROKER_RUNTIME_INFO',
  roles: ['broker'],
  process({ services }) {
    const admin = adminOf(services);
    if ('code' in admin) return admin;
    return { code: ResponseCode.SUCCESS, body: encodeKvTable(admin.runtime.runtimeInfo(admin.dataDir)) };
  },
});

async function topicStats({ cmd, services }: RocketRequestContext): Promise<RocketReply> {
  const topic = new ExtFields(cmd.extFields).string('topic');
  const info = services.store.getTopic(topic);
  if (info === undefined) return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${topic}] not exist` };
  const rows: TopicOffsetRow[] = [];
  for (let queueId = 0; queueId < info.queueCount; queueId++) {
    const bounds = services.store.queueBounds(topic, queueId);
    const minOffset = Math.max(0, bounds?.logStartOffset ?? 0);
    const maxOffset = Math.max(0, bounds?.highWatermark ?? 0);
    const lastUpdateTimestamp =
      maxOffset > 0 ? await storeTimeAt(services, topic, queueId, maxOffset - 1) : 0;
    rows.push({
      mq: { topic, brokerName: services.broker.brokerName, queueId },
      minOffset,
      maxOffset,
      lastUpdateTimestamp,
    });
  }
  return { code: ResponseCode.SUCCESS, body: encodeTopicStatsTable(rows) };
}

/** GET_TOPIC_STATS_INFO (202): TopicStatsTable, min/max offset and last store time per queue. */
export const getTopicStatsInfoProcessor = defineRocketProcessor({
  code: RequestCode.GET_TOPIC_STATS_INFO,
  name: 'GET_TOPIC_STATS_INFO',
  roles: ['broker'],
  process: topicStats,
});

async function consumeStats({ cmd, services, log }: RocketRequestContext): Promise<RocketReply> {
  const h = new ExtFields(cmd.extFields);
  const group = h.string('consumerGroup');
  const only = h.optString('topic');
  const { store, clients } = services;
  const topics =
    only !== undefined && only.trim() !== ''
      ? [only]
      : [...new Set(store.consumerOffsets.list(group).map((e) => e.topic))].sort();
  const subscribed = new Set(
    clients.consumerMembers(group).flatMap((m) => m.subscriptions.map((s) => s.topic)),
  );
  const rows: ConsumeOffsetRow[] = [];
  for (const topic of topics) {
    const info = store.getTopic(topic);
    if (info === undefined) {
      log.debug({ group, topic }, 'consume stats: no such topic');
      continue;
    }
    // Online consumers that do not subscribe to the topic: RocketMQ leaves it out.
    if (subscribed.size > 0 && !subscribed.has(topic)) continue;
    for (let queueId = 0; queueId < info.queueCount; queueId++) {
      const brokerOffset = Math.max(0, store.queueBounds(topic, queueId)?.highWatermark ?? 0);
      const consumerOffset = Math.max(0, store.consumerOffsets.get(group, topic, queueId)?.offset ?? 0);
      const last = consumerOffset > 0 ? await storeTimeAt(services, topic, queueId, consumerOffset - 1) : 0;
      rows.push({
        mq: { topic, brokerName: services.broker.brokerName, queueId },
        brokerOffset,
        consumerOffset,
        lastTimestamp: last > 0 ? last : 0,
      });
    }
  }
  return { code: ResponseCode.SUCCESS, body: encodeConsumeStats(rows, 0) };
}

/** GET_CONSUME_STATS (208): ConsumeStats, broker and committed offsets per queue of the group's topics. */
export const getConsumeStatsProcessor = defineRocketProcessor({
  code: RequestCode.GET_CONSUME_STATS,
  name: 'GET_CONSUME_STATS',
  roles: ['broker'],
  process: consumeStats,
});

async function earliestMsgStoreTime({ cmd, services }: RocketRequestContext): Promise<RocketReply> {
  const h = new ExtFields(cmd.extFields);
  const topic = h.string('topic');
  const queueId = h.int('queueId');
  const start = services.store.queueBounds(topic, queueId)?.logStartOffset;
  const timestamp = start === undefined ? -1 : await storeTimeAt(services, topic, queueId, start);
  return { code: ResponseCode.SUCCESS, extFields: { timestamp: String(timestamp) } };
}

/** GET_EARLIEST_MSG_STORETIME (32): ext `timestamp`, the store time of the queue's first message (-1 if none). */
export const getEarliestMsgStoreTimeProcessor = defineRocketProcessor({
  code: RequestCode.GET_EARLIEST_MSG_STORETIME,
  name: 'GET_EARLIEST_MSG_STORETIME',
  roles: ['broker'],
  process: earliestMsgStoreTime,
});
