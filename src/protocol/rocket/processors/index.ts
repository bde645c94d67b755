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
import { pullMessageProcessor } from './pull-message.js';
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
  // NameServer
  registerBrokerProcessor,
  unregisterBrokerProcessor,
  getRouteInfoProcessor,
  getBrokerClusterInfoProcessor,
  getAllTopicListProcessor,
  queryDataVersionProcessor,
];
