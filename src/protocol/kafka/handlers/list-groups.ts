import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  ListGroupsApi,
  decodeListGroupsRequest,
  encodeListGroupsResponse,
  type ListGroupsRequest,
  type ListGroupsResponse,
} from '../messages/list-groups.js';

/** Every group here uses the classic protocol. */
const GROUP_TYPE = 'classic';

function handleListGroups(ctx: RequestContext, request: ListGroupsRequest): ListGroupsResponse {
  const states = new Set((ctx.apiVersion >= 4 ? request.statesFilter : []).map((s) => s.toLowerCase()));
  const types = new Set((ctx.apiVersion >= 5 ? request.typesFilter : []).map((s) => s.toLowerCase()));
  if (types.size > 0 && !types.has(GROUP_TYPE))
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups: [] };
  const groups = ctx.services.groups
    .listGroups()
    .filter((g) => states.size === 0 || states.has(g.state.toLowerCase()))
    .map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType,
      groupState: g.state,
      groupType: GROUP_TYPE,
    }));
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
}

export const listGroupsHandler = defineKafkaHandler({
  api: ListGroupsApi,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 5,
  decode: decodeListGroupsRequest,
  encode: encodeListGroupsResponse,
  handle: handleListGroups,
});
