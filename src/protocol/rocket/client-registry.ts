import { javaStringHash } from '../../model/index.js';
import { ConnectionTable, type RemotingConnection } from './remoting-connection.js';

/** A consumer's subscription to one topic, from its heartbeat. */
export interface Subscription {
  topic: string;
  subString: string;
  /** Tag hash codes; empty means every message ("*"). */
  codes: Set<number>;
  subVersion: number;
  /** RocketMQ ExpressionType: undefined or TAG for tags, SQL92 for a property selector (subString). */
  expressionType?: string;
}

/** RocketMQ MessageModel: clustering groups share queues; broadcasting members each read everything. */
export type MessageModel = 'CLUSTERING' | 'BROADCASTING';

interface ClientChannel {
  clientId: string;
  connectionId: string;
  lastSeenMs: number;
}

interface ConsumerClient extends ClientChannel {
  subscriptions: Map<string, Subscription>;
}

/** One consumer group (RocketMQ ConsumerGroupInfo): members by client id, model and topics of the last heartbeat. */
interface ConsumerGroup {
  messageModel: MessageModel;
  /** The topics of the group's subscription table, as the last heartbeat of any member left it. */
  topics: Set<string>;
  clients: Map<string, ConsumerClient>;
}

/** Client channels are dropped after this long without a heartbeat (RocketMQ CHANNEL_EXPIRED_TIMEOUT). */
export const CLIENT_EXPIRE_MS = 120_000;

export interface HeartbeatConsumer {
  groupName: string;
  subscriptions: Subscription[];
  /** CLUSTERING when the heartbeat does not say. */
  messageModel?: MessageModel;
}

export interface ClientRegistryOptions {
  nowMs?: () => number;
  /** How long a client may stay silent (no HEART_BEAT) before it is dropped; CLIENT_EXPIRE_MS by default. */
  expireMs?: number;
  /**
   * A clustering group's membership or subscribed topics changed (RocketMQ's ConsumerIdsChangeListener
   * CHANGE event); `connectionIds` are the group's connections now, the changed client's own included.
   */
  onConsumerIdsChanged?: (group: string, connectionIds: string[]) => void;
}

/**
 * Producers and consumers known to this broker, from HEART_BEAT, by group, and the open connections
 * they heartbeat on. Consumer lists feed GET_CONSUMER_LIST_BY_GROUP (clients rebalance on them); a change
 * of a clustering group's members is reported to `onConsumerIdsChanged` (NOTIFY_CONSUMER_IDS_CHANGED).
 * Groups ever seen are remembered so their `%RETRY%` topic keeps a route.
 */
export class ClientRegistry {
  /** Every open remoting connection of the listeners sharing this registry. */
  readonly connections = new ConnectionTable();
  private readonly consumers = new Map<string, ConsumerGroup>();
  private readonly producers = new Map<string, Map<string, ClientChannel>>();
  private readonly seenGroups = new Set<string>();
  private readonly nowMs: () => number;
  private readonly onConsumerIdsChanged: ((group: string, connectionIds: string[]) => void) | undefined;
  /** Silence after which a client is dropped (`clientExpireMs`). */
  readonly expireMs: number;
  private readonly closeListeners: ((connectionId: string) => void)[] = [];
  private readonly unregisterListeners: ((group: string, clientId: string) => void)[] = [];

  constructor(options: ClientRegistryOptions | (() => number) = {}) {
    const o = typeof options === 'function' ? { nowMs: options } : options;
    this.nowMs = o.nowMs ?? Date.now;
    this.expireMs = o.expireMs ?? CLIENT_EXPIRE_MS;
    this.onConsumerIdsChanged = o.onConsumerIdsChanged;
  }

