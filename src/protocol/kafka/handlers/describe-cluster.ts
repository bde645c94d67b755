import { ErrorCode } from '../error-codes.js';
import { defineKafkaHandler, type RequestContext } from '../handler.js';
import {
  DescribeClusterApi,
  decodeDescribeClusterRequest,
  encodeDescribeClusterResponse,
  type DescribeClusterRequest,
  type DescribeClusterResponse,
} from '../messages/describe-cluster.js';

/** Endpoint types of DescribeCluster v1: 1 brokers, 2 controllers. */
const ENDPOINT_BROKERS = 1;
/** Cluster ACL operations, all allowed (no authorizer): ALTER 7, DESCRIBE 8, CLUSTER_ACTION 9,
 * DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11, IDEMPOTENT_WRITE 12, CREATE 5. */
const ALL_CLUSTER_OPERATIONS = [5, 7, 8, 9, 10, 11, 12].reduce((bits, op) => bits | (1 << op), 0);

function handleDescribeCluster(
  ctx: RequestContext,
  request: DescribeClusterRequest,
): DescribeClusterResponse {
  const { cluster } = ctx.services;
  if (request.endpointType !== ENDPOINT_BROKERS) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `endpoint type ${request.endpointType} is not served; ask for brokers (1)`,
      endpointType: request.endpointType,
      clusterId: cluster.clusterId,
      controllerId: -1,
      brokers: [],
      clusterAuthorizedOperations: -2147483648,
    };
  }
  return {
    throttleTimeMs: 0,
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    endpointType: ENDPOINT_BROKERS,
    clusterId: cluster.clusterId,
    controllerId: cluster.controllerId,
    brokers: cluster
      .kafkaBrokers()
      .map((b) => ({ brokerId: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
    clusterAuthorizedOperations: request.includeClusterAuthorizedOperations
      ? ALL_CLUSTER_OPERATIONS
      : -2147483648,
  };
}

export const describeClusterHandler = defineKafkaHandler({
  api: DescribeClusterApi,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 1,
  decode: decodeDescribeClusterRequest,
  encode: encodeDescribeClusterResponse,
  handle: handleDescribeCluster,
});
