import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { groupErrorCode } from '../map-store-error.js';
import {
  LeaveGroupApi,
  decodeLeaveGroupRequest,
  encodeLeaveGroupResponse,
  type LeaveGroupRequest,
  type LeaveGroupResponse,
} from '../messages/leave-group.js';

/** v0-2 name one member; v3+ a batch of members (by member id and/or group.instance.id). */
function handleLeaveGroup(ctx: RequestContext, request: LeaveGroupRequest): LeaveGroupResponse {
  const batch = ctx.apiVersion >= 3;
  const refs = batch
    ? request.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }))
    : [{ memberId: request.memberId, groupInstanceId: null }];
  const errors = ctx.services.groups.leave(request.groupId, refs);
  const codes = errors.map(groupErrorCode);
  return {
    throttleTimeMs: 0,
    errorCode: batch ? ErrorCode.NONE : (codes[0] ?? ErrorCode.NONE),
    members: batch
      ? refs.map((r, i) => ({
          memberId: r.memberId,
          groupInstanceId: r.groupInstanceId,
          errorCode: codes[i] ?? ErrorCode.NONE,
        }))
      : [],
  };
}

export const leaveGroupHandler = defineKafkaHandler({
  api: LeaveGroupApi,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 5,
  decode: decodeLeaveGroupRequest,
  encode: encodeLeaveGroupResponse,
  handle: handleLeaveGroup,
});
