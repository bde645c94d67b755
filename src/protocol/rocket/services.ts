import type { KvConfigStore, RouteRegistry } from '../../coordinator/index.js';
import type { BatchDecompressor, HostPort } from '../../model/index.js';
import type { AppendWaiters, MessageStore } from '../../store/index.js';
import type { BrokerAdmin } from './broker-admin.js';
import type { ClientRegistry } from './client-registry.js';
import type { QueueLocks } from './queue-locks.js';
import type { TransactionLog } from './transactions/transaction-log.js';

/** Who this broker is, as registered with the NameServer. */
export interface BrokerIdentity {
  clusterName: string;
  brokerName: string;
  brokerId: number;
  /** "host:port" of the main remoting listener, as handed to clients. */
  addr: string;
  /** The STOREHOST written into stored messages and message ids. */
  storeHost: HostPort;
}

/** Everything RocketMQ processors use; built once by the broker. */
export interface RocketServices {
  store: MessageStore;
  waiters: AppendWaiters;
  routes: RouteRegistry;
  /** The NameServer's KV config; set where a NameServer listens (in-process or `ferrymq namesrv`). */
  kvConfig?: KvConfigStore;
  clients: ClientRegistry;
  /** Admin state (subscription groups, client details, runtime statistics); set by the broker front end. */
  admin?: BrokerAdmin;
  broker: BrokerIdentity;
  autoCreateTopics: boolean;
  /** Cap when a Kafka batch must be decompressed to serve it to a RocketMQ pull. */
  maxDecompressedBytes: number;
  /** Decompresses Kafka record-batch bodies (supplied by the composition root). */
  decompressBatch: BatchDecompressor;
  /** Delay of each RocketMQ delay level in ms, level 1 first (`--delay-levels`). */
  delayLevelsMs: readonly number[];
  /** Re-registers this broker's topics with the in-process NameServer when they changed. */
  refreshLocalRoutes(): void;
  nowMs(): number;
  /** Ordered-consumption locks (LOCK_BATCH_MQ / UNLOCK_BATCH_MQ); set by the broker front end. */
  queueLocks?: QueueLocks;
  /** Transactional-message state (half and op queues); set by the broker front end. */
  transactions?: TransactionLog;
  /** SQL92 property filters (`enablePropertyFilter`); true when absent. */
  enablePropertyFilter?: boolean;
}
