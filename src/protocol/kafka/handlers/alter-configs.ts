import { ResourceType } from '../config-catalog.js';
import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapTopicError } from '../map-store-error.js';
import {
  AlterConfigsApi,
  decodeAlterConfigsRequest,
  encodeAlterConfigsResponse,
  type AlterConfigsRequest,
  type AlterConfigsResponse,
} from '../messages/alter-configs.js';

export interface AlterOutcome {
  errorCode: number;
  errorMessage: string | null;
}

/** Shared by AlterConfigs and IncrementalAlterConfigs: only topic configs can change at run time. */
export async function alterTopic(
  ctx: RequestContext,
  resourceType: number,
  resourceName: string,
  changes: Record<string, string | null>,
  mode: 'set' | 'incremental',
  validateOnly: boolean,
): Promise<AlterOutcome> {
  if (resourceType === ResourceType.BROKER) {
    return {
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'broker settings are fixed at start (flags, FERRYMQ_* variables or the config file)',
    };
  }
  if (resourceType !== ResourceType.TOPIC) {
    return {
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `resource type ${resourceType} is not supported`,
    };
  }
  const result = await ctx.services.store.alterTopicConfig(resourceName, changes, mode, validateOnly);
  if (result.status === 'ok') return { errorCode: ErrorCode.NONE, errorMessage: null };
  const mapped = mapTopicError(result);
  return { errorCode: mapped.code, errorMessage: mapped.message };
}

async function handleAlterConfigs(
  ctx: RequestContext,
  request: AlterConfigsRequest,
): Promise<AlterConfigsResponse> {
  const response: AlterConfigsResponse = { throttleTimeMs: 0, responses: [] };
  for (const r of request.resources) {
    const changes: Record<string, string | null> = {};
    for (const c of r.configs) changes[c.name] = c.value;
    const outcome = await alterTopic(
      ctx,
      r.resourceType,
      r.resourceName,
      changes,
      'set',
      request.validateOnly,
    );
    response.responses.push({ ...outcome, resourceType: r.resourceType, resourceName: r.resourceName });
  }
  return response;
}

export const alterConfigsHandler = defineKafkaHandler({
  api: AlterConfigsApi,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 2,
  decode: decodeAlterConfigsRequest,
  encode: encodeAlterConfigsResponse,
  handle: handleAlterConfigs,
});
