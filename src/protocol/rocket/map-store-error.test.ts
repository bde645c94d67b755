import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../errors.js';
import { mapAppendError, mapDurableError } from './map-store-error.js';
import { ResponseCode } from './response-codes.js';

describe('store outcome to RocketMQ response code', () => {
  it('answers a full disk with SERVICE_NOT_AVAILABLE, as RocketMQ does once its store is unwritable', () => {
    const full = mapAppendError({ status: 'storage-error', message: 'x', diskFull: true });
    expect(full.code).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    expect(full.remark).toMatch(/disk is full/);
    expect(mapDurableError(new BrokerError('BRK_ERR_STORE_DISK_FULL', 'x'))).toEqual(full);
  });

  it('answers the fail-stop after a failed fsync with SERVICE_NOT_AVAILABLE and a remark naming it', () => {
    const refused = mapAppendError({ status: 'storage-error', message: 'x', syncFailed: true });
    expect(refused.code).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    expect(refused.remark).toMatch(/fsync of the commit log failed/);
    expect(mapDurableError(new BrokerError('BRK_ERR_STORE_FSYNC_FAILED', 'x'))).toEqual(refused);
  });

  it('answers other I/O failures with SYSTEM_ERROR', () => {
    expect(mapAppendError({ status: 'storage-error', message: 'EIO' })).toEqual({
      code: ResponseCode.SYSTEM_ERROR,
      remark: 'store failed: EIO',
    });
    expect(mapDurableError(new BrokerError('BRK_ERR_STORE_IO', 'x')).code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(mapDurableError(new Error('x')).code).toBe(ResponseCode.SYSTEM_ERROR);
  });
});