  /** Records a heartbeat; returns the consumer groups seen for the first time. */
  heartbeat(
    connectionId: string,
    clientId: string,
    producerGroups: readonly string[],
    consumers: readonly HeartbeatConsumer[],
  ): string[] {
    const now = this.nowMs();
    const fresh: string[] = [];
    for (const g of producerGroups) {
      let byClient = this.producers.get(g);
      if (!byClient) this.producers.set(g, (byClient = new Map()));
      byClient.set(clientId, { clientId, connectionId, lastSeenMs: now });
    }
    for (const c of consumers) {
      if (!this.seenGroups.has(c.groupName)) {
        this.seenGroups.add(c.groupName);
        fresh.push(c.groupName);
      }
      let group = this.consumers.get(c.groupName);
      if (!group) {
        group = { messageModel: 'CLUSTERING', topics: new Set(), clients: new Map() };
        this.consumers.set(c.groupName, group);
      }
      group.messageModel = c.messageModel ?? 'CLUSTERING';
      const before = group.clients.get(clientId);
      // A new member, or a known client on a new connection (RocketMQ keys members by channel).
      const memberChanged = before === undefined || before.connectionId !== connectionId;
      const topics = new Set(c.subscriptions.map((s) => s.topic));
      const topicsChanged = !sameSet(group.topics, topics);
      group.topics = topics;
      group.clients.set(clientId, {
        clientId,
        connectionId,
        lastSeenMs: now,
        subscriptions: new Map(c.subscriptions.map((s) => [s.topic, s])),
      });
      if (memberChanged || topicsChanged) this.changed(c.groupName);
    }
    return fresh;
  }

  unregister(clientId: string, producerGroup: string | undefined, consumerGroup: string | undefined): void {
    if (producerGroup !== undefined) {
      const byClient = this.producers.get(producerGroup);
      byClient?.delete(clientId);
      if (byClient?.size === 0) this.producers.delete(producerGroup);
    }
    if (consumerGroup !== undefined) {
      for (const l of this.unregisterListeners) l(consumerGroup, clientId);
      const group = this.consumers.get(consumerGroup);
      if (group === undefined) return;
      group.clients.delete(clientId);
      if (group.clients.size === 0) this.consumers.delete(consumerGroup);
      // RocketMQ reports the change whether or not the client was a member.
      this.changed(consumerGroup, group);
    }
  }

  /** Client ids of a group's live consumers, sorted (clients rebalance on this order). */
  consumerIds(group: string): string[] {
    return [...(this.consumers.get(group)?.clients.keys() ?? [])].sort();
  }

  /** The newest subscription any live consumer of the group holds for the topic. */
  subscription(group: string, topic: string): Subscription | undefined {
    let best: Subscription | undefined;
    for (const c of this.consumers.get(group)?.clients.values() ?? []) {
      const s = c.subscriptions.get(topic);
      if (s && (best === undefined || s.subVersion > best.subVersion)) best = s;
    }
    return best;
  }

  /** The message model of a group with live consumers, as its last heartbeat gave it. */
  messageModel(group: string): MessageModel | undefined {
    return this.consumers.get(group)?.messageModel;
  }

  /** Open connections of a group's live consumers (for broker-initiated requests), by client id order. */
  consumerConnections(group: string): RemotingConnection[] {
    return this.connectionsOf(this.consumers.get(group)?.clients);
  }

  /** Open connections of a producer group's live producers (e.g. for CHECK_TRANSACTION_STATE). */
  producerConnections(group: string): RemotingConnection[] {
    return this.connectionsOf(this.producers.get(group));
  }

  /** Remembers a group without a consumer (its %RETRY% route was asked for before its first heartbeat). */
  rememberGroup(group: string): void {
    this.seenGroups.add(group);
  }

  /** Every consumer group seen since start (for their %RETRY% routes). */
  knownConsumerGroups(): string[] {
    return [...this.seenGroups].sort();
  }

