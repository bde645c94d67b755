import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  DescribeGroupsApi,
  decodeDescribeGroupsRequest,
  encodeDescribeGroupsResponse,
  type DescribeGroupsRequest,
  type DescribeGroupsResponse,
  type DescribeGroupsResponseDescribedGroup,
} from '../messages/describe-groups.js';

const NOT_REQUESTED = -2147483648;
/** ACL operations READ (3), DELETE (6), DESCRIBE (8): everything is allowed (no authorizer). */
const GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
const EMPTY = Buffer.alloc(0);

function describe(
  ctx: RequestContext,
  groupId: string,
  withOps: boolean,
): DescribeGroupsResponseDescribedGroup {
  const authorizedOperations = withOps ? GROUP_OPERATIONS : NOT_REQUESTED;
  const base = { groupId, authorizedOperations, protocolType: '', protocolData: '', members: [] };
  if (groupId === '') return { ...base, errorCode: ErrorCode.INVALID_GROUP_ID, groupState: 'Dead' };
  const group = ctx.services.groups.getGroup(groupId);
  if (group === undefined) {
    const known = ctx.services.store.consumerOffsets.hasGroup(groupId);
    return { ...base, errorCode: ErrorCode.NONE, groupState: known ? 'Empty' : 'Dead' };
  }
  // Like Kafka, member metadata and assignments are shown only once the group is Stable.
  const stable = group.state === 'Stable';
  return {
    ...base,
    errorCode: ErrorCode.NONE,
    groupState: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: stable ? (group.protocolName ?? '') : '',
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: stable ? group.metadataFor(m, group.protocolName) : EMPTY,
      memberAssignment: stable ? m.assignment : EMPTY,
    })),
  };
}

function handleDescribeGroups(ctx: RequestContext, request: DescribeGroupsRequest): DescribeGroupsResponse {
  const withOps = ctx.apiVersion >= 3 && request.includeAuthorizedOperations;
  return { throttleTimeMs: 0, groups: request.groups.map((g) => describe(ctx, g, withOps)) };
}

export const describeGroupsHandler = defineKafkaHandler({
  api: DescribeGroupsApi,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 5,
  decode: decodeDescribeGroupsRequest,
  encode: encodeDescribeGroupsResponse,
  handle: handleDescribeGroups,
});
