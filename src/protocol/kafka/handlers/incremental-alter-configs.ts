import { TOPIC_CONFIG_TYPES, ConfigType } from '../config-catalog.js';
import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  IncrementalAlterConfigsApi,
  decodeIncrementalAlterConfigsRequest,
  encodeIncrementalAlterConfigsResponse,
  type IncrementalAlterConfigsRequest,
  type IncrementalAlterConfigsResponse,
} from '../messages/incremental-alter-configs.js';
import { alterTopic } from './alter-configs.js';

const Op = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

type Resource = IncrementalAlterConfigsRequest['resources'][number];

/** Turns the operations into a change set (null = back to the default); list operations only on list configs. */
function changesOf(ctx: RequestContext, r: Resource): Record<string, string | null> | string {
  const topic = ctx.services.store.getTopic(r.resourceName);
  const defaults = ctx.services.store.defaultTopicConfig();
  const changes: Record<string, string | null> = {};
  for (const c of r.configs) {
    switch (c.configOperation) {
      case Op.SET:
        changes[c.name] = c.value;
        break;
      case Op.DELETE:
        changes[c.name] = null;
        break;
      case Op.APPEND:
      case Op.SUBTRACT: {
        if (TOPIC_CONFIG_TYPES[c.name] !== ConfigType.LIST) return `${c.name} is not a list config`;
        const current = (changes[c.name] ?? topic?.overrides[c.name] ?? defaults[c.name] ?? '')
          .split(',')
          .filter((s) => s !== '');
        const items = (c.value ?? '').split(',').filter((s) => s !== '');
        const next =
          c.configOperation === Op.APPEND
            ? [...current, ...items.filter((i) => !current.includes(i))]
            : current.filter((i) => !items.includes(i));
        changes[c.name] = next.join(',');
        break;
      }
      default:
        return `unknown config operation ${c.configOperation}`;
    }
  }
  return changes;
}

async function handleIncrementalAlterConfigs(
  ctx: RequestContext,
  request: IncrementalAlterConfigsRequest,
): Promise<IncrementalAlterConfigsResponse> {
  const response: IncrementalAlterConfigsResponse = { throttleTimeMs: 0, responses: [] };
  for (const r of request.resources) {
    const changes = changesOf(ctx, r);
    const outcome =
      typeof changes === 'string'
        ? { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: changes }
        : await alterTopic(ctx, r.resourceType, r.resourceName, changes, 'incremental', request.validateOnly);
    response.responses.push({ ...outcome, resourceType: r.resourceType, resourceName: r.resourceName });
  }
  return response;
}

export const incrementalAlterConfigsHandler = defineKafkaHandler({
  api: IncrementalAlterConfigsApi,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  decode: decodeIncrementalAlterConfigsRequest,
  encode: encodeIncrementalAlterConfigsResponse,
  handle: handleIncrementalAlterConfigs,
});
