/**
 * The Kafka APIs the broker generates codecs for. Each entry reads `<name>Request.json` and
 * `<name>Response.json`; the key is checked against the schema. Adding an API here and running
 * `npm run codegen` is all it takes to get its codec.
 */
export interface ApiEntry {
  readonly name: string;
  readonly apiKey: number;
}

export const APIS: readonly ApiEntry[] = [
  { name: 'Produce', apiKey: 0 },
  { name: 'Fetch', apiKey: 1 },
  { name: 'ListOffsets', apiKey: 2 },
  { name: 'Metadata', apiKey: 3 },
  { name: 'OffsetCommit', apiKey: 8 },
  { name: 'OffsetFetch', apiKey: 9 },
  { name: 'FindCoordinator', apiKey: 10 },
  { name: 'JoinGroup', apiKey: 11 },
  { name: 'Heartbeat', apiKey: 12 },
  { name: 'LeaveGroup', apiKey: 13 },
  { name: 'SyncGroup', apiKey: 14 },
  { name: 'DescribeGroups', apiKey: 15 },
  { name: 'ListGroups', apiKey: 16 },
  { name: 'SaslHandshake', apiKey: 17 },
  { name: 'ApiVersions', apiKey: 18 },
  { name: 'CreateTopics', apiKey: 19 },
  { name: 'DeleteTopics', apiKey: 20 },
  { name: 'DeleteRecords', apiKey: 21 },
  { name: 'InitProducerId', apiKey: 22 },
  { name: 'AddPartitionsToTxn', apiKey: 24 },
  { name: 'AddOffsetsToTxn', apiKey: 25 },
  { name: 'EndTxn', apiKey: 26 },
  { name: 'TxnOffsetCommit', apiKey: 28 },
  { name: 'DescribeConfigs', apiKey: 32 },
  { name: 'AlterConfigs', apiKey: 33 },
  { name: 'SaslAuthenticate', apiKey: 36 },
  { name: 'CreatePartitions', apiKey: 37 },
  { name: 'DeleteGroups', apiKey: 42 },
  { name: 'IncrementalAlterConfigs', apiKey: 44 },
  { name: 'OffsetDelete', apiKey: 47 },
  { name: 'DescribeCluster', apiKey: 60 },
  { name: 'DescribeTransactions', apiKey: 65 },
  { name: 'ListTransactions', apiKey: 66 },
];

/** Header schemas, generated beside the APIs. */
export const HEADERS: readonly string[] = ['RequestHeader', 'ResponseHeader'];
