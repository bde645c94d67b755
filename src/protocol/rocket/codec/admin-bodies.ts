import type { TopicQueueConfig } from '../../../coordinator/index.js';
import type { Subscription } from '../client-registry.js';
import type { ClientConnectionDetails, ConsumerGroupDetails } from '../client-details.js';
import { javaDouble } from '../runtime-stats.js';
import type { DataVersion, SubscriptionGroupConfig } from '../subscription-groups.js';

/**
 * JSON bodies of the broker admin codes, written as RocketMQ's fastjson writes them (REFERENCE §2.6):
 * bean fields in alphabetical order, null fields left out, doubles with a fraction part, and maps keyed
 * by a MessageQueue written with the key object itself in key position:
 * `{"offsetTable":{{"brokerName":"b","queueId":0,"topic":"t"}:{...}}}` (not standard JSON).
 */

export interface MessageQueueKey {
  topic: string;
  brokerName: string;
  queueId: number;
}

/** A MessageQueue as fastjson writes it (fields sorted). */
export function messageQueueJson(mq: MessageQueueKey): string {
  return JSON.stringify({ brokerName: mq.brokerName, queueId: mq.queueId, topic: mq.topic });
}

/** A map keyed by MessageQueue objects; values are JSON texts. */
export function messageQueueMapJson(entries: readonly (readonly [MessageQueueKey, string])[]): string {
  return `{${entries.map(([mq, value]) => `${messageQueueJson(mq)}:${value}`).join(',')}}`;
}

const dataVersionJson = (v: DataVersion): { counter: number; timestamp: number } => ({
  counter: v.counter,
  timestamp: v.timestamp,
});

export interface TopicOffsetRow {
  mq: MessageQueueKey;
  minOffset: number;
  maxOffset: number;
  lastUpdateTimestamp: number;
}

/** TopicStatsTable (GET_TOPIC_STATS_INFO). */
export function encodeTopicStatsTable(rows: readonly TopicOffsetRow[]): Buffer {
  const table = messageQueueMapJson(
    rows.map((r) => [
      r.mq,
      JSON.stringify({
        lastUpdateTimestamp: r.lastUpdateTimestamp,
        maxOffset: r.maxOffset,
        minOffset: r.minOffset,
      }),
    ]),
  );
  return Buffer.from(`{"offsetTable":${table}}`);
}

export interface ConsumeOffsetRow {
  mq: MessageQueueKey;
  brokerOffset: number;
  consumerOffset: number;
  lastTimestamp: number;
}

/** ConsumeStats (GET_CONSUME_STATS). */
export function encodeConsumeStats(rows: readonly ConsumeOffsetRow[], consumeTps: number): Buffer {
  const table = messageQueueMapJson(
    rows.map((r) => [
      r.mq,
      JSON.stringify({
        brokerOffset: r.brokerOffset,
        consumerOffset: r.consumerOffset,
        lastTimestamp: r.lastTimestamp,
      }),
    ]),
  );
  return Buffer.from(`{"consumeTps":${javaDouble(consumeTps)},"offsetTable":${table}}`);
}

/** KVTable (GET_BROKER_RUNTIME_INFO). */
export function encodeKvTable(table: Readonly<Record<string, string>>): Buffer {
  return Buffer.from(JSON.stringify({ table }));
}

/** RocketMQ's TopicConfig, as the admin and NameServer bodies carry it. */
export interface TopicConfigJson {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicFilterType: string;
  topicSysFlag: number;
  order: boolean;
}

export function topicConfigOf(t: TopicQueueConfig): TopicConfigJson {
  return {
    topicName: t.topicName,
    readQueueNums: t.readQueueNums,
    writeQueueNums: t.writeQueueNums,
    perm: t.perm,
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: t.topicSysFlag,
    order: false,
  };
}

/** TopicConfigSerializeWrapper (GET_ALL_TOPIC_CONFIG): `{"dataVersion":{...},"topicConfigTable":{...}}`. */
export function encodeTopicConfigWrapper(topics: readonly TopicConfigJson[], version: DataVersion): Buffer {
  const table: Record<string, unknown> = {};
  for (const t of topics) {
    table[t.topicName] = {
      order: t.order,
      perm: t.perm,
      readQueueNums: t.readQueueNums,
      topicFilterType: t.topicFilterType,
      topicName: t.topicName,
      topicSysFlag: t.topicSysFlag,
      writeQueueNums: t.writeQueueNums,
    };
  }
  return Buffer.from(JSON.stringify({ dataVersion: dataVersionJson(version), topicConfigTable: table }));
}

/** SubscriptionGroupWrapper (GET_ALL_SUBSCRIPTIONGROUP_CONFIG). */
export function encodeSubscriptionGroupWrapper(
  groups: readonly SubscriptionGroupConfig[],
  version: DataVersion,
): Buffer {
  const table: Record<string, unknown> = {};
  for (const g of groups) {
    table[g.groupName] = {
      brokerId: g.brokerId,
      consumeBroadcastEnable: g.consumeBroadcastEnable,
      consumeEnable: g.consumeEnable,
      consumeFromMinEnable: g.consumeFromMinEnable,
      groupName: g.groupName,
      notifyConsumerIdsChangedEnable: g.notifyConsumerIdsChangedEnable,
      retryMaxTimes: g.retryMaxTimes,
      retryQueueNums: g.retryQueueNums,
      whichBrokerWhenConsumeSlowly: g.whichBrokerWhenConsumeSlowly,
    };
  }
  return Buffer.from(
    JSON.stringify({ dataVersion: dataVersionJson(version), subscriptionGroupTable: table }),
  );
}

export interface ConnectionJson extends ClientConnectionDetails {
  clientId: string;
}

const connectionJson = (c: ConnectionJson): Record<string, unknown> => ({
  clientAddr: c.clientAddr,
  clientId: c.clientId,
  language: c.language,
  version: c.version,
});

/** The tags of a subscription expression, as SubscriptionData.tagsSet holds them. */
function tagsOf(subString: string): string[] {
  if (subString === '' || subString === '*') return [];
  return subString
    .split('||')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** SubscriptionData as fastjson writes it (filterClassSource null, so absent). */
export function subscriptionDataJson(s: Subscription): Record<string, unknown> {
  return {
    classFilterMode: false,
    codeSet: [...s.codes],
    expressionType: 'TAG',
    subString: s.subString === '' ? '*' : s.subString,
    subVersion: s.subVersion,
    tagsSet: tagsOf(s.subString),
    topic: s.topic,
  };
}

/** ConsumerConnection (GET_CONSUMER_CONNECTION_LIST). */
export function encodeConsumerConnection(
  connections: readonly ConnectionJson[],
  subscriptions: readonly Subscription[],
  group: ConsumerGroupDetails,
): Buffer {
  const subscriptionTable: Record<string, unknown> = {};
  for (const s of subscriptions) subscriptionTable[s.topic] = subscriptionDataJson(s);
  return Buffer.from(
    JSON.stringify({
      connectionSet: connections.map(connectionJson),
      consumeFromWhere: group.consumeFromWhere,
      consumeType: group.consumeType,
      messageModel: group.messageModel,
      subscriptionTable,
    }),
  );
}

/** ProducerConnection (GET_PRODUCER_CONNECTION_LIST). */
export function encodeProducerConnection(connections: readonly ConnectionJson[]): Buffer {
  return Buffer.from(JSON.stringify({ connectionSet: connections.map(connectionJson) }));
}
