import type { TopicQueueConfig } from '../../coordinator/index.js';
import type { Logger } from '../../logger.js';
import type { MessageStore } from '../../store/index.js';
import { ClientDetails } from './client-details.js';
import type { RemotingCommand } from './codec/remoting-command.js';
import type { ConnectionInfo } from './processor.js';
import { BrokerRuntimeStats } from './runtime-stats.js';
import { type DataVersion, SubscriptionGroups } from './subscription-groups.js';

/** The broker-side state of RocketMQ's admin request codes; absent where only a NameServer runs. */
export interface BrokerAdmin {
  subscriptionGroups: SubscriptionGroups;
  clientDetails: ClientDetails;
  runtime: BrokerRuntimeStats;
  /** This broker's topics as it registers them (store topics, TBW102, `%RETRY%` routes of groups). */
  topicConfigs(): TopicQueueConfig[];
  /** The DataVersion of that topic table (moves on whenever it changed since the last look). */
  topicsDataVersion: DataVersionTracker;
  /** The data directory (disk usage), when the broker has one. */
  dataDir: string | undefined;
  /**
   * An accepted HEART_BEAT: remembers the client's address, language and version and its groups'
   * settings, and auto-creates the subscription group of each consumer group (as RocketMQ does).
   */
  heartbeat(connection: ConnectionInfo, cmd: RemotingCommand, consumerGroups: readonly string[]): void;
}

/** A DataVersion that moves on when the described content (its signature) changes. */
export class DataVersionTracker {
  private signature: string | undefined;
  private version: DataVersion;

  constructor(private readonly nowMs: () => number = Date.now) {
    this.version = { timestamp: nowMs(), counter: 0 };
  }

  observe(signature: string): DataVersion {
    if (this.signature !== undefined && this.signature !== signature)
      this.version = { timestamp: this.nowMs(), counter: this.version.counter + 1 };
    this.signature = signature;
    return { ...this.version };
  }
}

export interface BrokerAdminOptions {
  store: MessageStore;
  /** Where subscription-groups.json lives; undefined keeps the groups in memory (tests). */
  dataDir: string | undefined;
  topicConfigs(): TopicQueueConfig[];
  log: Logger;
  nowMs?: () => number;
}

/** Builds the admin state and loads the subscription groups (a damaged file throws BrokerError). */
export function createBrokerAdmin(o: BrokerAdminOptions): BrokerAdmin {
  const nowMs = o.nowMs ?? Date.now;
  const subscriptionGroups = new SubscriptionGroups(o.dataDir, o.log, nowMs);
  subscriptionGroups.loadSync();
  const clientDetails = new ClientDetails();
  return {
    subscriptionGroups,
    clientDetails,
    runtime: new BrokerRuntimeStats(o.store, nowMs),
    topicConfigs: o.topicConfigs,
    topicsDataVersion: new DataVersionTracker(nowMs),
    dataDir: o.dataDir,
    heartbeat(connection, cmd, consumerGroups) {
      clientDetails.recordHeartbeat(connection, cmd);
      for (const g of consumerGroups) void subscriptionGroups.autoCreate(g);
    },
  };
}
