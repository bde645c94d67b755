import { defineKafkaHandler, type RequestContext } from '../handler.js';
import { groupErrorCode } from '../map-store-error.js';
import {
  HeartbeatApi,
  decodeHeartbeatRequest,
  encodeHeartbeatResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
} from '../messages/heartbeat.js';

function handleHeartbeat(ctx: RequestContext, request: HeartbeatRequest): HeartbeatResponse {
  const error = ctx.services.groups.heartbeat(
    request.groupId,
    request.generationId,
    request.memberId,
    ctx.apiVersion >= 3 ? request.groupInstanceId : null,
  );
  return { throttleTimeMs: 0, errorCode: groupErrorCode(error) };
}

export const heartbeatHandler = defineKafkaHandler({
  api: HeartbeatApi,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 4,
  decode: decodeHeartbeatRequest,
  encode: encodeHeartbeatResponse,
  handle: handleHeartbeat,
});
