import { MAX_QUEUE_COUNT } from '../../../store/index.js';
import type { BrokerAdmin } from '../broker-admin.js';
import { encodeTopicConfigWrapper, topicConfigOf } from '../codec/admin-bodies.js';
import { ExtFields } from '../headers/ext-fields.js';
import { mapTopicAdminError } from '../map-store-error.js';
import { defineRocketProcessor, type RocketReply, type RocketRequestContext } from '../processor.js';
import { RequestCode } from '../request-codes.js';
import { ResponseCode } from '../response-codes.js';
import type { RocketServices } from '../services.js';

/** RocketMQ TopicValidator: topic names of at most 127 characters of [%|a-zA-Z0-9_-]. */
export const ROCKET_TOPIC_MAX_LENGTH = 127;

/** Topics RocketMQ reserves (TopicValidator.SYSTEM_TOPIC_SET): admin codes may not create or delete them. */
export const ROCKET_SYSTEM_TOPICS: ReadonlySet<string> = new Set([
  'TBW102',
  'SCHEDULE_TOPIC_XXXX',
  'BenchmarkTest',
  'RMQ_SYS_TRANS_HALF_TOPIC',
  'RMQ_SYS_TRACE_TOPIC',
  'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  'TRANS_CHECK_MAX_TIME_TOPIC',
  'SELF_TEST_TOPIC',
  'OFFSET_MOVED_EVENT',
]);

/** TopicFilterType names (CreateTopicRequestHeader.topicFilterType). */
const TOPIC_FILTER_TYPES = new Set(['SINGLE_TAG', 'MULTI_TAG']);
/** PermName bits: PRIORITY 8 | READ 4 | WRITE 2 | INHERIT 1. */
const PERM_MAX = 15;

/** The remark RocketMQ 4.9 gives a topic name it refuses (TopicValidator.validateTopic), or undefined. */
export function validateRocketTopic(topic: string): string | undefined {
  if (topic.trim() === '') return 'The specified topic is blank.';
  if (!/^[%|a-zA-Z0-9_-]+$/.test(topic))
    return 'The specified topic contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$';
  if (topic.length > ROCKET_TOPIC_MAX_LENGTH)
    return `The specified topic is longer than topic max length (${ROCKET_TOPIC_MAX_LENGTH}).`;
  return undefined;
}

const systemError = (remark: string): RocketReply => ({ code: ResponseCode.SYSTEM_ERROR, remark });

/** The name checks both UPDATE_AND_CREATE_TOPIC and DELETE_TOPIC_IN_BROKER make first. */
function refuseTopic(topic: string): RocketReply | undefined {
  const bad = validateRocketTopic(topic);
  if (bad !== undefined) return systemError(bad);
  if (ROCKET_SYSTEM_TOPICS.has(topic))
    return systemError(`The topic[${topic}] is conflict with system topic.`);
  return undefined;
}

function queueNums(h: ExtFields, name: string): number | RocketReply {
  const n = h.int(name);
  if (n < 1 || n > MAX_QUEUE_COUNT) return systemError(`${name} must be 1..${MAX_QUEUE_COUNT}, got ${n}`);
  return n;
}

