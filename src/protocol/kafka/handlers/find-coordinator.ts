import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  FindCoordinatorApi,
  decodeFindCoordinatorRequest,
  encodeFindCoordinatorResponse,
  type FindCoordinatorRequest,
  type FindCoordinatorResponse,
  type FindCoordinatorResponseCoordinator,
} from '../messages/find-coordinator.js';

const KEY_TYPE_GROUP = 0;
const KEY_TYPE_TRANSACTION = 1;

/** Every group and transactional id is coordinated by this node. */
function coordinatorFor(
  ctx: RequestContext,
  key: string,
  keyType: number,
): FindCoordinatorResponseCoordinator {
  const self = ctx.services.cluster.kafkaBrokers()[0];
  if ((keyType !== KEY_TYPE_GROUP && keyType !== KEY_TYPE_TRANSACTION) || self === undefined) {
    return {
      key,
      nodeId: -1,
      host: '',
      port: -1,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `unknown key type ${keyType}`,
    };
  }
  return {
    key,
    nodeId: self.nodeId,
    host: self.host,
    port: self.port,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
  };
}

function handleFindCoordinator(
  ctx: RequestContext,
  request: FindCoordinatorRequest,
): FindCoordinatorResponse {
  if (ctx.apiVersion >= 4) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      nodeId: -1,
      host: '',
      port: -1,
      coordinators: request.coordinatorKeys.map((k) => coordinatorFor(ctx, k, request.keyType)),
    };
  }
  const c = coordinatorFor(ctx, request.key, request.keyType);
  return {
    throttleTimeMs: 0,
    errorCode: c.errorCode,
    errorMessage: c.errorMessage,
    nodeId: c.nodeId,
    host: c.host,
    port: c.port,
    coordinators: [],
  };
}

export const findCoordinatorHandler = defineKafkaHandler({
  api: FindCoordinatorApi,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 5,
  decode: decodeFindCoordinatorRequest,
  encode: encodeFindCoordinatorResponse,
  handle: handleFindCoordinator,
});
