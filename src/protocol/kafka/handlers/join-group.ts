import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { groupErrorCode } from '../map-store-error.js';
import {
  JoinGroupApi,
  decodeJoinGroupRequest,
  encodeJoinGroupResponse,
  type JoinGroupRequest,
  type JoinGroupResponse,
} from '../messages/join-group.js';

/** JoinGroup v4+ clients get MEMBER_ID_REQUIRED first (KIP-394) and rejoin with the id it carries. */
const REQUIRE_KNOWN_MEMBER_ID_VERSION = 4;

async function handleJoinGroup(ctx: RequestContext, request: JoinGroupRequest): Promise<JoinGroupResponse> {
  const outcome = await ctx.services.groups.join({
    groupId: request.groupId,
    memberId: request.memberId,
    groupInstanceId: ctx.apiVersion >= 5 ? request.groupInstanceId : null,
    clientId: ctx.clientId ?? '',
    clientHost: '',
    sessionTimeoutMs: request.sessionTimeoutMs,
    // v0 has no rebalance timeout: Kafka uses the session timeout.
    rebalanceTimeoutMs:
      request.rebalanceTimeoutMs >= 0 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
    protocolType: request.protocolType,
    protocols: request.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
    requireKnownMemberId: ctx.apiVersion >= REQUIRE_KNOWN_MEMBER_ID_VERSION,
  });
  return {
    throttleTimeMs: 0,
    errorCode: groupErrorCode(outcome.error),
    generationId: outcome.generationId,
    protocolType: outcome.protocolType,
    // Before v7 the protocol name is not nullable.
    protocolName: outcome.protocolName ?? (ctx.apiVersion >= 7 ? null : ''),
    leader: outcome.leaderId,
    skipAssignment: outcome.skipAssignment,
    memberId: outcome.memberId,
    members: outcome.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata,
    })),
  };
}

export const joinGroupHandler = defineKafkaHandler({
  api: JoinGroupApi,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 9,
  decode: decodeJoinGroupRequest,
  encode: encodeJoinGroupResponse,
  handle: handleJoinGroup,
});
