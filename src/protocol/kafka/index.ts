export { createKafkaHandlers } from './handlers/index.js';
export { KafkaListener } from './kafka-listener.js';
export type { KafkaServices } from './services.js';
export { GroupCoordinator } from './groups/index.js';
export { ProducerStates, TransactionCoordinator } from './transactions/index.js';
export { decompress as decompressBatchBody } from './codec/compression.js';
