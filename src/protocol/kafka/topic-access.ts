import type { TopicInfo } from '../../store/index.js';
import type { KafkaServices } from './services.js';

const creating = new WeakMap<KafkaServices, Map<string, Promise<TopicInfo | undefined>>>();

export type EnsureTopicResult =
  { status: 'ok'; topic: TopicInfo } | { status: 'unknown' } | { status: 'invalid-name'; message: string };

const LEGAL = /^[a-zA-Z0-9._-]{1,249}$/;

export function checkTopicName(name: string): string | null {
  if (!LEGAL.test(name)) return `topic name "${name}" must be 1-249 characters of [a-zA-Z0-9._-]`;
  if (name === '.' || name === '..') return `topic name "${name}" is not allowed`;
  return null;
}

/**
 * Finds a topic, creating it with the broker's default queue count when auto-creation applies.
 * Concurrent callers for the same missing topic share one creation, and resume in arrival order.
 */
export async function ensureTopic(
  services: KafkaServices,
  name: string,
  allowAutoCreate: boolean,
): Promise<EnsureTopicResult> {
  const existing = services.store.getTopic(name);
  if (existing) return { status: 'ok', topic: existing };
  if (!allowAutoCreate || !services.config.autoCreateTopics) return { status: 'unknown' };
  const bad = checkTopicName(name);
  if (bad) return { status: 'invalid-name', message: bad };
  let inFlight = creating.get(services);
  if (!inFlight) creating.set(services, (inFlight = new Map()));
  let pending = inFlight.get(name);
  if (!pending) {
    pending = services.store
      .createTopic(name, services.config.defaultPartitions, {})
      .then((r) => (r.status === 'ok' ? r.topic : services.store.getTopic(name)))
      .finally(() => inFlight.delete(name));
    inFlight.set(name, pending);
  }
  const topic = await pending;
  return topic ? { status: 'ok', topic } : { status: 'unknown' };
}

/** The topic with this 16-byte id, if any (Kafka v13+ Fetch and v10+ Metadata name topics by id). */
export function findTopicById(store: KafkaServices['store'], id: Buffer): TopicInfo | undefined {
  for (const t of store.listTopics()) if (t.id.equals(id)) return t;
  return undefined;
}
