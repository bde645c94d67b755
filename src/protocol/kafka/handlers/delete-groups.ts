import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { mapGroupError } from '../map-store-error.js';
import {
  DeleteGroupsApi,
  decodeDeleteGroupsRequest,
  encodeDeleteGroupsResponse,
  type DeleteGroupsRequest,
  type DeleteGroupsResponse,
} from '../messages/delete-groups.js';

function handleDeleteGroups(ctx: RequestContext, request: DeleteGroupsRequest): DeleteGroupsResponse {
  const results = request.groupsNames.map((groupId) => {
    if (groupId === '') return { groupId, errorCode: ErrorCode.INVALID_GROUP_ID };
    const outcome = ctx.services.groups.deleteGroup(groupId);
    const errorCode =
      outcome === null
        ? ErrorCode.NONE
        : outcome === 'storage-error'
          ? ErrorCode.KAFKA_STORAGE_ERROR
          : mapGroupError(outcome);
    return { groupId, errorCode };
  });
  return { throttleTimeMs: 0, results };
}

export const deleteGroupsHandler = defineKafkaHandler({
  api: DeleteGroupsApi,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDeleteGroupsRequest,
  encode: encodeDeleteGroupsResponse,
  handle: handleDeleteGroups,
});
