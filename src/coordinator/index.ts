export { loadClusterIdentity, type ClusterIdentity } from './cluster-identity.js';
export { ClusterView, type BrokerEndpoint } from './cluster-view.js';