async function updateAndCreateTopic({ cmd, services, log }: RocketRequestContext): Promise<RocketReply> {
  const h = new ExtFields(cmd.extFields);
  const topic = h.string('topic');
  const refused = refuseTopic(topic);
  if (refused !== undefined) return refused;
  const read = queueNums(h, 'readQueueNums');
  if (typeof read !== 'number') return read;
  const write = queueNums(h, 'writeQueueNums');
  if (typeof write !== 'number') return write;
  const perm = h.int('perm');
  if (perm < 0 || perm > PERM_MAX) return systemError(`perm must be 0..${PERM_MAX}, got ${perm}`);
  const filterType = h.optString('topicFilterType') ?? 'SINGLE_TAG';
  if (!TOPIC_FILTER_TYPES.has(filterType))
    return systemError(`topicFilterType must be SINGLE_TAG or MULTI_TAG, got ${JSON.stringify(filterType)}`);
  h.optInt('topicSysFlag', 0);
  // One queue count serves reads and writes: the larger of the two.
  const queueCount = Math.max(read, write);
  const { store } = services;
  let existing = store.getTopic(topic);
  if (existing === undefined) {
    const created = await store.createTopic(topic, queueCount, {});
    if (created.status === 'ok') {
      log.info({ topic, queueCount }, 'topic created by UPDATE_AND_CREATE_TOPIC');
      services.refreshLocalRoutes();
      return { code: ResponseCode.SUCCESS };
    }
    if (created.status !== 'topic-exists') return mapTopicAdminError(topic, created);
    existing = store.getTopic(topic);
    if (existing === undefined) return mapTopicAdminError(topic, { status: 'topic-not-found' });
  }
  if (queueCount < existing.queueCount) {
    return systemError(
      `topic[${topic}] has ${existing.queueCount} queues; ferrymq cannot shrink a topic (asked for ${queueCount})`,
    );
  }
  if (queueCount > existing.queueCount) {
    const grown = await store.setQueueCount(topic, queueCount);
    if (grown.status !== 'ok') return mapTopicAdminError(topic, grown);
    log.info({ topic, queueCount }, 'topic grown by UPDATE_AND_CREATE_TOPIC');
  }
  services.refreshLocalRoutes();
  return { code: ResponseCode.SUCCESS };
}

/** UPDATE_AND_CREATE_TOPIC (17): creates the store topic, or grows its queue count; routes refreshed. */
export const updateAndCreateTopicProcessor = defineRocketProcessor({
  code: RequestCode.UPDATE_AND_CREATE_TOPIC,
  name: 'UPDATE_AND_CREATE_TOPIC',
  roles: ['broker'],
  process: updateAndCreateTopic,
});

async function deleteTopic({ cmd, services, log }: RocketRequestContext): Promise<RocketReply> {
  const topic = new ExtFields(cmd.extFields).string('topic');
  const refused = refuseTopic(topic);
  if (refused !== undefined) return refused;
  const deleted = await services.store.deleteTopic(topic);
  // Deleting a topic that is not there succeeds, as in RocketMQ.
  if (deleted.status !== 'ok' && deleted.status !== 'topic-not-found')
    return mapTopicAdminError(topic, deleted);
  if (deleted.status === 'ok') log.info({ topic }, 'topic deleted by DELETE_TOPIC_IN_BROKER');
  services.refreshLocalRoutes();
  return { code: ResponseCode.SUCCESS };
}

/** DELETE_TOPIC_IN_BROKER (215): deletes the store topic and its committed offsets; routes refreshed. */
export const deleteTopicInBrokerProcessor = defineRocketProcessor({
  code: RequestCode.DELETE_TOPIC_IN_BROKER,
  name: 'DELETE_TOPIC_IN_BROKER',
  roles: ['broker'],
  process: deleteTopic,
});

/** The admin state, or the reply a broker without it gives. */
export function adminOf(services: RocketServices): BrokerAdmin | RocketReply {
  return services.admin ?? systemError('broker admin is not available on this server');
}

/** GET_ALL_TOPIC_CONFIG (21): TopicConfigSerializeWrapper of every topic this broker registers. */
export const getAllTopicConfigProcessor = defineRocketProcessor({
  code: RequestCode.GET_ALL_TOPIC_CONFIG,
  name: 'GET_ALL_TOPIC_CONFIG',
  roles: ['broker'],
  process({ services }) {
    const admin = adminOf(services);
    if ('code' in admin) return admin;
    const topics = admin
      .topicConfigs()
      .map(topicConfigOf)
      .sort((a, b) => (a.topicName < b.topicName ? -1 : a.topicName > b.topicName ? 1 : 0));
    const signature = topics.map((t) => `${t.topicName}/${t.readQueueNums}/${t.perm}`).join('\n');
    const version = admin.topicsDataVersion.observe(signature);
    return { code: ResponseCode.SUCCESS, body: encodeTopicConfigWrapper(topics, version) };
  },
});
