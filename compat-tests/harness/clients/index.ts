/** Every client adapter the scenarios run against. */
import type { ClientName, KafkaClientAdapter } from './client-adapter.js';
import { confluentKafkaJavascriptAdapter } from './confluent-kafka-javascript.js';
import { kafkajsAdapter } from './kafkajs.js';
import { kcatAdapter } from './kcat.js';
import { platformaticAdapter } from './platformatic-kafka.js';
import { confluentKafkaPythonAdapter, kafkaPythonAdapter } from './python-clients.js';

export type { ClientName, KafkaClientAdapter } from './client-adapter.js';

export const ADAPTERS: Readonly<Record<ClientName, KafkaClientAdapter>> = {
  kafkajs: kafkajsAdapter,
  'platformatic-kafka': platformaticAdapter,
  kcat: kcatAdapter,
  'confluent-kafka-python': confluentKafkaPythonAdapter,
  'kafka-python': kafkaPythonAdapter,
  'confluent-kafka-javascript': confluentKafkaJavascriptAdapter,
};

export const ALL_CLIENTS = Object.keys(ADAPTERS) as ClientName[];

/** The adapter, or an error naming why the client cannot run here (tests fail with it, never skip). */
export async function requireClient(name: ClientName): Promise<KafkaClientAdapter> {
  const adapter = ADAPTERS[name];
  const reason = await adapter.unavailableReason();
  if (reason !== null) throw new Error(`client ${name} is unavailable: ${reason}`);
  return adapter;
}
