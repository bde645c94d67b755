import { RouteRegistry } from '../../coordinator/index.js';
import type { Logger } from '../../logger.js';
import type { BatchDecompressor } from '../../model/index.js';
import type { AppendWaiters, MessageStore } from '../../store/index.js';
import { ClientRegistry } from './client-registry.js';
import { hostPortOf } from './codec/message-codec.js';
import { DelayScheduler } from './delay-scheduler.js';
import { RocketDispatcher } from './dispatcher.js';
import { LocalBrokerRegistration } from './local-broker-registration.js';
import { ROCKET_PROCESSORS } from './processors/index.js';
import { RemoteBrokerRegistration } from './remote-broker-registration.js';
import { RocketListener } from './rocket-listener.js';
import type { RocketServices } from './services.js';

export interface RocketFrontEndOptions {
  host: string;
  advertisedHost: string;
  /** Broker port; 0 = OS-picked (then no VIP channel). The VIP channel listens on port - 2 when port >= 2. */
  remotingPort: number;
  /** NameServer port; 0 = OS-picked. */
  namesrvPort: number;
  maxConnections: number;
  autoCreateTopics: boolean;
  maxDecompressedBytes: number;
  clusterName: string;
  brokerName: string;
  decompressBatch: BatchDecompressor;
  /** Delay of each delay level in ms, level 1 first. */
  delayLevelsMs: readonly number[];
  /** Remote NameServers ("host:port") to register with; empty = serve an in-process NameServer. */
  namesrvAddrs: readonly string[];
}

export interface RocketAddresses {
  broker: { host: string; port: number };
  vip: { host: string; port: number } | null;
  /** Null when the broker registers with remote NameServers instead. */
  namesrv: { host: string; port: number } | null;
}

const HOUSEKEEPING_MS = 10_000;
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

  constructor(
    store: MessageStore,
    waiters: AppendWaiters,
    private readonly options: RocketFrontEndOptions,
    private readonly logger: Logger,
  ) {
    const clients = new ClientRegistry();
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
    const namesrv =
      this.remote === undefined ? await listen('namesrv', o.namesrvPort, namesrvDispatcher) : null;
    this.registration.refresh(true);
    this.every(HOUSEKEEPING_MS, () => {
      this.services.clients.expire();
      this.registration.refresh();
      const gone = this.services.routes.expire();
      if (gone.length > 0)
        this.logger.info({ brokers: gone }, 'brokers unregistered: no registration for 120 s');
    });
    this.every(REGISTER_PERIOD_MS, () => this.registration.refresh(true));
    // Remote NameServers cannot ask for a refresh: topic changes (e.g. Kafka creates) are pushed within 1 s.
    if (this.remote !== undefined) this.every(REMOTE_CHANGE_CHECK_MS, () => this.registration.refresh());
    this.scheduler.start();
    return { broker, vip, namesrv };
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    await this.scheduler.stop();
    if (this.remote !== undefined) {
      await this.remote.unregister(this.registration.registration());
      this.remote.close();
    }
    await Promise.all(this.listeners.map((l) => l.stop()));
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
