/**
 * Names RocketMQ uses for transactional messages (REFERENCE §4.5; TopicValidator, MixAll, MessageConst,
 * TransactionalMessageUtil). ferrymq keeps the whole transaction state in these store topics: half
 * messages, op records, discarded messages, and the check progress as committed offsets of one group.
 */
export const HALF_TOPIC = 'RMQ_SYS_TRANS_HALF_TOPIC';
export const OP_TOPIC = 'RMQ_SYS_TRANS_OP_HALF_TOPIC';
export const CHECK_MAX_TIME_TOPIC = 'TRANS_CHECK_MAX_TIME_TOPIC';
/** The group whose committed offsets on HALF_TOPIC and OP_TOPIC (queue 0) are the checker's progress. */
export const TRANSACTION_PROGRESS_GROUP = 'CID_RMQ_SYS_TRANS';
/** The tag of an op record ("remove"); its body is the half message's queue offset in decimal. */
export const OP_REMOVE_TAG = 'd';

export const PROPERTY_TRANSACTION_PREPARED = 'TRAN_MSG';
export const PROPERTY_PRODUCER_GROUP = 'PGROUP';
export const PROPERTY_UNIQ_KEY = 'UNIQ_KEY';
export const PROPERTY_TRANSACTION_CHECK_TIMES = 'TRANSACTION_CHECK_TIMES';
/** On a re-appended half message: the queue offset of the half message it copies (ferrymq: the first one). */
export const PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET = 'TRAN_PREPARED_QUEUE_OFFSET';
export const PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS = 'CHECK_IMMUNITY_TIME_IN_SECONDS';

/** MessageSysFlag transaction types (bits 2-3) and END_TRANSACTION's commitOrRollback values. */
export const TransactionType = {
  NOT: 0x0,
  PREPARED: 0x4,
  COMMIT: 0x8,
  ROLLBACK: 0xc,
} as const;
export const TRANSACTION_TYPE_MASK = 0xc;

/** Defaults of BrokerConfig: transactionCheckInterval, transactionTimeOut, transactionCheckMax. */
export const DEFAULT_TRANSACTION_CHECK_INTERVAL_MS = 60_000;
export const DEFAULT_TRANSACTION_TIMEOUT_MS = 6_000;
export const DEFAULT_TRANSACTION_CHECK_MAX = 15;
