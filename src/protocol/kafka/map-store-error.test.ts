import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../errors.js';
import { ErrorCode } from './error-codes.js';
import {
  mapAppendError,
  mapBatchError,
  mapDurableError,
  groupErrorCode,
  mapDeleteRecordsError,
  mapGroupError,
  mapReadError,
  mapTopicError,
} from './map-store-error.js';

describe('store outcome to Kafka error code', () => {
  it('maps append outcomes', () => {
    expect(mapAppendError({ status: 'topic-not-found' }).code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(mapAppendError({ status: 'queue-not-found' }).code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(mapAppendError({ status: 'message-too-large', maxBytes: 5 }).code).toBe(
      ErrorCode.MESSAGE_TOO_LARGE,
    );
    expect(mapAppendError({ status: 'storage-error', message: 'x' }).code).toBe(
      ErrorCode.KAFKA_STORAGE_ERROR,
    );
  });

  it('maps a failed write or fsync (disk full included) to KAFKA_STORAGE_ERROR', () => {
    expect(mapDurableError(new BrokerError('BRK_ERR_STORE_DISK_FULL', 'x'))).toEqual({
      code: ErrorCode.KAFKA_STORAGE_ERROR,
      message: 'disk full: the batch was not stored',
    });
    expect(mapDurableError(new BrokerError('BRK_ERR_STORE_IO', 'x')).code).toBe(
      ErrorCode.KAFKA_STORAGE_ERROR,
    );
  });

  it('maps the fail-stop after a failed fsync to KAFKA_STORAGE_ERROR saying a restart is needed', () => {
    const refused = mapAppendError({ status: 'storage-error', message: 'x', syncFailed: true });
    expect(refused.code).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(refused.message).toMatch(/fsync .* until it is restarted/);
    expect(mapDurableError(new BrokerError('BRK_ERR_STORE_FSYNC_FAILED', 'x'))).toEqual(refused);
  });

  it('maps batch validation outcomes', () => {
    expect(mapBatchError('corrupt-message')).toBe(2);
    expect(mapBatchError('invalid-record')).toBe(87);
    expect(mapBatchError('unsupported-magic')).toBe(43);
    expect(mapBatchError('message-too-large')).toBe(10);
  });

  it('maps read outcomes', () => {
    expect(mapReadError({ status: 'offset-out-of-range', logStartOffset: 0, highWatermark: 1 })).toBe(1);
    expect(mapReadError({ status: 'topic-not-found' })).toBe(3);
    expect(mapReadError({ status: 'queue-not-found' })).toBe(3);
    expect(mapReadError({ status: 'corrupt', message: 'x' })).toBe(56);
  });

  it('maps topic administration outcomes', () => {
    expect(mapTopicError({ status: 'topic-exists' }).code).toBe(36);
    expect(mapTopicError({ status: 'topic-not-found' }).code).toBe(3);
    expect(mapTopicError({ status: 'invalid-config', message: 'm' })).toEqual({ code: 40, message: 'm' });
    expect(mapTopicError({ status: 'invalid-queue-count', message: 'm' }).code).toBe(37);
    expect(mapTopicError({ status: 'invalid-topic-name', message: 'm' }).code).toBe(17);
    expect(
      mapDeleteRecordsError({ status: 'offset-out-of-range', logStartOffset: 0, highWatermark: 0 }),
    ).toBe(1);
    expect(mapDeleteRecordsError({ status: 'topic-not-found' })).toBe(3);
  });

  it('maps consumer-group outcomes', () => {
    expect(groupErrorCode(null)).toBe(0);
    expect(mapGroupError('illegal-generation')).toBe(22);
    expect(mapGroupError('inconsistent-group-protocol')).toBe(23);
    expect(mapGroupError('invalid-group-id')).toBe(24);
    expect(mapGroupError('unknown-member-id')).toBe(25);
    expect(mapGroupError('invalid-session-timeout')).toBe(26);
    expect(mapGroupError('rebalance-in-progress')).toBe(27);
    expect(mapGroupError('coordinator-not-available')).toBe(15);
    expect(mapGroupError('non-empty-group')).toBe(68);
    expect(mapGroupError('group-id-not-found')).toBe(69);
    expect(mapGroupError('member-id-required')).toBe(79);
    expect(mapGroupError('fenced-instance-id')).toBe(82);
    expect(mapGroupError('group-subscribed-to-topic')).toBe(86);
  });
});
