import { BrokerError } from '../../errors.js';
import type { AppendResult, ReadResult, TopicResult } from '../../store/index.js';
import { ResponseCode } from './response-codes.js';

type AppendFailure = Exclude<AppendResult, { status: 'ok' }>;
type ReadFailure = Exclude<ReadResult, { status: 'ok' | 'offset-out-of-range' }>;

/**
 * A full disk: RocketMQ marks its store unwritable and answers SERVICE_NOT_AVAILABLE (14), which
 * producers retry (on another broker when there is one). Other I/O failures answer SYSTEM_ERROR (1).
 */
const DISK_FULL = {
  code: ResponseCode.SERVICE_NOT_AVAILABLE,
  remark: "service not available now: the broker's disk is full (the message was not stored)",
} as const;

/**
 * After a failed fsync of the commit log the store refuses every append until restarted (fail-stop):
 * SERVICE_NOT_AVAILABLE (14), what RocketMQ answers while its store is not writeable.
 */
const SYNC_FAILED = {
  code: ResponseCode.SERVICE_NOT_AVAILABLE,
  remark:
    'service not available now: an fsync of the commit log failed, the broker refuses writes until it is restarted (the message was not stored)',
} as const;

/** A rejected `durable` promise (the write or its fdatasync failed) -> RocketMQ response code and remark. */
export function mapDurableError(err: unknown): { code: ResponseCode; remark: string } {
  if (err instanceof BrokerError && err.code === 'BRK_ERR_STORE_DISK_FULL') return DISK_FULL;
  if (err instanceof BrokerError && err.code === 'BRK_ERR_STORE_FSYNC_FAILED') return SYNC_FAILED;
  return { code: ResponseCode.SYSTEM_ERROR, remark: 'flush to disk failed' };
}

/** Store append outcomes -> RocketMQ response code and remark (exhaustive). */
export function mapAppendError(r: AppendFailure): { code: ResponseCode; remark: string } {
  switch (r.status) {
    case 'topic-not-found':
      return { code: ResponseCode.TOPIC_NOT_EXIST, remark: 'topic not exist, apply first please!' };
    case 'queue-not-found':
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'queueId is illegal' };
    case 'message-too-large':
      return { code: ResponseCode.MESSAGE_ILLEGAL, remark: `the message is larger than ${r.maxBytes} bytes` };
    case 'storage-error':
      if (r.syncFailed === true) return SYNC_FAILED;
      return r.diskFull === true
        ? DISK_FULL
        : { code: ResponseCode.SYSTEM_ERROR, remark: `store failed: ${r.message}` };
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** Store read failures -> RocketMQ response code and remark (exhaustive). */
export function mapReadError(r: ReadFailure): { code: ResponseCode; remark: string } {
  switch (r.status) {
    case 'topic-not-found':
      return { code: ResponseCode.TOPIC_NOT_EXIST, remark: 'topic not exist' };
    case 'queue-not-found':
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'queueId is illegal' };
    case 'corrupt':
      return { code: ResponseCode.SYSTEM_ERROR, remark: `store read failed: ${r.message}` };
    default: {
      const never: never = r;
      return never;
    }
  }
}

type TopicFailure = Exclude<TopicResult, { status: 'ok' }>;

/** Store topic-admin outcomes (create, grow, delete) -> RocketMQ response code and remark (exhaustive). */
export function mapTopicAdminError(topic: string, r: TopicFailure): { code: ResponseCode; remark: string } {
  switch (r.status) {
    case 'topic-not-found':
      return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${topic}] not exist` };
    case 'topic-exists':
      return { code: ResponseCode.TOPIC_EXIST_ALREADY, remark: `topic[${topic}] already exists` };
    case 'invalid-topic-name':
    case 'invalid-queue-count':
    case 'invalid-config':
      return { code: ResponseCode.SYSTEM_ERROR, remark: r.message };
    default: {
      const never: never = r;
      return never;
    }
  }
}
