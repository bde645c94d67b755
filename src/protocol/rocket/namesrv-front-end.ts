import { KvConfigStore, RouteRegistry } from '../../coordinator/index.js';
import { BrokerError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { AppendWaiters, MessageStore } from '../../store/index.js';
import { ClientRegistry } from './client-registry.js';
import { RocketDispatcher } from './dispatcher.js';
import { ROCKET_PROCESSORS } from './processors/index.js';
import { RocketListener } from './rocket-listener.js';
import type { RocketServices } from './services.js';

export interface NamesrvFrontEndOptions {
  host: string;
  /** 0 = OS-picked. */
  port: number;
  maxConnections: number;
  /** The NameServer's directory (kvConfig.json, locked while running); without it the KV codes answer SYSTEM_ERROR. */
  dataDir?: string;
}

const HOUSEKEEPING_MS = 10_000;

/** Stands in for the store in a NameServer-only process: NameServer processors never touch it. */
function absent<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, key) {
      throw new BrokerError('BRK_ERR_INVARIANT', `a NameServer-only process has no ${what} (${String(key)})`);
    },
  });
}

/**
 * `ferrymq namesrv`: a NameServer on its own. Brokers register over TCP (REGISTER_BROKER); a broker is
 * dropped when its registering connection closes or after 120 s without a registration (REFERENCE §4.14).
 */
export class NamesrvFrontEnd {
  private readonly services: RocketServices;
  private listener: RocketListener | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: NamesrvFrontEndOptions,
    private readonly logger: Logger,
  ) {
    this.services = {
      store: absent<MessageStore>('store'),
      waiters: absent<AppendWaiters>('store'),
      routes: new RouteRegistry(),
      clients: new ClientRegistry(),
      broker: {
        clusterName: '',
        brokerName: '',
        brokerId: -1,
        addr: '',
        storeHost: { address: Buffer.alloc(4), port: 0 },
      },
      autoCreateTopics: false,
      maxDecompressedBytes: 0,
      decompressBatch: () => {
        throw new BrokerError('BRK_ERR_INVARIANT', 'a NameServer-only process decompresses nothing');
      },
      delayLevelsMs: [],
      refreshLocalRoutes: () => undefined,
      nowMs: Date.now,
    };
  }

  /** The routes brokers registered (read-only use: tests, diagnostics). */
  get routes(): RouteRegistry {
    return this.services.routes;
  }

  async start(): Promise<{ host: string; port: number }> {
    const o = this.options;
    if (o.dataDir !== undefined) this.services.kvConfig = await KvConfigStore.open(o.dataDir);
    this.listener = new RocketListener(
      { host: o.host, port: o.port, maxConnections: o.maxConnections, role: 'namesrv', name: 'namesrv' },
      this.services,
      new RocketDispatcher(ROCKET_PROCESSORS, 'namesrv'),
      this.logger,
    );
    const address = await this.listener.start();
    this.timer = setInterval(() => {
      const gone = this.services.routes.expire();
      if (gone.length > 0)
        this.logger.info({ brokers: gone }, 'brokers unregistered: no registration for 120 s');
    }, HOUSEKEEPING_MS);
    this.timer.unref();
    return address;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.listener?.stop();
    this.listener = undefined;
    await this.services.kvConfig?.close();
    this.services.kvConfig = undefined;
  }
}
