/**
 * Errors thrown by the RocketMQ client. Outcomes a caller is expected to handle (a pull that found
 * nothing, a send stored with a flush warning) are values; these are failures: a broker or NameServer
 * answered with an error code, a request timed out, a connection closed, no route, misuse.
 */
export const CLIENT_ERROR_CODES = [
  /** The peer answered a request with a non-zero response code (see `responseCode`, `remark`). */
  'RMQ_CLIENT_RESPONSE',
  /** No response within the request's timeout. */
  'RMQ_CLIENT_TIMEOUT',
  /** The connection closed (or could not be opened) before the response arrived. */
  'RMQ_CLIENT_CONNECTION',
  /** No NameServer knows the topic, or no broker of its route is reachable/writable. */
  'RMQ_CLIENT_NO_ROUTE',
  /** The client is not started, already shut down, or was given an invalid argument. */
  'RMQ_CLIENT_STATE',
  /** The peer sent bytes the client cannot decode. */
  'RMQ_CLIENT_DECODE',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export class RocketClientError extends Error {
  readonly code: ClientErrorCode;
  /** The remoting response code, for RMQ_CLIENT_RESPONSE. */
  readonly responseCode: number | undefined;
  /** The response remark, for RMQ_CLIENT_RESPONSE. */
  readonly remark: string | undefined;
  constructor(
    code: ClientErrorCode,
    message: string,
    options?: { cause?: unknown; responseCode?: number; remark?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RocketClientError';
    this.code = code;
    this.responseCode = options?.responseCode;
    this.remark = options?.remark;
  }
}
