import { KvConfigStore, RouteRegistry } from '../../coordinator/index.js';
import type { Logger } from '../../logger.js';
import type { BatchDecompressor } from '../../model/index.js';
import type { AppendWaiters, MessageStore } from '../../store/index.js';
import { createBrokerAdmin } from './broker-admin.js';
import { ClientRegistry } from './client-registry.js';
import { notifyConsumerIdsChanged } from './consumer-ids-notifier.js';
import { hostPortOf } from './codec/message-codec.js';
import { DelayScheduler } from './delay-scheduler.js';
import { RocketDispatcher } from './dispatcher.js';
import { LocalBrokerRegistration } from './local-broker-registration.js';
import { ROCKET_PROCESSORS } from './processors/index.js';
import { RemoteBrokerRegistration } from './remote-broker-registration.js';
import { DEFAULT_QUEUE_LOCK_EXPIRE_MS, QueueLocks } from './queue-locks.js';
import { RocketListener } from './rocket-listener.js';
import type { RocketServices } from './services.js';
import { TransactionChecker } from './transactions/transaction-checker.js';
import { TransactionLog } from './transactions/transaction-log.js';
import {
  DEFAULT_TRANSACTION_CHECK_INTERVAL_MS,
  DEFAULT_TRANSACTION_CHECK_MAX,
  DEFAULT_TRANSACTION_TIMEOUT_MS,
} from './transactions/transaction-topics.js';

export interface RocketFrontEndOptions {
  host: string;
  advertisedHost: string;
  /** Broker port; 0 = OS-picked (then no VIP channel). The VIP channel listens on port - 2 when port >= 2. */
  remotingPort: number;
  /** NameServer port; 0 = OS-picked. */
  namesrvPort: number;
  maxConnections: number;
  /** Unanswered requests per connection before it stops being read; the listener's default when absent. */
  maxInflightRequests?: number;
  autoCreateTopics: boolean;
  maxDecompressedBytes: number;
  clusterName: string;
  brokerName: string;
  decompressBatch: BatchDecompressor;
  /** Delay of each delay level in ms, level 1 first. */
  delayLevelsMs: readonly number[];
  /** Remote NameServers ("host:port") to register with; empty = serve an in-process NameServer. */
  namesrvAddrs: readonly string[];
  /** The broker's data directory: subscription-groups.json and disk usage; in memory when absent. */
  dataDir?: string;
  /** Where the in-process NameServer keeps kvConfig.json (`<dataDir>/namesrv`); without it the KV codes answer SYSTEM_ERROR. */
  namesrvDataDir?: string;
  /** A client silent (no HEART_BEAT) this long is dropped from its groups and disconnected; 120 s when absent. */
  clientExpireMs?: number;
  /** Send NOTIFY_CONSUMER_IDS_CHANGED when a clustering group's members change; true when absent. */
  notifyConsumerIdsChangedEnable?: boolean;
  /** Transaction check pass period (60 s when absent); also the delay before the first pass. */
  transactionCheckIntervalMs?: number;
  /** Age before a half message is first checked (6 s when absent). */
  transactionTimeoutMs?: number;
  /** Checks before a half message is discarded to TRANS_CHECK_MAX_TIME_TOPIC (15 when absent). */
  transactionCheckMax?: number;
  /** Ordered-consumption queue lock lifetime without renewal (60 s when absent). */
  queueLockExpireMs?: number;
  /** Serve SQL92 subscriptions; true when absent. */
  enablePropertyFilter?: boolean;
}

export interface RocketAddresses {
  broker: { host: string; port: number };
  vip: { host: string; port: number } | null;
  /** Null when the broker registers with remote NameServers instead. */
  namesrv: { host: string; port: number } | null;
}

const HOUSEKEEPING_MS = 10_000;
/** Put/get counters are sampled this often for the TPS figures of GET_BROKER_RUNTIME_INFO. */
const RUNTIME_SAMPLE_MS = 1000;
const REGISTER_PERIOD_MS = 30_000;
const REMOTE_CHANGE_CHECK_MS = 1000;

