/**
 * ferrymq's RocketMQ client: the remoting protocol (4.x) against any RocketMQ NameServer and broker.
 * README.md ("RocketMQ SDK") shows producer, push consumer and pull consumer examples.
 */
export { allocateAveragely, type AllocateStrategy } from './allocate.js';
export { BrokerApi, type PullRequest, type PullResult, type PullStatus } from './broker-api.js';
export { CLIENT_ERROR_CODES, RocketClientError, type ClientErrorCode } from './client-error.js';
export {
  ClientInstance,
  type ClientOptions,
  type ConsumerData,
  type ConsumerMember,
  type ProducerMember,
  type SubscriptionData,
} from './client-instance.js';
export { silentLogger, type ClientLogger } from './client-logger.js';
export { Property, RequestCode, ResponseCode, dlqTopicOf, retryTopicOf } from './codes.js';
export { ConcurrentConsumeService, resetRetryTopic } from './concurrent-consume-service.js';
export { ConnectionPool } from './connection-pool.js';
export {
  ConsumeOrderlyService,
  ConsumeOrderlyStatus,
  type ConsumeOrderlyContext,
  type ConsumeOrderlyOptions,
  type MessageListenerOrderly,
  type OrderlyConsumerPart,
} from './consume-orderly-service.js';
export {
  ConsumeStatus,
  type ConsumeContext,
  type ConsumeService,
  type MessageListener,
} from './consume-service.js';
export { decodeMessages, decodeOffsetMsgId, type Message, type MessageExt } from './message.js';
export { MessageQuery, type QueryByKeyOptions } from './message-query.js';
export { NameServerClient } from './namesrv-client.js';
export { LocalFileOffsetStore, RemoteOffsetStore, type OffsetStore } from './offset-store.js';
export { ProcessQueue } from './process-queue.js';
export {
  Producer,
  isRetriable,
  selectByHash,
  type ProducerOptions,
  type QueueSelector,
  type SendOptions,
} from './producer.js';
export { PullConsumer, type PullConsumerOptions, type PullOptions } from './pull-consumer.js';
export {
  PushConsumer,
  type ConsumeFromWhere,
  type MessageModel,
  type PushConsumerOptions,
} from './push-consumer.js';
export {
  RemotingConnection,
  responseError,
  type ConnectionOptions,
  type ReplySpec,
  type RequestSpec,
  type ServerRequestHandler,
} from './remoting-connection.js';
export { prepareBatch, prepareSend, type SendResult, type SendStatus } from './send-request.js';
export { parseSubscription, tagMatches, type ExpressionType, type Subscription } from './subscription.js';
export {
  Perm,
  mqKey,
  parseTopicRoute,
  publishQueues,
  subscribeQueues,
  type MessageQueue,
  type TopicRoute,
} from './topic-route.js';
export {
  LocalTransactionState,
  TRANSACTION_PREPARED_FLAG,
  TransactionProducer,
  TransactionType,
  commitOrRollbackOf,
  endTransactionExtFields,
  type EndTransactionFields,
  type TransactionListener,
  type TransactionProducerOptions,
  type TransactionSendResult,
} from './transaction-producer.js';
export { createUniqueKey } from './unique-key.js';
