/**
 * Infrastructure failures and bugs. Expected outcomes are values (see store/results.ts);
 * malformed input throws ProtocolDecodeError. Every code here is listed in docs/errors.md,
 * and src/errors.test.ts fails when the two differ.
 */
export const BROKER_ERROR_CODES = [
  'BRK_ERR_CONFIG_INVALID',
  'BRK_ERR_STORE_IO',
  'BRK_ERR_STORE_SEGMENT_CORRUPT',
  'BRK_ERR_STORE_CLOSED',
  'BRK_ERR_STORE_DISK_FULL',
  'BRK_ERR_STORE_FSYNC_FAILED',
  'BRK_ERR_STORE_METADATA_CORRUPT',
  'BRK_ERR_ROCKET_METADATA_CORRUPT',
  'BRK_ERR_NAMESRV_KV_CORRUPT',
  'BRK_ERR_NET_FRAME_TOO_LARGE',
  'BRK_ERR_PROTOCOL_DECODE',
  'BRK_ERR_PROTOCOL_ENCODE',
  'BRK_ERR_COMPRESSION',
  'BRK_ERR_INVARIANT',
] as const;

export type BrokerErrorCode = (typeof BROKER_ERROR_CODES)[number];

export class BrokerError extends Error {
  readonly code: BrokerErrorCode;
  constructor(code: BrokerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BrokerError';
    this.code = code;
  }
}

/** Malformed bytes from a peer. Names the field being read and where. */
export class ProtocolDecodeError extends BrokerError {
  readonly field: string;
  readonly offset: number;
  constructor(field: string, offset: number, message: string) {
    super('BRK_ERR_PROTOCOL_DECODE', `${field} at byte ${offset}: ${message}`);
    this.name = 'ProtocolDecodeError';
    this.field = field;
    this.offset = offset;
  }
}
