/**
 * The NameServer's view (RocketMQ RouteInfoManager): which brokers exist, in which cluster, at which
 * address, and which topics each serves with how many queues. Brokers register periodically; one that
 * stays silent for `expireAfterMs` (120 s) or whose connection closes is removed.
 */
export const PERM_INHERIT = 1;
export const PERM_WRITE = 2;
export const PERM_READ = 4;

export interface TopicQueueConfig {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface DataVersion {
  timestamp: number;
  counter: number;
}

export interface BrokerRegistration {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  brokerId: number;
  haServerAddr: string;
  topics: readonly TopicQueueConfig[];
  dataVersion: DataVersion;
  /** The connection the registration came over; undefined for the in-process broker. */
  channel?: string;
}

export interface QueueRoute {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

export interface BrokerRoute {
  cluster: string;
  brokerName: string;
  /** brokerId -> address; id 0 is the master. */
  brokerAddrs: Map<number, string>;
}

export interface TopicRoute {
  queueDatas: QueueRoute[];
  brokerDatas: BrokerRoute[];
}

interface LiveBroker {
  addr: string;
  clusterName: string;
  brokerName: string;
  brokerId: number;
  haServerAddr: string;
  dataVersion: DataVersion;
  lastUpdateMs: number;
  channel: string | undefined;
}

export const BROKER_EXPIRE_MS = 120_000;

export class RouteRegistry {
  /** topic -> brokerName -> queue data */
  private readonly topicQueues = new Map<string, Map<string, QueueRoute>>();
  private readonly brokers = new Map<string, BrokerRoute>();
  private readonly clusters = new Map<string, Set<string>>();
  private readonly live = new Map<string, LiveBroker>();
  private version: DataVersion;

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly expireAfterMs = BROKER_EXPIRE_MS,
  ) {
    this.version = { timestamp: nowMs(), counter: 0 };
  }

  get dataVersion(): DataVersion {
    return { ...this.version };
  }

  /** Registers (or refreshes) a broker. Returns the master's address and HA address for slaves. */
  register(reg: BrokerRegistration): { masterAddr: string | null; haServerAddr: string | null } {
    let members = this.clusters.get(reg.clusterName);
    if (!members) this.clusters.set(reg.clusterName, (members = new Set()));
    members.add(reg.brokerName);
    let broker = this.brokers.get(reg.brokerName);
    if (!broker) {
      broker = { cluster: reg.clusterName, brokerName: reg.brokerName, brokerAddrs: new Map() };
      this.brokers.set(reg.brokerName, broker);
    }
    // Re-registering an address under another id removes the old id (slave switched to master).
    for (const [id, addr] of broker.brokerAddrs) {
      if (addr === reg.brokerAddr && id !== reg.brokerId) broker.brokerAddrs.delete(id);
    }
    const registerFirst = broker.brokerAddrs.get(reg.brokerId) === undefined;
    broker.brokerAddrs.set(reg.brokerId, reg.brokerAddr);
    if (reg.brokerId === 0) {
      const changed = registerFirst || this.isDataChanged(reg.brokerAddr, reg.dataVersion);
      this.replaceTopicsOf(reg.brokerName, reg.topics, changed);
    }
    this.live.set(reg.brokerAddr, {
      addr: reg.brokerAddr,
      clusterName: reg.clusterName,
      brokerName: reg.brokerName,
      brokerId: reg.brokerId,
      haServerAddr: reg.haServerAddr,
      dataVersion: { ...reg.dataVersion },
      lastUpdateMs: this.nowMs(),
      channel: reg.channel,
    });
    this.bump();
    if (reg.brokerId === 0) return { masterAddr: null, haServerAddr: null };
    const masterAddr = broker.brokerAddrs.get(0);
    const master = masterAddr === undefined ? undefined : this.live.get(masterAddr);
    return { masterAddr: masterAddr ?? null, haServerAddr: master?.haServerAddr ?? null };
  }

  /** Removes one broker address; the broker name disappears with its last address. */
  unregister(clusterName: string, brokerName: string, brokerAddr: string, brokerId: number): void {
    this.live.delete(brokerAddr);
    const broker = this.brokers.get(brokerName);
    if (broker) {
      if (broker.brokerAddrs.get(brokerId) === brokerAddr) broker.brokerAddrs.delete(brokerId);
      if (broker.brokerAddrs.size === 0) {
        this.brokers.delete(brokerName);
        const members = this.clusters.get(clusterName);
        members?.delete(brokerName);
        if (members?.size === 0) this.clusters.delete(clusterName);
        this.replaceTopicsOf(brokerName, []);
      }
    }
    this.bump();
  }

  /** True when the broker's data version differs from what it last registered. */
  isDataChanged(brokerAddr: string, version: DataVersion): boolean {
    const live = this.live.get(brokerAddr);
    return (
      live === undefined ||
      live.dataVersion.counter !== version.counter ||
      live.dataVersion.timestamp !== version.timestamp
    );
  }

  /** Refreshes a broker's liveness without changing its data (QUERY_DATA_VERSION). */
  touch(brokerAddr: string): void {
    const live = this.live.get(brokerAddr);
    if (live) live.lastUpdateMs = this.nowMs();
  }

