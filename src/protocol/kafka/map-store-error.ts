import { BrokerError } from '../../errors.js';
import type { AppendResult, DeleteRecordsResult, ReadResult, TopicResult } from '../../store/index.js';
import type { BatchScanError } from './codec/record-batch.js';
import { ErrorCode, type ErrorCodeValue } from './error-codes.js';
import type { GroupError } from './groups/index.js';
import type { SequenceError, TxnError } from './transactions/index.js';

/**
 * The one place where store outcomes become Kafka error codes. Each switch is exhaustive: a new
 * outcome in the store fails to compile here until it is mapped.
 */
export interface MappedError {
  code: ErrorCodeValue;
  message: string | null;
}

const unreachable = (x: never): never => {
  throw new Error(`unmapped outcome ${JSON.stringify(x)}`);
};

/**
 * After a failed fsync the store refuses every append until restarted (fail-stop, as Kafka takes a log
 * directory offline): KAFKA_STORAGE_ERROR (56), which clients retry.
 */
const SYNC_FAILED_MESSAGE =
  'fsync of the log failed: the broker refuses writes until it is restarted (the batch was not stored)';

export function mapAppendError(result: Exclude<AppendResult, { status: 'ok' }>): MappedError {
  switch (result.status) {
    case 'topic-not-found':
    case 'queue-not-found':
      return { code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: null };
    case 'message-too-large':
      return { code: ErrorCode.MESSAGE_TOO_LARGE, message: `batch larger than ${result.maxBytes} bytes` };
    case 'storage-error':
      return {
        code: ErrorCode.KAFKA_STORAGE_ERROR,
        message: result.syncFailed === true ? SYNC_FAILED_MESSAGE : result.message,
      };
    default:
      return unreachable(result);
  }
}

/**
 * A rejected `durable` promise (the write or its fdatasync failed): KAFKA_STORAGE_ERROR (56), what Kafka
 * answers when a log directory fails. It is retriable; ferrymq keeps the partition online and the retry
 * succeeds once space is back.
 */
export function mapDurableError(err: unknown): MappedError {
  const code = err instanceof BrokerError ? err.code : undefined;
  return {
    code: ErrorCode.KAFKA_STORAGE_ERROR,
    message:
      code === 'BRK_ERR_STORE_DISK_FULL'
        ? 'disk full: the batch was not stored'
        : code === 'BRK_ERR_STORE_FSYNC_FAILED'
          ? SYNC_FAILED_MESSAGE
          : 'flush to disk failed',
  };
}

export function mapBatchError(error: BatchScanError): ErrorCodeValue {
  switch (error) {
    case 'corrupt-message':
      return ErrorCode.CORRUPT_MESSAGE;
    case 'invalid-record':
      return ErrorCode.INVALID_RECORD;
    case 'unsupported-magic':
      return ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT;
    case 'message-too-large':
      return ErrorCode.MESSAGE_TOO_LARGE;
    default:
      return unreachable(error);
  }
}

export function mapReadError(result: Exclude<ReadResult, { status: 'ok' }>): ErrorCodeValue {
  switch (result.status) {
    case 'offset-out-of-range':
      return ErrorCode.OFFSET_OUT_OF_RANGE;
    case 'topic-not-found':
    case 'queue-not-found':
      return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    case 'corrupt':
      return ErrorCode.KAFKA_STORAGE_ERROR;
    default:
      return unreachable(result);
  }
}

export function mapTopicError(result: Exclude<TopicResult, { status: 'ok' }>): MappedError {
  switch (result.status) {
    case 'topic-exists':
      return { code: ErrorCode.TOPIC_ALREADY_EXISTS, message: 'topic already exists' };
    case 'topic-not-found':
      return { code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: 'unknown topic' };
    case 'invalid-config':
      return { code: ErrorCode.INVALID_CONFIG, message: result.message };
    case 'invalid-queue-count':
      return { code: ErrorCode.INVALID_PARTITIONS, message: result.message };
    case 'invalid-topic-name':
      return { code: ErrorCode.INVALID_TOPIC_EXCEPTION, message: result.message };
    default:
      return unreachable(result);
  }
}

export function mapDeleteRecordsError(
  result: Exclude<DeleteRecordsResult, { status: 'ok' }>,
): ErrorCodeValue {
  switch (result.status) {
    case 'offset-out-of-range':
      return ErrorCode.OFFSET_OUT_OF_RANGE;
    case 'topic-not-found':
    case 'queue-not-found':
      return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    default:
      return unreachable(result);
  }
}

export function mapGroupError(error: GroupError): ErrorCodeValue {
  switch (error) {
    case 'invalid-group-id':
      return ErrorCode.INVALID_GROUP_ID;
    case 'invalid-session-timeout':
      return ErrorCode.INVALID_SESSION_TIMEOUT;
    case 'inconsistent-group-protocol':
      return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    case 'unknown-member-id':
      return ErrorCode.UNKNOWN_MEMBER_ID;
    case 'member-id-required':
      return ErrorCode.MEMBER_ID_REQUIRED;
    case 'illegal-generation':
      return ErrorCode.ILLEGAL_GENERATION;
    case 'rebalance-in-progress':
      return ErrorCode.REBALANCE_IN_PROGRESS;
    case 'fenced-instance-id':
      return ErrorCode.FENCED_INSTANCE_ID;
    case 'coordinator-not-available':
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case 'non-empty-group':
      return ErrorCode.NON_EMPTY_GROUP;
    case 'group-id-not-found':
      return ErrorCode.GROUP_ID_NOT_FOUND;
    case 'group-subscribed-to-topic':
      return ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC;
    default:
      return unreachable(error);
  }
}

/** An error code, or NONE for a null (successful) group outcome. */
export function groupErrorCode(error: GroupError | null): ErrorCodeValue {
  return error === null ? ErrorCode.NONE : mapGroupError(error);
}

export function mapSequenceError(error: SequenceError): ErrorCodeValue {
  switch (error) {
    case 'out-of-order-sequence':
      return ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER;
    case 'invalid-producer-epoch':
      return ErrorCode.INVALID_PRODUCER_EPOCH;
    default:
      return unreachable(error);
  }
}

/**
 * Transaction coordinator outcomes. `fencedAsEpoch` answers a fenced producer with INVALID_PRODUCER_EPOCH
 * (47) instead of PRODUCER_FENCED (90), for request versions older than KIP-588 and for Produce.
 */
export function mapTxnError(error: TxnError, fencedAsEpoch: boolean): ErrorCodeValue {
  switch (error) {
    case 'invalid-producer-id-mapping':
      return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    case 'producer-fenced':
      return fencedAsEpoch ? ErrorCode.INVALID_PRODUCER_EPOCH : ErrorCode.PRODUCER_FENCED;
    case 'concurrent-transactions':
      return ErrorCode.CONCURRENT_TRANSACTIONS;
    case 'invalid-txn-state':
      return ErrorCode.INVALID_TXN_STATE;
    case 'invalid-transaction-timeout':
      return ErrorCode.INVALID_TRANSACTION_TIMEOUT;
    case 'invalid-request':
      return ErrorCode.INVALID_REQUEST;
    case 'coordinator-not-available':
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case 'storage-error':
      return ErrorCode.KAFKA_STORAGE_ERROR;
    default:
      return unreachable(error);
  }
}

/** An error code, or NONE for a null (successful) coordinator outcome. */
export function txnErrorCode(error: TxnError | null, fencedAsEpoch: boolean): ErrorCodeValue {
  return error === null ? ErrorCode.NONE : mapTxnError(error, fencedAsEpoch);
}
