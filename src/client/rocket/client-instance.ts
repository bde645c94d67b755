import { parseProperties, decodeRocketMessage } from '../../model/index.js';
import type { RemotingCommand } from '../../protocol/rocket/codec/remoting-command.js';
import { RocketClientError } from './client-error.js';
import { silentLogger, type ClientLogger } from './client-logger.js';
import { Property, RequestCode } from './codes.js';
import { ConnectionPool } from './connection-pool.js';
import { NameServerClient } from './namesrv-client.js';
import type { RemotingConnection, ReplySpec } from './remoting-connection.js';
import { masterAddress, type TopicRoute } from './topic-route.js';
import { ipString, localIPv4 } from './unique-key.js';

export interface ClientOptions {
  /** NameServers, `host:port;host:port`. */
  nameServers: string;
  /** Part of the clientId `ip@instanceName`; default `<pid>#<random>` so two clients in one process differ. */
  instanceName?: string;
  /** Request timeout in ms (default 3000). */
  requestTimeoutMs?: number;
  /** HEART_BEAT period (default 30000). */
  heartbeatIntervalMs?: number;
  /** Route refresh period (default 30000). */
  routeRefreshIntervalMs?: number;
  logger?: ClientLogger;
}

/** What a consumer group contributes to HEART_BEAT (HeartbeatData.consumerDataSet, REFERENCE §2.5). */
export interface ConsumerData {
  groupName: string;
  consumeType: 'CONSUME_PASSIVELY' | 'CONSUME_ACTIVELY';
  messageModel: 'CLUSTERING' | 'BROADCASTING';
  consumeFromWhere: string;
  unitMode: false;
  subscriptionDataSet: SubscriptionData[];
}

export interface SubscriptionData {
  topic: string;
  subString: string;
  tagsSet: string[];
  codeSet: number[];
  subVersion: number;
  classFilterMode: false;
  expressionType: 'TAG' | 'SQL92';
}

/** What a consumer registered with the client instance must provide. */
export interface ConsumerMember {
  consumerData(): ConsumerData;
  /** NOTIFY_CONSUMER_IDS_CHANGED arrived for the group: rebalance now. */
  onConsumerIdsChanged(): void;
  /** The routes were refreshed. */
  onRoutesRefreshed?(): void;
}

/** What a producer registered with the client instance may provide. */
export interface ProducerMember {
  /**
   * CHECK_TRANSACTION_STATE (39) from a broker for a half message of this group: `message` is the
   * request body decoded enough to find PGROUP; the transactional producer answers with END_TRANSACTION.
   */
  checkTransactionState?(cmd: RemotingCommand, connection: RemotingConnection): void | Promise<void>;
}

/**
 * The shared part of producers and consumers (Java's MQClientInstance): connections, NameServer
 * routes refreshed every 30 s, HEART_BEAT to every broker of those routes every 30 s, UNREGISTER_CLIENT
 * on shutdown, and dispatch of broker-initiated requests (39 to producers, 40 to consumers).
 */
export class ClientInstance {
  readonly clientId: string;
  readonly pool: ConnectionPool;
  readonly namesrv: NameServerClient;
  readonly log: ClientLogger;
  readonly timeoutMs: number;
  private readonly routes = new Map<string, TopicRoute>();
  private readonly producers = new Map<string, ProducerMember>();
  private readonly consumers = new Map<string, ConsumerMember>();
  private readonly timers: NodeJS.Timeout[] = [];
  private started = false;
  private shut = false;

  constructor(private readonly options: ClientOptions) {
    this.log = (options.logger ?? silentLogger).child({ component: 'rocketmq-client' });
    const instance = options.instanceName ?? `${process.pid}#${Math.floor(Math.random() * 1e9)}`;
    this.clientId = `${ipString(localIPv4())}@${instance}`;
    this.timeoutMs = options.requestTimeoutMs ?? 3000;
    // A broker that restarted lost this client's registration: heartbeat as soon as we are back.
    this.pool = new ConnectionPool(this.log, 3000, (address) => {
      if (this.started && !this.shut && this.brokerAddresses().includes(address))
        void this.heartbeatTo(address, this.heartbeatBody());
    });
    this.namesrv = new NameServerClient(options.nameServers, this.pool, this.timeoutMs);
    this.pool.registerHandler(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, (cmd) => {
      const group = cmd.extFields['consumerGroup'];
      const member = group === undefined ? undefined : this.consumers.get(group);
      this.log.debug({ group }, 'consumer ids changed');
      member?.onConsumerIdsChanged();
    });
    this.pool.registerHandler(RequestCode.CHECK_TRANSACTION_STATE, (cmd, conn) =>
      this.onCheckTransaction(cmd, conn),
    );
  }