  /** The route of a topic, or undefined unless both queue data and broker data are found. */
  route(topic: string): TopicRoute | undefined {
    const queues = this.topicQueues.get(topic);
    if (!queues || queues.size === 0) return undefined;
    const queueDatas: QueueRoute[] = [];
    const brokerDatas: BrokerRoute[] = [];
    for (const q of queues.values()) {
      const b = this.brokers.get(q.brokerName);
      if (!b) continue;
      queueDatas.push({ ...q });
      brokerDatas.push({ cluster: b.cluster, brokerName: b.brokerName, brokerAddrs: new Map(b.brokerAddrs) });
    }
    if (queueDatas.length === 0 || brokerDatas.length === 0) return undefined;
    return { queueDatas, brokerDatas };
  }

  topicNames(): string[] {
    return [...this.topicQueues.keys()].sort();
  }

  clusterInfo(): { brokers: BrokerRoute[]; clusters: Map<string, string[]> } {
    const clusters = new Map<string, string[]>();
    for (const [c, names] of this.clusters) clusters.set(c, [...names].sort());
    const brokers = [...this.brokers.values()].map((b) => ({ ...b, brokerAddrs: new Map(b.brokerAddrs) }));
    return { brokers, clusters };
  }

  /** Drops brokers silent for longer than the expiry; returns their addresses. */
  expire(): string[] {
    const now = this.nowMs();
    const gone: string[] = [];
    for (const b of [...this.live.values()]) {
      if (now - b.lastUpdateMs > this.expireAfterMs) {
        this.unregister(b.clusterName, b.brokerName, b.addr, b.brokerId);
        gone.push(b.addr);
      }
    }
    return gone;
  }

  /** A connection closed: every broker that registered over it is removed. */
  channelClosed(channel: string): string[] {
    const gone: string[] = [];
    for (const b of [...this.live.values()]) {
      if (b.channel === channel) {
        this.unregister(b.clusterName, b.brokerName, b.addr, b.brokerId);
        gone.push(b.addr);
      }
    }
    return gone;
  }

  /**
   * The master's topic table becomes the broker's queue data. Topics it no longer lists are removed.
   * Unless `changed` (first registration or a new data version), queue data already present is kept as
   * it is, so WIPE/ADD_WRITE_PERM_OF_BROKER survive periodic re-registrations; queue data missing (a
   * DELETE_TOPIC_IN_NAMESRV of a topic the broker still has) comes back (RocketMQ 5.x isTopicConfigChanged).
   */
  private replaceTopicsOf(brokerName: string, topics: readonly TopicQueueConfig[], changed = true): void {
    const keep = new Set<string>();
    for (const t of topics) {
      keep.add(t.topicName);
      let byBroker = this.topicQueues.get(t.topicName);
      if (!byBroker) this.topicQueues.set(t.topicName, (byBroker = new Map()));
      if (!changed && byBroker.has(brokerName)) continue;
      byBroker.set(brokerName, {
        brokerName,
        readQueueNums: t.readQueueNums,
        writeQueueNums: t.writeQueueNums,
        perm: t.perm,
        topicSysFlag: t.topicSysFlag,
      });
    }
    for (const [topic, byBroker] of this.topicQueues) {
      if (keep.has(topic)) continue;
      if (byBroker.delete(brokerName) && byBroker.size === 0) this.topicQueues.delete(topic);
    }
  }

  /**
   * Topics with queue data on a broker of the cluster (GET_TOPICS_BY_CLUSTER); empty for an unknown
   * cluster, as RocketMQ answers.
   */
  topicsByCluster(clusterName: string): string[] {
    const members = this.clusters.get(clusterName);
    if (members === undefined) return [];
    const out: string[] = [];
    for (const [topic, byBroker] of this.topicQueues) {
      for (const brokerName of members) {
        if (byBroker.has(brokerName)) {
          out.push(topic);
          break;
        }
      }
    }
    return out.sort();
  }

  /**
   * DELETE_TOPIC_IN_NAMESRV: removes the topic's queue data from every broker, or with a cluster name
   * only from that cluster's brokers (an unknown cluster removes nothing). Returns whether any was removed.
   * The broker brings it back with its next registration if it still has the topic.
   */
  deleteTopic(topic: string, clusterName?: string): boolean {
    const byBroker = this.topicQueues.get(topic);
    if (byBroker === undefined) return false;
    if (clusterName === undefined) {
      this.topicQueues.delete(topic);
      return true;
    }
    let removed = false;
    for (const brokerName of this.clusters.get(clusterName) ?? [])
      removed = byBroker.delete(brokerName) || removed;
    if (byBroker.size === 0) this.topicQueues.delete(topic);
    return removed;
  }

  /**
   * WIPE_WRITE_PERM_OF_BROKER: clears PERM_WRITE on every queue data of the broker, so clients stop
   * sending to it. Returns the number of topics the broker has (RocketMQ counts each one it visits).
   * Kept until the broker registers a changed topic table.
   */
  wipeWritePerm(brokerName: string): number {
    return this.setPermOf(brokerName, (perm) => perm & ~PERM_WRITE);
  }

  /** ADD_WRITE_PERM_OF_BROKER (RocketMQ 5.x): sets every queue data of the broker to PERM_READ | PERM_WRITE. */
  addWritePerm(brokerName: string): number {
    return this.setPermOf(brokerName, () => PERM_READ | PERM_WRITE);
  }

  private setPermOf(brokerName: string, next: (perm: number) => number): number {
    let count = 0;
    for (const byBroker of this.topicQueues.values()) {
      const q = byBroker.get(brokerName);
      if (q === undefined) continue;
      q.perm = next(q.perm);
      count++;
    }
    return count;
  }

  private bump(): void {
    this.version = { timestamp: this.nowMs(), counter: this.version.counter + 1 };
  }
}
