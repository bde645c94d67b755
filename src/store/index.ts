export { createMessageStore, DiskMessageStore } from './message-store.js';
export type { RetentionRunResult } from './retention.js';
export { AppendWaiters } from './append-waiters.js';
export { ReadLease } from './read-buffers.js';
export type { StoreOptions } from './store-options.js';
export type { RecoveryStats } from './recovery.js';
export {
  ROCKET_SYSTEM_TOPIC_PREFIXES,
  TOPIC_CONFIG_KEYS,
  topicDirName,
  validateStoreTopicName,
  validateTopicName,
} from './topic-config.js';
export { MAX_QUEUE_COUNT } from './topic-admin.js';
export { keysOf } from './key-index/entry-keys.js';
export * from './types.js';
export {
  ConsumerOffsets,
  DEFAULT_OFFSETS_RETENTION_MS,
  type CommittedOffset,
  type GroupActivityCheck,
  type OffsetCommitEntry,
  type OffsetCommitOutcome,
  type OffsetDeleteOutcome,
  type OffsetKey,
} from './consumer-offsets.js';