  /** Starts the periodic route refresh and heartbeat (idempotent). */
  start(): void {
    if (this.shut) throw new RocketClientError('RMQ_CLIENT_STATE', 'the client was shut down');
    if (this.started) return;
    this.started = true;
    const every = (ms: number, fn: () => Promise<void>): void => {
      const t = setInterval(() => {
        fn().catch((err: unknown) => this.log.warn({ err }, 'periodic task failed'));
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.options.routeRefreshIntervalMs ?? 30_000, () => this.refreshRoutes());
    every(this.options.heartbeatIntervalMs ?? 30_000, () => this.sendHeartbeatToAllBrokers());
  }

  registerProducer(group: string, member: ProducerMember): void {
    if (this.producers.has(group))
      throw new RocketClientError(
        'RMQ_CLIENT_STATE',
        `producer group ${group} already registered on this client`,
      );
    this.producers.set(group, member);
  }

  registerConsumer(group: string, member: ConsumerMember): void {
    if (this.consumers.has(group))
      throw new RocketClientError(
        'RMQ_CLIENT_STATE',
        `consumer group ${group} already registered on this client`,
      );
    this.consumers.set(group, member);
  }

  /** The cached route of a topic, fetched when absent or when `refresh`; throws RMQ_CLIENT_NO_ROUTE. */
  async route(topic: string, refresh = false): Promise<TopicRoute> {
    const cached = this.routes.get(topic);
    if (cached !== undefined && !refresh) return cached;
    const route = await this.namesrv.getRouteInfo(topic);
    if (route === null) {
      if (cached !== undefined) return cached;
      throw new RocketClientError('RMQ_CLIENT_NO_ROUTE', `no route for topic ${topic}`);
    }
    this.routes.set(topic, route);
    return route;
  }

  /** The master address of a broker name, from any cached route. */
  brokerAddress(brokerName: string): string {
    for (const r of this.routes.values()) {
      const a = masterAddress(r, brokerName);
      if (a !== undefined) return a;
    }
    throw new RocketClientError('RMQ_CLIENT_NO_ROUTE', `no master address known for broker ${brokerName}`);
  }

  /** Every broker address in the cached routes (masters and slaves). */
  brokerAddresses(): string[] {
    const out = new Set<string>();
    for (const r of this.routes.values())
      for (const b of r.brokerDatas) for (const a of b.brokerAddrs.values()) out.add(a);
    return [...out];
  }

  async refreshRoutes(): Promise<void> {
    for (const topic of [...this.routes.keys()]) {
      try {
        await this.route(topic, true);
      } catch (err) {
        this.log.debug({ err, topic }, 'route refresh failed');
      }
    }
    for (const c of this.consumers.values()) c.onRoutesRefreshed?.();
  }

  heartbeatBody(): Buffer {
    return Buffer.from(
      JSON.stringify({
        clientID: this.clientId,
        producerDataSet: [...this.producers.keys()].map((groupName) => ({ groupName })),
        consumerDataSet: [...this.consumers.values()].map((c) => c.consumerData()),
      }),
    );
  }

  /** HEART_BEAT (34) to every known broker; failures are logged, not thrown. */
  async sendHeartbeatToAllBrokers(): Promise<void> {
    if (this.producers.size === 0 && this.consumers.size === 0) return;
    const body = this.heartbeatBody();
    await Promise.all(this.brokerAddresses().map((address) => this.heartbeatTo(address, body)));
  }

  private async heartbeatTo(address: string, body: Buffer): Promise<void> {
    if (this.producers.size === 0 && this.consumers.size === 0) return;
    try {
      await this.pool.invokeOk(address, { code: RequestCode.HEART_BEAT, body }, this.timeoutMs);
    } catch (err) {
      this.log.warn({ err, address }, 'heartbeat failed');
    }
  }

  async unregisterProducer(group: string): Promise<void> {
    this.producers.delete(group);
    await this.unregister({ producerGroup: group });
  }

  async unregisterConsumer(group: string): Promise<void> {
    this.consumers.delete(group);
    await this.unregister({ consumerGroup: group });
  }

  private async unregister(group: Record<string, string>): Promise<void> {
    await Promise.all(
      this.brokerAddresses().map(async (address) => {
        try {
          await this.pool.invokeOk(
            address,
            { code: RequestCode.UNREGISTER_CLIENT, extFields: { clientID: this.clientId, ...group } },
            this.timeoutMs,
          );
        } catch (err) {
          this.log.debug({ err, address }, 'unregister failed');
        }
      }),
    );
  }

  /** Closes connections and timers once no producer or consumer is left (or when forced). */
  async shutdown(force = false): Promise<void> {
    if (!force && (this.producers.size > 0 || this.consumers.size > 0)) return;
    this.shut = true;
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.pool.close();
  }

  private async onCheckTransaction(
    cmd: RemotingCommand,
    conn: RemotingConnection,
  ): Promise<ReplySpec | void> {
    let group: string | undefined;
    if (cmd.body !== null) {
      try {
        group = parseProperties(decodeRocketMessage(cmd.body).message.properties).get(Property.PGROUP);
      } catch (err) {
        this.log.warn({ err }, 'CHECK_TRANSACTION_STATE with an undecodable message');
      }
    }
    const member =
      (group === undefined ? undefined : this.producers.get(group)) ??
      [...this.producers.values()].find((p) => p.checkTransactionState !== undefined);
    await member?.checkTransactionState?.(cmd, conn);
  }
}
