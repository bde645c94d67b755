import type { RocketProcessor } from '../processor.js';
import {
  queryDataVersionProcessor,
  registerBrokerProcessor,
  unregisterBrokerProcessor,
} from './broker-registration.js';
import {
  getConsumerListByGroupProcessor,
  heartBeatProcessor,
  unregisterClientProcessor,
} from './client-manage.js';
import { queryConsumerOffsetProcessor, updateConsumerOffsetProcessor } from './consumer-offset.js';
import {
  getAllTopicListProcessor,
  getBrokerClusterInfoProcessor,
  getRouteInfoProcessor,
} from './get-route-info.js';
import {
  deleteKvConfigProcessor,
  getKvConfigProcessor,
  getKvListByNamespaceProcessor,
  putKvConfigProcessor,
} from './kv-config.js';
import {
  addWritePermOfBrokerProcessor,
  deleteTopicInNamesrvProcessor,
  getTopicsByClusterProcessor,
  wipeWritePermOfBrokerProcessor,
} from './namesrv-admin.js';
import {
  getBrokerRuntimeInfoProcessor,
  getConsumeStatsProcessor,
  getEarliestMsgStoreTimeProcessor,
  getTopicStatsInfoProcessor,
} from './broker-stats.js';
import { getConsumerConnectionListProcessor, getProducerConnectionListProcessor } from './connection-list.js';
import {
  deleteSubscriptionGroupProcessor,
  getAllSubscriptionGroupConfigProcessor,
  updateAndCreateSubscriptionGroupProcessor,
} from './subscription-group.js';
import {
  deleteTopicInBrokerProcessor,
  getAllTopicConfigProcessor,
  updateAndCreateTopicProcessor,
} from './topic-admin.js';
import { checkClientConfigProcessor } from './check-client-config.js';
import { endTransactionProcessor } from './end-transaction.js';
import { lockBatchMqProcessor, unlockBatchMqProcessor } from './lock-batch-mq.js';
import { pullMessageProcessor } from './pull-message.js';
import { queryMessageProcessor, viewMessageByIdProcessor } from './query-message.js';
import {
  getMaxOffsetProcessor,
  getMinOffsetProcessor,
  searchOffsetByTimestampProcessor,
} from './queue-offset.js';
import { sendBatchMessageProcessor } from './send-batch-message.js';
import { sendMessageProcessor, sendMessageV2Processor } from './send-message.js';
import { consumerSendMsgBackProcessor } from './send-msg-back.js';

/** THE list of supported request codes; the dispatchers and the README table come from it. */
export const ROCKET_PROCESSORS: readonly RocketProcessor[] = [
  // broker
  sendMessageProcessor,
  pullMessageProcessor,
  queryMessageProcessor,
  viewMessageByIdProcessor,
  queryConsumerOffsetProcessor,
  updateConsumerOffsetProcessor,
  searchOffsetByTimestampProcessor,
  getMaxOffsetProcessor,
  getMinOffsetProcessor,
  heartBeatProcessor,
  unregisterClientProcessor,
  getConsumerListByGroupProcessor,
  sendMessageV2Processor,
  sendBatchMessageProcessor,
  consumerSendMsgBackProcessor,
  endTransactionProcessor,
  lockBatchMqProcessor,
  unlockBatchMqProcessor,
  checkClientConfigProcessor,
  // broker admin
  updateAndCreateTopicProcessor,
  deleteTopicInBrokerProcessor,
  getAllTopicConfigProcessor,
  getBrokerRuntimeInfoProcessor,
  getTopicStatsInfoProcessor,
  getConsumeStatsProcessor,
  getEarliestMsgStoreTimeProcessor,
  getConsumerConnectionListProcessor,
  getProducerConnectionListProcessor,
  updateAndCreateSubscriptionGroupProcessor,
  getAllSubscriptionGroupConfigProcessor,
  deleteSubscriptionGroupProcessor,
  // NameServer
  registerBrokerProcessor,
  unregisterBrokerProcessor,
  getRouteInfoProcessor,
  getBrokerClusterInfoProcessor,
  getAllTopicListProcessor,
  queryDataVersionProcessor,
  getTopicsByClusterProcessor,
  deleteTopicInNamesrvProcessor,
  wipeWritePermOfBrokerProcessor,
  addWritePermOfBrokerProcessor,
  putKvConfigProcessor,
  getKvConfigProcessor,
  deleteKvConfigProcessor,
  getKvListByNamespaceProcessor,
];
