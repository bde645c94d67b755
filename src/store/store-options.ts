import { BrokerError } from '../errors.js';
import type { FdatasyncFn, WriteSyncFn } from './commit-log/commit-log.js';
import type { KeyIndexOptions } from './key-index/key-index.js';
import type { FlushMode, TopicConfigValues } from './types.js';

export interface StoreOptions {
  /** Root of everything the store writes. */
  dataDir: string;
  /** CommitLog segment size in bytes (default 1 GiB). Fixed per segment once created. */
  segmentBytes?: number;
  /** Broker default flush mode (default 'async'); topics override it with `flush.mode`. */
  flushMode?: FlushMode;
  /** Async mode: fsync + checkpoint period (default 1000 ms). */
  flushIntervalMs?: number;
  /** Retention check period (default 60 s). */
  retentionCheckIntervalMs?: number;
  /** Topic default `retention.ms` (default 7 days). */
  retentionMs?: number;
  /** Topic default `retention.bytes` per queue (default -1, unlimited). */
  retentionBytes?: number;
  /** Topic default `max.message.bytes` (default 1048588). */
  maxMessageBytes?: number;
  /** Topic default `message.timestamp.type` (default CreateTime). */
  timestampType?: 'CreateTime' | 'LogAppendTime';
  /** Pending write bytes that trigger an immediate write (default 1 MiB). */
  writeBufferBytes?: number;
  /** Reserve disk blocks for new CommitLog segments with fallocate(1) (default false: sparse files). */
  preallocateSegments?: boolean;
  /** Queue index entries per index file (default 65536, 2.5 MiB). */
  queueIndexEntriesPerFile?: number;
  /** Kafka offsets.retention.ms for committed offsets of groups without members (default 7 days). */
  offsetsRetentionMs?: number;
  /** Clock (ms); tests replace it to drive time retention. */
  nowMs?: () => number;
  /** Fault injection for tests (ENOSPC); defaults to fs.writeSync. */
  writeSync?: WriteSyncFn;
  /** Fault injection for tests (EIO on the commit log's fdatasync); defaults to fs.fdatasync. */
  fdatasync?: FdatasyncFn;
  /**
   * Check each record batch's own CRC-32C (payload 21..end) when reading (default true). The entry header
   * CRC only covers the batch's first 21 bytes, so without this a bit flip in a stored batch is served.
   */
  verifyReadCrc?: boolean;
  /** Key index file geometry (default 131072 slots, 500000 entries per file; docs/formats/key-index.md). */
  keyIndex?: Partial<KeyIndexOptions>;
}

export interface ResolvedStoreOptions {
  dataDir: string;
  segmentBytes: number;
  flushIntervalMs: number;
  retentionCheckIntervalMs: number;
  writeBufferBytes: number;
  preallocateSegments: boolean;
  queueIndexEntriesPerFile: number;
  topicDefaults: TopicConfigValues;
  offsetsRetentionMs: number;
  nowMs: () => number;
  writeSync: WriteSyncFn | undefined;
  fdatasync: FdatasyncFn | undefined;
  verifyReadCrc: boolean;
}

export const DEFAULT_SEGMENT_BYTES = 1024 * 1024 * 1024;
const MIN_SEGMENT_BYTES = 4096;

export function resolveStoreOptions(options: StoreOptions): ResolvedStoreOptions {
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > 2 ** 31 - 1) {
    throw new BrokerError(
      'BRK_ERR_CONFIG_INVALID',
      `segmentBytes must be an integer in [${MIN_SEGMENT_BYTES}, 2^31-1], got ${segmentBytes}`,
    );
  }
  return {
    dataDir: options.dataDir,
    segmentBytes,
    flushIntervalMs: options.flushIntervalMs ?? 1000,
    retentionCheckIntervalMs: options.retentionCheckIntervalMs ?? 60_000,
    writeBufferBytes: options.writeBufferBytes ?? 1024 * 1024,
    preallocateSegments: options.preallocateSegments ?? false,
    queueIndexEntriesPerFile: options.queueIndexEntriesPerFile ?? 65536,
    topicDefaults: {
      retentionMs: options.retentionMs ?? 7 * 24 * 60 * 60 * 1000,
      retentionBytes: options.retentionBytes ?? -1,
      maxMessageBytes: options.maxMessageBytes ?? 1048588,
      timestampType: options.timestampType ?? 'CreateTime',
      flushMode: options.flushMode ?? 'async',
    },
    offsetsRetentionMs: options.offsetsRetentionMs ?? 7 * 24 * 60 * 60 * 1000,
    nowMs: options.nowMs ?? Date.now,
    writeSync: options.writeSync,
    fdatasync: options.fdatasync,
    verifyReadCrc: options.verifyReadCrc ?? true,
  };
}
