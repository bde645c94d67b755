import type { BrokerConfig } from '../../config.js';
import type { ClusterView } from '../../coordinator/index.js';
import type { AppendWaiters, MessageStore } from '../../store/index.js';
import type { GroupCoordinator } from './groups/index.js';
import type { KafkaHandler } from './handler.js';
import type { ProducerStates, TransactionCoordinator } from './transactions/index.js';

/** Everything a Kafka handler may use, built once per broker. */
export interface KafkaServices {
  store: MessageStore;
  cluster: ClusterView;
  config: BrokerConfig;
  waiters: AppendWaiters;
  /** Consumer-group membership (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, commit checks). */
  groups: GroupCoordinator;
  /** Per-partition producer state: sequence checks, open transactions (LSO), aborted transactions. */
  producerStates: ProducerStates;
  /** Transactional ids, producer id allocation, markers (InitProducerId, AddPartitionsToTxn, EndTxn...). */
  transactions: TransactionCoordinator;
  /** The supported APIs, as the dispatcher uses them (ApiVersions answers from this list). */
  handlers: readonly KafkaHandler[];
}
