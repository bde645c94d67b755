import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { groupErrorCode } from '../map-store-error.js';
import {
  SyncGroupApi,
  decodeSyncGroupRequest,
  encodeSyncGroupResponse,
  type SyncGroupRequest,
  type SyncGroupResponse,
} from '../messages/sync-group.js';

async function handleSyncGroup(ctx: RequestContext, request: SyncGroupRequest): Promise<SyncGroupResponse> {
  const outcome = await ctx.services.groups.sync({
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: ctx.apiVersion >= 3 ? request.groupInstanceId : null,
    protocolType: ctx.apiVersion >= 5 ? request.protocolType : null,
    protocolName: ctx.apiVersion >= 5 ? request.protocolName : null,
    assignments: request.assignments.map((a) => ({
      memberId: a.memberId,
      assignment: Buffer.from(a.assignment),
    })),
  });
  return {
    throttleTimeMs: 0,
    errorCode: groupErrorCode(outcome.error),
    protocolType: outcome.protocolType,
    protocolName: outcome.protocolName,
    assignment: outcome.assignment,
  };
}

export const syncGroupHandler = defineKafkaHandler({
  api: SyncGroupApi,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 5,
  decode: decodeSyncGroupRequest,
  encode: encodeSyncGroupResponse,
  handle: handleSyncGroup,
});
