import type { Writer } from '../codec/writer.js';
import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type KafkaHandler, type RequestContext } from '../handler.js';
import {
  ApiVersionsApi,
  decodeApiVersionsRequest,
  encodeApiVersionsResponse,
  type ApiVersionsRequest,
  type ApiVersionsResponse,
} from '../messages/api-versions.js';

/** The advertised table, built from the same handler list the dispatcher uses. */
function apiVersionsResponse(handlers: readonly KafkaHandler[], errorCode: number): ApiVersionsResponse {
  return {
    errorCode,
    apiKeys: [...handlers]
      .sort((a, b) => a.apiKey - b.apiKey)
      .map((h) => ({ apiKey: h.apiKey, minVersion: h.advertisedMinVersion, maxVersion: h.maxVersion })),
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1n,
    finalizedFeatures: [],
    zkMigrationReady: false,
  };
}

/** The answer to an ApiVersions version we do not serve: v0 format, UNSUPPORTED_VERSION, our ranges. */
export function encodeUnsupportedApiVersions(w: Writer, handlers: readonly KafkaHandler[]): void {
  encodeApiVersionsResponse(w, 0, apiVersionsResponse(handlers, ErrorCode.UNSUPPORTED_VERSION));
}

export const apiVersionsHandler = defineKafkaHandler({
  api: ApiVersionsApi,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  decode: decodeApiVersionsRequest,
  encode: encodeApiVersionsResponse,
  handle: (ctx: RequestContext, _request: ApiVersionsRequest) =>
    apiVersionsResponse(ctx.services.handlers, ErrorCode.NONE),
});
