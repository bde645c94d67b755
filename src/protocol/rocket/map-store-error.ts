import type { AppendResult, ReadResult } from '../../store/index.js';
import { ResponseCode } from './response-codes.js';

type AppendFailure = Exclude<AppendResult, { status: 'ok' }>;
type ReadFailure = Exclude<ReadResult, { status: 'ok' | 'offset-out-of-range' }>;

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
      return { code: ResponseCode.SYSTEM_ERROR, remark: `store failed: ${r.message}` };
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
