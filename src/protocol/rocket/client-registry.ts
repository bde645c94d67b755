import { javaStringHash } from '../../model/index.js';

/** A consumer's subscription to one topic, from its heartbeat. */
export interface Subscription {
  topic: string;
  subString: string;
  /** Tag hash codes; empty means every message ("*"). */
  codes: Set<number>;
  subVersion: number;
}

interface ConsumerClient {
  clientId: string;
  connectionId: string;
  lastSeenMs: number;
  subscriptions: Map<string, Subscription>;
}

/** Client channels are dropped after this long without a heartbeat (RocketMQ CHANNEL_EXPIRED_TIMEOUT). */
export const CLIENT_EXPIRE_MS = 120_000;

export interface HeartbeatConsumer {
  groupName: string;
  subscriptions: Subscription[];
}

/**
 * Producers and consumers known to this broker, from HEART_BEAT, by group. Consumer lists feed
 * GET_CONSUMER_LIST_BY_GROUP (clients rebalance on them). Groups ever seen are remembered so their
 * `%RETRY%` topic keeps a route.
 */
export class ClientRegistry {
  private readonly consumers = new Map<string, Map<string, ConsumerClient>>();
  private readonly producers = new Map<string, Map<string, { connectionId: string; lastSeenMs: number }>>();
  private readonly seenGroups = new Set<string>();

  constructor(private readonly nowMs: () => number = Date.now) {}

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
      byClient.set(clientId, { connectionId, lastSeenMs: now });
    }
    for (const c of consumers) {
      if (!this.seenGroups.has(c.groupName)) {
        this.seenGroups.add(c.groupName);
        fresh.push(c.groupName);
      }
      let byClient = this.consumers.get(c.groupName);
      if (!byClient) this.consumers.set(c.groupName, (byClient = new Map()));
      byClient.set(clientId, {
        clientId,
        connectionId,
        lastSeenMs: now,
        subscriptions: new Map(c.subscriptions.map((s) => [s.topic, s])),
      });
    }
    return fresh;
  }

  unregister(clientId: string, producerGroup: string | undefined, consumerGroup: string | undefined): void {
    if (producerGroup !== undefined) this.dropFrom(this.producers, producerGroup, clientId);
    if (consumerGroup !== undefined) this.dropFrom(this.consumers, consumerGroup, clientId);
  }

  /** Client ids of a group's live consumers, sorted (clients rebalance on this order). */
  consumerIds(group: string): string[] {
    return [...(this.consumers.get(group)?.keys() ?? [])].sort();
  }

  /** The newest subscription any live consumer of the group holds for the topic. */
  subscription(group: string, topic: string): Subscription | undefined {
    let best: Subscription | undefined;
    for (const c of this.consumers.get(group)?.values() ?? []) {
      const s = c.subscriptions.get(topic);
      if (s && (best === undefined || s.subVersion > best.subVersion)) best = s;
    }
    return best;
  }

  /** Remembers a group without a consumer (its %RETRY% route was asked for before its first heartbeat). */
  rememberGroup(group: string): void {
    this.seenGroups.add(group);
  }

  /** Every consumer group seen since start (for their %RETRY% routes). */
  knownConsumerGroups(): string[] {
    return [...this.seenGroups].sort();
  }

  connectionClosed(connectionId: string): void {
    this.dropWhere((e) => e.connectionId === connectionId);
  }

  expire(): void {
    const limit = this.nowMs() - CLIENT_EXPIRE_MS;
    this.dropWhere((e) => e.lastSeenMs < limit);
  }

  private dropWhere(test: (e: { connectionId: string; lastSeenMs: number }) => boolean): void {
    for (const table of [this.consumers, this.producers] as Map<
      string,
      Map<string, { connectionId: string; lastSeenMs: number }>
    >[]) {
      for (const [group, byClient] of table) {
        for (const [id, e] of byClient) if (test(e)) byClient.delete(id);
        if (byClient.size === 0) table.delete(group);
      }
    }
  }

  private dropFrom<T>(table: Map<string, Map<string, T>>, group: string, clientId: string): void {
    const byClient = table.get(group);
    if (!byClient) return;
    byClient.delete(clientId);
    if (byClient.size === 0) table.delete(group);
  }
}

/** Builds a subscription from a subscription expression: "*" or "" is everything, else tags joined by ||. */
export function parseSubscription(topic: string, subString: string, subVersion: number): Subscription {
  const codes = new Set<number>();
  const trimmed = subString.trim();
  if (trimmed !== '' && trimmed !== '*') {
    for (const tag of trimmed.split('||')) {
      const t = tag.trim();
      if (t !== '') codes.add(javaStringHash(t));
    }
  }
  return { topic, subString: trimmed, codes, subVersion };
}
