export { loadClusterIdentity, type ClusterIdentity } from './cluster-identity.js';
export { ClusterView, type BrokerEndpoint } from './cluster-view.js';
export {
  DEFAULT_KV_CONFIG_MAX_BYTES,
  KV_CONFIG_FILE,
  KvConfigStore,
  type KvPutResult,
} from './kv-config-store.js';
export {
  BROKER_EXPIRE_MS,
  PERM_INHERIT,
  PERM_READ,
  PERM_WRITE,
  RouteRegistry,
  type BrokerRegistration,
  type BrokerRoute,
  type DataVersion,
  type QueueRoute,
  type TopicQueueConfig,
  type TopicRoute,
} from './route-registry.js';
