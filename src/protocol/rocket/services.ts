import type { RouteRegistry } from '../../coordinator/index.js';
import type { BatchDecompressor, HostPort } from '../../model/index.js';
import type { AppendWaiters, MessageStore } from '../../store/index.js';
import type { ClientRegistry } from './client-registry.js';

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
  clients: ClientRegistry;
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
}