/** The RocketMQ side of a node: the broker listener (+ VIP channel), the NameServer listener, housekeeping. */
export class RocketFrontEnd {
  private readonly services: RocketServices;
  private readonly registration: LocalBrokerRegistration;
  private readonly listeners: RocketListener[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private releaseActivityCheck: (() => void) | undefined;
  private readonly scheduler: DelayScheduler;
  private readonly remote: RemoteBrokerRegistration | undefined;
  private readonly transactionChecker: TransactionChecker;

  constructor(
    store: MessageStore,
    waiters: AppendWaiters,
    private readonly options: RocketFrontEndOptions,
    private readonly logger: Logger,
  ) {
    const clientLog = logger.child({ service: 'clients' });
    const clients: ClientRegistry = new ClientRegistry({
      expireMs: options.clientExpireMs,
      onConsumerIdsChanged: (group, connectionIds) => {
        if (options.notifyConsumerIdsChangedEnable !== false)
          notifyConsumerIdsChanged(clients.connections, group, connectionIds, clientLog);
      },
    });
    this.services = {
      store,
      waiters,
      routes: new RouteRegistry(),
      clients,
      broker: {
        clusterName: options.clusterName,
        brokerName: options.brokerName,
        brokerId: 0,
        addr: `${options.advertisedHost}:${options.remotingPort}`,
        storeHost: hostPortOf(options.advertisedHost, options.remotingPort),
      },
      autoCreateTopics: options.autoCreateTopics,
      maxDecompressedBytes: options.maxDecompressedBytes,
      decompressBatch: options.decompressBatch,
      delayLevelsMs: options.delayLevelsMs,
      refreshLocalRoutes: () => this.registration.refresh(),
      nowMs: Date.now,
    };
    this.remote =
      options.namesrvAddrs.length > 0
        ? new RemoteBrokerRegistration(options.namesrvAddrs, logger.child({ service: 'registration' }))
        : undefined;
    this.registration = new LocalBrokerRegistration(this.services, this.remote);
    this.scheduler = new DelayScheduler(this.services, logger.child({ service: 'delay-scheduler' }));
    this.services.admin = createBrokerAdmin({
      store,
      dataDir: options.dataDir,
      topicConfigs: () => this.registration.topics(),
      log: logger.child({ service: 'broker-admin' }),
    });
    // Ordered-consumption locks go with the connection that took them, or when the client unregisters.
    const locks = new QueueLocks(options.queueLockExpireMs ?? DEFAULT_QUEUE_LOCK_EXPIRE_MS);
    this.services.queueLocks = locks;
    clients.onConnectionClosed((id) => locks.releaseConnection(id));
    clients.onConsumerUnregistered((group, clientId) => locks.releaseClient(group, clientId));
    this.services.enablePropertyFilter = options.enablePropertyFilter ?? true;
    const transactions = new TransactionLog(this.services, logger.child({ service: 'transactions' }));
    this.services.transactions = transactions;
    this.transactionChecker = new TransactionChecker(
      this.services,
      transactions,
      {
        intervalMs: options.transactionCheckIntervalMs ?? DEFAULT_TRANSACTION_CHECK_INTERVAL_MS,
        timeoutMs: options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS,
        checkMax: options.transactionCheckMax ?? DEFAULT_TRANSACTION_CHECK_MAX,
      },
      logger.child({ service: 'transaction-checker' }),
    );
    // A RocketMQ group with live consumers keeps its committed offsets from expiring.
    this.releaseActivityCheck = store.consumerOffsets.addActivityCheck(
      (g) => clients.consumerIds(g).length > 0,
    );
  }

  async start(): Promise<RocketAddresses> {
    const o = this.options;
    const brokerDispatcher = new RocketDispatcher(ROCKET_PROCESSORS, 'broker');
    const namesrvDispatcher = new RocketDispatcher(ROCKET_PROCESSORS, 'namesrv');
    const listen = async (
      name: string,
      port: number,
      dispatcher: RocketDispatcher,
    ): Promise<{ host: string; port: number }> => {
      const l = new RocketListener(
        {
          host: o.host,
          port,
          maxConnections: o.maxConnections,
          maxInflightRequests: o.maxInflightRequests,
          role: name === 'namesrv' ? 'namesrv' : 'broker',
          name,
        },
        this.services,
        dispatcher,
        this.logger,
      );
      const address = await l.start();
      this.listeners.push(l);
      return address;
    };
    const broker = await listen('broker', o.remotingPort, brokerDispatcher);
    this.services.broker = {
      ...this.services.broker,
      addr: `${o.advertisedHost}:${broker.port}`,
      storeHost: hostPortOf(o.advertisedHost, broker.port),
    };
    const vip = o.remotingPort >= 2 ? await listen('vip', o.remotingPort - 2, brokerDispatcher) : null;
    if (this.remote === undefined && o.namesrvDataDir !== undefined)
      this.services.kvConfig = await KvConfigStore.open(o.namesrvDataDir);
    const namesrv =
      this.remote === undefined ? await listen('namesrv', o.namesrvPort, namesrvDispatcher) : null;
    this.registration.refresh(true);
    // Client channel expiry (RocketMQ ClientHousekeepingService): scanned every 10 s, or more often
    // when clientExpireMs is short (tests), so a client goes at most a quarter of it late.
    const clients = this.services.clients;
    this.every(Math.min(HOUSEKEEPING_MS, Math.max(100, Math.floor(clients.expireMs / 4))), () => {
      const closed = clients.expire();
      if (closed.length > 0)
        this.logger.info(
          { connections: closed },
          'client connections closed: no heartbeat within clientExpireMs',
        );
    });
    this.every(HOUSEKEEPING_MS, () => {
      this.registration.refresh();
      const gone = this.services.routes.expire();
      if (gone.length > 0)
        this.logger.info({ brokers: gone }, 'brokers unregistered: no registration for 120 s');
    });
    this.every(REGISTER_PERIOD_MS, () => this.registration.refresh(true));
    // Remote NameServers cannot ask for a refresh: topic changes (e.g. Kafka creates) are pushed within 1 s.
    if (this.remote !== undefined) this.every(REMOTE_CHANGE_CHECK_MS, () => this.registration.refresh());
    const admin = this.services.admin;
    if (admin !== undefined) {
      this.every(RUNTIME_SAMPLE_MS, () => admin.runtime.sample());
      this.every(HOUSEKEEPING_MS, () =>
        admin.clientDetails.retain(
          (id) => this.services.clients.connections.get(id) !== undefined,
          (g) => this.services.clients.consumerIds(g).length > 0,
        ),
      );
    }
    this.scheduler.start();
    this.transactionChecker.start();
    this.every(HOUSEKEEPING_MS, () => this.services.queueLocks?.sweep());
    return { broker, vip, namesrv };
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    await this.scheduler.stop();
    await this.transactionChecker.stop();
    this.services.transactions?.close();
    if (this.remote !== undefined) {
      await this.remote.unregister(this.registration.registration());
      this.remote.close();
    }
    await Promise.all(this.listeners.map((l) => l.stop()));
    await this.services.admin?.subscriptionGroups.whenIdle();
    await this.services.kvConfig?.close();
    this.services.kvConfig = undefined;
    this.listeners.length = 0;
    this.releaseActivityCheck?.();
    this.releaseActivityCheck = undefined;
  }

  private every(ms: number, task: () => void): void {
    const t = setInterval(() => {
      try {
        task();
      } catch (err) {
        this.logger.error({ err }, 'rocketmq housekeeping failed');
      }
    }, ms);
    t.unref();
    this.timers.push(t);
  }
}