  /** A consumer group's live members and their subscriptions, by client id (GET_CONSUMER_CONNECTION_LIST). */
  consumerMembers(
    group: string,
  ): { clientId: string; connectionId: string; subscriptions: Subscription[] }[] {
    const clients = this.consumers.get(group)?.clients;
    return [...(clients?.values() ?? [])]
      .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))
      .map((c) => ({
        clientId: c.clientId,
        connectionId: c.connectionId,
        subscriptions: [...c.subscriptions.values()],
      }));
  }

  /** A producer group's live members, by client id (GET_PRODUCER_CONNECTION_LIST). */
  producerMembers(group: string): { clientId: string; connectionId: string }[] {
    const clients = this.producers.get(group);
    return [...(clients?.values() ?? [])]
      .sort((a, b) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0))
      .map((c) => ({ clientId: c.clientId, connectionId: c.connectionId }));
  }

  /** A listener accepted a connection. */
  connectionOpened(connection: RemotingConnection): void {
    this.connections.add(connection);
  }

  /** A connection closed: its clients leave their groups (RocketMQ doChannelCloseEvent). */
  connectionClosed(connectionId: string): void {
    this.connections.remove(connectionId);
    this.dropWhere((e) => e.connectionId === connectionId);
    for (const l of this.closeListeners) l(connectionId);
  }

  /** Calls `listener` whenever a connection closes (e.g. to release the queue locks taken on it). */
  onConnectionClosed(listener: (connectionId: string) => void): void {
    this.closeListeners.push(listener);
  }

  /** Calls `listener` whenever a client unregisters from a consumer group (UNREGISTER_CLIENT). */
  onConsumerUnregistered(listener: (group: string, clientId: string) => void): void {
    this.unregisterListeners.push(listener);
  }

  /**
   * Drops clients silent for longer than `expireMs` (RocketMQ ClientHousekeepingService) and closes
   * their connections; returns the ids of the connections closed.
   */
  expire(): string[] {
    const limit = this.nowMs() - this.expireMs;
    const expired = this.dropWhere((e) => e.lastSeenMs < limit);
    for (const id of expired) this.connections.get(id)?.close();
    return [...expired];
  }

  /** Removes matching clients; reports groups that lost a member; returns their connection ids. */
  private dropWhere(test: (e: ClientChannel) => boolean): Set<string> {
    const dropped = new Set<string>();
    for (const [name, group] of this.consumers) {
      let lost = false;
      for (const [id, e] of group.clients) {
        if (!test(e)) continue;
        group.clients.delete(id);
        dropped.add(e.connectionId);
        lost = true;
      }
      if (group.clients.size === 0) this.consumers.delete(name);
      if (lost) this.changed(name, group);
    }
    for (const [name, byClient] of this.producers) {
      for (const [id, e] of byClient) {
        if (!test(e)) continue;
        byClient.delete(id);
        dropped.add(e.connectionId);
      }
      if (byClient.size === 0) this.producers.delete(name);
    }
    return dropped;
  }

  /** Reports a clustering group's change to the listener with the connections it has left. */
  private changed(name: string, group = this.consumers.get(name)): void {
    if (this.onConsumerIdsChanged === undefined || group === undefined) return;
    if (group.messageModel === 'BROADCASTING' || group.clients.size === 0) return;
    const ids = [...new Set([...group.clients.values()].map((c) => c.connectionId))];
    this.onConsumerIdsChanged(name, ids);
  }

  private connectionsOf(byClient: Map<string, ClientChannel> | undefined): RemotingConnection[] {
    const out: RemotingConnection[] = [];
    for (const id of [...(byClient?.keys() ?? [])].sort()) {
      const c = this.connections.get(byClient?.get(id)?.connectionId ?? '');
      if (c !== undefined && !c.isClosed) out.push(c);
    }
    return out;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Builds a subscription from a subscription expression: "*" or "" is everything, else tags joined by ||. */
export function parseSubscription(
  topic: string,
  subString: string,
  subVersion: number,
  expressionType?: string,
): Subscription {
  const codes = new Set<number>();
  const trimmed = subString.trim();
  // A non-TAG subscription (SQL92) keeps its expression whole and has no tag codes.
  if (expressionType !== undefined && expressionType !== '' && expressionType !== 'TAG')
    return { topic, subString, codes, subVersion, expressionType };
  if (trimmed !== '' && trimmed !== '*') {
    for (const tag of trimmed.split('||')) {
      const t = tag.trim();
      if (t !== '') codes.add(javaStringHash(t));
    }
  }
  return { topic, subString: trimmed, codes, subVersion };
}
